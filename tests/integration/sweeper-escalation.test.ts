/**
 * The sweeper's escalations with a moved clock: a ticket past a due time is escalated exactly
 * once per due time — even by two sweeps at once — with its audit event and one notice to the
 * supervisors; a report without reporter feedback after 3 days escalates the same way. Works in
 * 2007 (see sweeper-helpers.ts).
 */
import { DAY, MINUTE, verifyChain } from "@cp/domain";
import { acceptTicket, recordAction, sweep } from "@cp/store";
import { describe, expect, it } from "vitest";
import { api, eventually, storeContext } from "../support/api.ts";
import {
  auditEvents,
  byAgency,
  escalationRecord,
  fileAndRoute,
  ledgerEntry,
  ManualClock,
  officerOf,
  reportInput,
} from "./sweeper-helpers.ts";

const T0 = new Date("2007-06-01T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

const overdueEventsOf = async (caseId: string, ticketId: string) =>
  (await auditEvents(storeContext(), caseId)).filter(
    (e) => e.action === "ticket_overdue" && e.ticketId === ticketId,
  );

describe("overdue tickets", () => {
  it("are not escalated before their due time", async () => {
    // Prepare
    const clock = new ManualClock(T0);
    const { filed, tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["bullying"], immediateDanger: false }),
    );
    const education = byAgency(tickets, "education");

    // Act: exactly at the due time, a ticket is not yet late.
    clock.set(education.acceptDueAt);
    await sweep(storeContext(clock), { only: ["due"] });

    // Assess
    expect(await escalationRecord(storeContext(), education.ticketId, education.acceptDueAt)).toBe(
      undefined,
    );
    expect(await overdueEventsOf(filed.caseId, education.ticketId)).toHaveLength(0);
  });

  it("are escalated exactly once per due time when two sweeps run at once", async () => {
    // Prepare: police must accept within 15 minutes; the clock moves past that.
    const clock = new ManualClock(T0);
    const { filed, tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger: true }),
    );
    const police = byAgency(tickets, "police");
    expect(police.acceptDueAt).toBe(at(15 * MINUTE));
    clock.set(at(16 * MINUTE));

    // Act: two sweepers, each with its own clients, at the same moment; then a third later.
    const [a, b] = await Promise.all([
      sweep(storeContext(clock), { only: ["due"] }),
      sweep(storeContext(clock), { only: ["due"] }),
    ]);
    clock.advance(MINUTE);
    await sweep(storeContext(clock), { only: ["due"] });

    // Assess: one escalation record, one audit event, one supervisors' notice; the chain holds.
    expect(a.overdueTickets.due).toBeGreaterThanOrEqual(1);
    expect(b.overdueTickets.due).toBeGreaterThanOrEqual(1);
    const record = await escalationRecord(storeContext(), police.ticketId, police.acceptDueAt);
    expect(record).toMatchObject({ clock: "accept", dueAt: police.acceptDueAt, agency: "police" });
    expect(record?.notifiedAt).toBeDefined();
    const events = await overdueEventsOf(filed.caseId, police.ticketId);
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({ clock: "accept", dueAt: police.acceptDueAt });
    expect(verifyChain(await auditEvents(storeContext(), filed.caseId)).valid).toBe(true);
    const noticeId = `escalation:${police.ticketId}#${police.acceptDueAt}`;
    const notice = await eventually(
      () => ledgerEntry(storeContext(), noticeId),
      15_000,
      "the supervisors' notice",
    );
    expect(notice).toMatchObject({
      event: "ticket_overdue",
      audience: "supervisors",
      referenceNo: filed.referenceNo,
      dueAt: police.acceptDueAt,
    });
  });

  it("are escalated again for each new due time: late acceptance, then the close clock, then the extension", async () => {
    // Prepare
    const clock = new ManualClock(T0);
    const { filed, tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger: false }),
    );
    const police = byAgency(tickets, "police");
    const ctx = () => storeContext(clock);

    // Act: late to accept (due 1 h) → escalated; accepted; late to close (3 d) → escalated;
    // extended to 7 d → quiet until then → escalated once more.
    clock.set(at(2 * 60 * MINUTE));
    await sweep(ctx(), { only: ["due"] });
    await acceptTicket(ctx(), officerOf("police"), police.ticketId, {});
    await sweep(ctx(), { only: ["due"] });
    clock.set(at(3 * DAY + MINUTE));
    await sweep(ctx(), { only: ["due"] });
    await recordAction(ctx(), officerOf("police"), police.ticketId, {
      type: "extend",
      note: "立案审查延长",
      dueAt: at(7 * DAY),
    });
    await sweep(ctx(), { only: ["due"] });
    const beforeExtendedDue = (await overdueEventsOf(filed.caseId, police.ticketId)).length;
    clock.set(at(7 * DAY + MINUTE));
    await sweep(ctx(), { only: ["due"] });
    await sweep(ctx(), { only: ["due"] });

    // Assess
    expect(beforeExtendedDue).toBe(2);
    const events = await overdueEventsOf(filed.caseId, police.ticketId);
    expect(events.map((e) => [e.details.clock, e.details.dueAt])).toEqual([
      ["accept", at(60 * MINUTE)],
      ["close", at(3 * DAY)],
      ["close", at(7 * DAY)],
    ]);
  });

  it("shows the escalations to supervisors through GET /v1/notifications, and not to agencies", async () => {
    // Prepare
    const clock = new ManualClock(T0);
    const { filed, tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["dropout"], immediateDanger: false }),
    );
    const education = byAgency(tickets, "education");
    clock.set(at(25 * 60 * MINUTE));

    // Act
    await sweep(storeContext(clock), { only: ["due"] });

    // Assess
    type Item = { caseId: string; event: string; ticketId?: string };
    const mine = (items: Item[]) =>
      items.filter((n) => n.caseId === filed.caseId && n.event === "ticket_overdue");
    const page = await eventually(
      async () => {
        const res = await api<{ items: Item[] }>("GET", "/v1/notifications?limit=100", {
          as: "supervisor.wang",
        });
        return mine(res.body.items).length >= 2 ? res.body.items : undefined;
      },
      15_000,
      "supervisors' notifications",
    );
    expect(
      mine(page)
        .map((n) => n.ticketId)
        .sort(),
    ).toEqual(tickets.map((t) => t.ticketId).sort());
    expect(mine(page).some((n) => n.ticketId === education.ticketId)).toBe(true);
    const asEducation = await api<{ items: Item[] }>("GET", "/v1/notifications?limit=100", {
      as: "officer.education",
    });
    expect(asEducation.status).toBe(200);
    expect(mine(asEducation.body.items)).toHaveLength(0);
    const elsewhere = await api("GET", "/v1/notifications?agency=police", {
      as: "officer.education",
    });
    expect(elsewhere.status).toBe(403);
    const reporter = await api("GET", "/v1/notifications", { as: "teacher.li" });
    expect(reporter.status).toBe(403);
    const tooMany = await api<{ errors: { path: string }[] }>(
      "GET",
      "/v1/notifications?limit=500",
      {
        as: "supervisor.wang",
      },
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0]?.path).toContain("limit");
  });
});

describe("reporter feedback", () => {
  it("a report with no feedback after 3 days is escalated once, audited, and its clock retired", async () => {
    // Prepare
    const clock = new ManualClock(T0);
    const { filed } = await fileAndRoute(
      clock,
      reportInput({ categories: ["dropout"], immediateDanger: false }),
    );
    const dueAt = at(3 * DAY);

    // Act: just before 3 days nothing happens; after, two sweeps at once, then another.
    clock.set(at(3 * DAY - MINUTE));
    await sweep(storeContext(clock), { only: ["feedback"] });
    const early = await escalationRecord(storeContext(), filed.reportId, dueAt);
    clock.set(at(3 * DAY + MINUTE));
    await Promise.all([
      sweep(storeContext(clock), { only: ["feedback"] }),
      sweep(storeContext(clock), { only: ["feedback"] }),
    ]);
    await sweep(storeContext(clock), { only: ["feedback"] });

    // Assess
    expect(early).toBe(undefined);
    const events = (await auditEvents(storeContext(), filed.caseId)).filter(
      (e) => e.action === "reporter_feedback_overdue",
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({ reportId: filed.reportId, dueAt });
    expect(await escalationRecord(storeContext(), filed.reportId, dueAt)).toMatchObject({
      clock: "reporter_feedback",
      notifiedAt: expect.any(String),
    });
    const notice = await eventually(
      () => ledgerEntry(storeContext(), `escalation:${filed.reportId}#${dueAt}`),
      15_000,
      "the supervisors' notice",
    );
    expect(notice).toMatchObject({ event: "reporter_feedback_overdue", audience: "supervisors" });
  });

  it("a report whose reporter was fed back is not escalated", async () => {
    // Prepare: the education office accepts and calls the reporter on day 2.
    const clock = new ManualClock(T0);
    const { filed, tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["bullying"], immediateDanger: false }),
    );
    const education = byAgency(tickets, "education");
    clock.set(at(2 * DAY));
    await acceptTicket(storeContext(clock), officerOf("education"), education.ticketId, {});
    await recordAction(storeContext(clock), officerOf("education"), education.ticketId, {
      type: "reporter_feedback",
      note: "已电话告知报告人处理进展",
    });

    // Act
    clock.set(at(3 * DAY + MINUTE));
    const report = await sweep(storeContext(clock), { only: ["feedback"] });

    // Assess
    expect(report.reporterFeedback.stopped).toBeGreaterThanOrEqual(1);
    expect(await escalationRecord(storeContext(), filed.reportId, at(3 * DAY))).toBe(undefined);
    const actions = (await auditEvents(storeContext(), filed.caseId)).map((e) => e.action);
    expect(actions).toContain("ticket_action");
    expect(actions).not.toContain("reporter_feedback_overdue");
  });
});
