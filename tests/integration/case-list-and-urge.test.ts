/**
 * The supervisors' case list and 催办 over HTTP on the local stack. Two cases in a township no
 * other test uses: one filed two hours ago whose police ticket is past its 15-minute accept
 * clock, one filed now. The list filters by status, agency, township and overdue, shows nothing
 * of the child, and is the supervisors' alone; urging the overdue ticket writes one audit event
 * naming the supervisor and the ticket, reaches the police through dispatch, and a second urge
 * within the hour is refused without a second event.
 */
import { HOUR, ManualClock, type ReportInput } from "@cp/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { api, eventually, storeContext } from "../support/api.ts";
import { auditEvents, byAgency, fileAndRoute, reportInput } from "./sweeper-helpers.ts";

const HAN = "东南西北中上下金木水火土";
const township = `测试${Array.from({ length: 4 }, () => HAN[Math.floor(Math.random() * HAN.length)]).join("")}乡`;

const inTownship = (input: ReportInput): ReportInput => ({
  ...input,
  children: input.children.map((c) => ({ ...c, township })),
});

interface Row {
  caseId: string;
  referenceNo: string;
  status: string;
  agencies: string[];
  townships: string[];
  overdue?: { ticketId: string; agency: string; clock: string; dueAt: string; lateMs: number };
}
type Listing = { items: Row[]; nextCursor?: string };

/**
 * Every row of a filtered listing: a page holds what one read found, so the rows sought may lie
 * behind pages of other tests' cases (some are dated years ahead, and the list is newest first).
 */
async function list(query: string, as = "supervisor.wang") {
  const items: Row[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 500; page++) {
    const res = await api<Listing>(
      "GET",
      `/v1/cases?limit=100&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { as },
    );
    if (res.status !== 200) return { status: res.status, body: { items } };
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  return { status: 200, body: { items } };
}

let late: { caseId: string; ticketId: string; childName: string };
let recent: { caseId: string; ticketId: string };

beforeAll(async () => {
  const past = await fileAndRoute(
    new ManualClock(new Date(Date.now() - 2 * HOUR)),
    inTownship(reportInput({ categories: ["physical_abuse"], immediateDanger: true })),
  );
  const now = await fileAndRoute(
    new ManualClock(new Date()),
    inTownship(reportInput({ categories: ["physical_abuse"], immediateDanger: true })),
  );
  late = {
    caseId: past.filed.caseId,
    ticketId: byAgency(past.tickets, "police").ticketId,
    childName: reportInput().children[0]?.name ?? "小明",
  };
  recent = { caseId: now.filed.caseId, ticketId: byAgency(now.tickets, "police").ticketId };
}, 60_000);

describe("the case list", () => {
  it("filters by township and status, newest first, with nothing of the child", async () => {
    const res = await list(`township=${encodeURIComponent(township)}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((r) => r.caseId)).toEqual([recent.caseId, late.caseId]);
    expect(res.body.items.every((r) => r.status === "open" && r.townships.includes(township))).toBe(
      true,
    );
    expect(JSON.stringify(res.body)).not.toContain(late.childName);
    expect(JSON.stringify(res.body)).not.toMatch(/idNumber|birthDate|village/);

    const closed = await list(`status=closed&township=${encodeURIComponent(township)}`);
    expect(closed.body.items).toEqual([]);
    const police = await list(`agency=police&township=${encodeURIComponent(township)}`);
    expect(police.body.items).toHaveLength(2);
    const court = await list(`agency=court&township=${encodeURIComponent(township)}`);
    expect(court.body.items).toEqual([]);
  });

  it("lists the overdue tickets, naming the clock that ran out", async () => {
    const res = await list(`overdue=true&township=${encodeURIComponent(township)}`);
    expect(res.status).toBe(200);
    const police = res.body.items.filter((r) => r.overdue?.agency === "police");
    expect(police).toHaveLength(1);
    expect(police[0]?.caseId).toBe(late.caseId);
    expect(police[0]?.overdue).toMatchObject({ ticketId: late.ticketId, clock: "accept" });
    expect(police[0]?.overdue?.lateMs).toBeGreaterThan(HOUR);
    expect(res.body.items.some((r) => r.caseId === recent.caseId)).toBe(false);
  });

  it("is the supervisors' alone, and refuses a bad filter by name", async () => {
    expect((await list("status=open", "officer.police")).status).toBe(403);
    const bad = await api<{ errors: { path: string }[] }>("GET", "/v1/cases?status=lost", {
      as: "supervisor.wang",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path).join()).toContain("status");
  });
});

describe("催办", () => {
  it("notifies the agency, is audited once, and is limited to once an hour", async () => {
    const urge = await api<{ ticketId: string; clock: string; nextUrgeAt: string }>(
      "POST",
      `/v1/tickets/${late.ticketId}/urge`,
      { as: "supervisor.wang", body: {} },
    );
    expect(urge.status).toBe(201);
    expect(urge.body).toMatchObject({ ticketId: late.ticketId, clock: "accept" });

    const again = await api("POST", `/v1/tickets/${late.ticketId}/urge`, {
      as: "supervisor.wang",
      body: {},
    });
    expect(again.status).toBe(409);

    const urged = (await auditEvents(storeContext(), late.caseId)).filter(
      (e) => e.action === "ticket_urged",
    );
    expect(urged).toHaveLength(1);
    expect(urged[0]).toMatchObject({
      ticketId: late.ticketId,
      actor: { sub: "supervisor.wang", roles: ["supervisor"] },
      details: { agency: "police", clock: "accept" },
    });

    const notice = await eventually(
      async () => {
        const res = await api<{ items: { event: string; ticketId?: string; clock?: string }[] }>(
          "GET",
          "/v1/notifications?limit=100",
          { as: "officer.police" },
        );
        return res.body.items.find(
          (n) => n.event === "ticket_urged" && n.ticketId === late.ticketId,
        );
      },
      15_000,
      "the police's urge notice",
    );
    expect(notice.clock).toBe("accept");
  });

  it("is refused for a ticket not overdue, and for anyone but a supervisor", async () => {
    const early = await api("POST", `/v1/tickets/${recent.ticketId}/urge`, {
      as: "supervisor.wang",
      body: {},
    });
    expect(early.status).toBe(409);
    const officer = await api("POST", `/v1/tickets/${late.ticketId}/urge`, {
      as: "officer.police",
      body: {},
    });
    expect(officer.status).toBe(403);
    const events = await auditEvents(storeContext(), recent.caseId);
    expect(events.some((e) => e.action === "ticket_urged")).toBe(false);
  });
});
