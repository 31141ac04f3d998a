/**
 * A supervisor's ruling on a declined Art. 4 lead ticket, on the real local stack (docs/domain.md,
 * "Declines"): 撤销 sends the ticket back pending to the same agency with fresh clocks, 维持 gives
 * the lead to the agency named, refusals change nothing, and the ruling clock escalates only while
 * no ruling exists. Reports are filed and routed through the store with a moved clock; the HTTP
 * cases use the API on the wall clock. Works in 2015, a year no other file's sweep reaches (their
 * clocks stop at 2011), and calls the sweeper's escalation itself, so no sweep touches its tickets.
 */

import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { DAY, HOUR, type Identity, MINUTE, type ReportInput } from "@cp/domain";
import {
  acceptTicket,
  declineTicket,
  escalate,
  getCase,
  keys,
  ruleOnDeclinedTicket,
  type StoreContext,
  type TicketRecord,
} from "@cp/store";
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
  readableAuditEvents,
  reportInput,
  ticketsOfCase,
} from "./sweeper-helpers.ts";

const T0 = new Date("2015-03-05T08:00:00.000Z");
const at = (ms: number, from = T0) => new Date(from.getTime() + ms).toISOString();
/** The escalation test's own days, before every other test's here. */
const SWEEP_T0 = new Date("2015-01-08T08:00:00.000Z");

/** Each test files and routes reports and moves tickets through several transactions. */
const SLOW = 90_000;

const SUPERVISOR: Identity = { sub: "sup.zhou", name: "周督导", roles: ["supervisor"] };

/** A report filed and routed at T0; the lead ticket of `agency` declined 20 minutes later. */
async function declinedLead(
  input: ReportInput,
  agency: "police" | "education" = "police",
  start = T0,
) {
  const clock = new ManualClock(start);
  const { filed, tickets } = await fileAndRoute(clock, input);
  const ctx = storeContext(clock);
  const lead = byAgency(tickets, agency);
  clock.advance(20 * MINUTE);
  await declineTicket(ctx, officerOf(agency), lead.ticketId, {
    reason: "案发地属邻县",
    legalReason: "outside_jurisdiction",
  });
  return { clock, ctx, filed, tickets, lead };
}

const current = async (ctx: StoreContext, caseId: string, ticketId: string) =>
  (await ticketsOfCase(ctx, caseId)).find((t) => t.ticketId === ticketId) as TicketRecord;

describe("撤销: a supervisor overturns a decline", { timeout: SLOW }, () => {
  it.each([
    { danger: false, accept: HOUR },
    { danger: true, accept: 15 * MINUTE },
  ])(
    "police get the ticket back pending, accept clock $accept ms from the ruling (danger: $danger), and accept it",
    async ({ danger, accept }) => {
      const { clock, ctx, filed, lead } = await declinedLead(
        reportInput({ categories: ["sexual_abuse"], immediateDanger: danger }),
      );
      clock.advance(HOUR);
      const ruledAt = clock.now();

      // Act
      const { ticket } = await ruleOnDeclinedTicket(ctx, SUPERVISOR, lead.ticketId, {
        ruling: "overturn",
        reason: "案发地在本辖区，应当立即受理",
      });

      // Assess: the same agency, pending, every clock fresh from the ruling; the ruling clock stopped.
      const fresh = (ms: number) => new Date(ruledAt.getTime() + ms).toISOString();
      expect([ticket.agency, ticket.status, ticket.acceptDueAt, ticket.closeDueAt]).toEqual([
        "police",
        "pending",
        fresh(accept),
        fresh(3 * DAY),
      ]);
      expect(ticket.declinedAt).toBeUndefined();
      expect(ticket.ruling).toEqual({ outcome: "overturn", at: ruledAt.toISOString() });
      expect(ticket.clocks).toEqual([
        {
          id: "decline_ruling",
          startedAt: at(20 * MINUTE),
          dueAt: at(20 * MINUTE + DAY),
          stoppedAt: ruledAt.toISOString(),
          stoppedBy: "decline_ruled",
        },
      ]);
      // One audited event naming the supervisor, the ruling and the reason.
      const ruled = (await readableAuditEvents(ctx, filed.caseId)).filter(
        (e) => e.action === "decline_ruled",
      );
      expect(ruled).toHaveLength(1);
      expect(ruled[0]).toMatchObject({
        actor: { sub: "sup.zhou", roles: ["supervisor"] },
        ticketId: lead.ticketId,
        details: { ruling: "overturn", reason: "案发地在本辖区，应当立即受理", late: false },
      });
      // The police are told, through the dispatcher, that the ticket is theirs again.
      await eventually(
        () => ledgerEntry(ctx, `${lead.ticketId}:decline_overturned`),
        15_000,
        "the overturn notice",
      );

      // A second decline is refused; an acceptance works, and ends the case's wait.
      await expect(
        declineTicket(ctx, officerOf("police"), lead.ticketId, {
          reason: "仍不属本辖区",
          legalReason: "outside_jurisdiction",
        }),
      ).rejects.toMatchObject({ name: "ConflictError" });
      clock.advance(10 * MINUTE);
      const accepted = await acceptTicket(ctx, officerOf("police"), lead.ticketId, {});
      expect(accepted.ticket.status).toBe("accepted");
      expect((await getCase(ctx, SUPERVISOR, filed.caseId)).firstAcceptance).toMatchObject({
        at: clock.now().toISOString(),
        running: false,
      });
    },
  );
});

describe("维持: a supervisor upholds a decline", { timeout: SLOW }, () => {
  // Bullying at school with physical abuse: education leads the bullying, police the abuse.
  const mixed = () =>
    reportInput({ categories: ["bullying", "physical_abuse"], immediateDanger: false });

  it("the agency named gets a new lead ticket, timed from the ruling and notified", async () => {
    const { clock, ctx, filed, lead } = await declinedLead(mixed(), "education");
    clock.advance(HOUR);

    const result = await ruleOnDeclinedTicket(ctx, SUPERVISOR, lead.ticketId, {
      ruling: "uphold",
      reason: "校外发生，由卫健牵头",
      toAgency: "health",
    });

    expect(result.ticket).toMatchObject({
      status: "declined",
      ruling: { outcome: "uphold", toAgency: "health" },
    });
    const created = result.created;
    expect(created).toMatchObject({
      agency: "health",
      kind: "lead",
      status: "pending",
      referredFrom: lead.ticketId,
      acceptDueAt: new Date(clock.now().getTime() + 24 * HOUR).toISOString(),
      routingRule: { ruleId: "ruling" },
    });
    const tickets = await ticketsOfCase(ctx, filed.caseId);
    expect(byAgency(tickets, "police").kind).toBe("lead");
    expect((await auditEvents(ctx, filed.caseId)).map((e) => e.action)).toEqual(
      expect.arrayContaining(["decline_ruled", "ticket_created"]),
    );
    await eventually(
      () => ledgerEntry(ctx, created?.ticketId as string),
      15_000,
      "the new lead's notice",
    );
  });

  it("an agency with an open support ticket has it made the lead", async () => {
    const { clock, ctx, filed, tickets, lead } = await declinedLead(mixed(), "education");
    const support = byAgency(tickets, "civil_affairs");
    expect(support.kind).toBe("support");
    clock.advance(HOUR);

    const result = await ruleOnDeclinedTicket(ctx, SUPERVISOR, lead.ticketId, {
      ruling: "uphold",
      reason: "监护缺失为主，由民政牵头",
      toAgency: "civil_affairs",
    });

    expect(result.created).toBeUndefined();
    const upgraded = await current(ctx, filed.caseId, support.ticketId);
    expect([upgraded.kind, upgraded.version]).toEqual(["lead", support.version + 1]);
    expect((await auditEvents(ctx, filed.caseId)).at(-1)).toMatchObject({
      action: "ticket_upgraded",
      ticketId: support.ticketId,
      details: { byRulingOn: lead.ticketId, kind: { from: "support", to: "lead" } },
    });
  });
});

describe("refused rulings change nothing", { timeout: SLOW }, () => {
  it.each<{
    why: string;
    act: (ctx: StoreContext, ticketId: string) => Promise<unknown>;
    error: string;
  }>([
    {
      why: "upholding police's decline would leave the Art. 4 case without a police lead",
      act: (ctx, id) =>
        ruleOnDeclinedTicket(ctx, SUPERVISOR, id, {
          ruling: "uphold",
          reason: "由民政处理",
          toAgency: "civil_affairs",
        }),
      error: "InvalidInputError",
    },
    {
      why: "an officer rules",
      act: (ctx, id) =>
        ruleOnDeclinedTicket(ctx, officerOf("civil_affairs"), id, {
          ruling: "overturn",
          reason: "x",
        }),
      error: "NotFoundError",
    },
  ])("when $why", async ({ act, error }) => {
    const { ctx, filed, lead } = await declinedLead(
      reportInput({ categories: ["abandonment"], immediateDanger: false }),
    );
    const before = await current(ctx, filed.caseId, lead.ticketId);
    const eventsBefore = (await auditEvents(ctx, filed.caseId)).length;

    await expect(act(ctx, lead.ticketId)).rejects.toMatchObject({ name: error });

    expect(await current(ctx, filed.caseId, lead.ticketId)).toEqual(before);
    expect(
      (await auditEvents(ctx, filed.caseId)).filter((e) => e.action !== "access_denied"),
    ).toHaveLength(eventsBefore);
  });

  it("a ruling is given once, never on a ticket not awaiting one, never after acceptance", async () => {
    const { clock, ctx, filed, tickets, lead } = await declinedLead(
      reportInput({ categories: ["missing_or_trafficked"], immediateDanger: false }),
    );
    const overturn = { ruling: "overturn", reason: "应当受理" } as const;
    // Never declined: the civil-affairs support ticket awaits no ruling.
    await expect(
      ruleOnDeclinedTicket(ctx, SUPERVISOR, byAgency(tickets, "civil_affairs").ticketId, overturn),
    ).rejects.toMatchObject({ name: "ConflictError", message: /not awaiting a ruling/ });

    await ruleOnDeclinedTicket(ctx, SUPERVISOR, lead.ticketId, overturn);
    const once = await current(ctx, filed.caseId, lead.ticketId);
    await expect(
      ruleOnDeclinedTicket(ctx, SUPERVISOR, lead.ticketId, overturn),
    ).rejects.toMatchObject({ name: "ConflictError", message: /already ruled/ });
    clock.advance(MINUTE);
    await acceptTicket(ctx, officerOf("police"), lead.ticketId, {});
    await expect(
      ruleOnDeclinedTicket(ctx, SUPERVISOR, lead.ticketId, overturn),
    ).rejects.toMatchObject({ name: "ConflictError" });
    const after = await current(ctx, filed.caseId, lead.ticketId);
    expect([after.status, after.version, after.ruling]).toEqual([
      "accepted",
      once.version + 1,
      once.ruling,
    ]);
    expect(
      (await auditEvents(ctx, filed.caseId)).filter((e) => e.action === "decline_ruled"),
    ).toHaveLength(1);
  });

  it("over HTTP: officers are refused (403), a ruling without a reason is 400 naming the field", async () => {
    const { lead } = await declinedLead(
      reportInput({ categories: ["organised_begging"], immediateDanger: false }),
    );
    const path = `/v1/tickets/${lead.ticketId}/ruling`;
    const asOfficer = await api("POST", path, {
      as: "officer.police",
      body: { ruling: "overturn", reason: "自行撤销" },
    });
    expect(asOfficer.status).toBe(403);
    const noReason = await api<{ errors: { path: string }[] }>("POST", path, {
      as: "supervisor.wang",
      body: { ruling: "overturn" },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.headers.get("content-type")).toContain("application/problem+json");
    expect(noReason.body.errors.map((e) => e.path)).toContain("reason");
    // The list of declines awaiting a ruling holds it, with 维持 ruled out (police would be gone).
    const list = await api<{ items: { ticket: { ticketId: string }; upholdAllowed: boolean }[] }>(
      "GET",
      "/v1/tickets/awaiting-ruling",
      { as: "supervisor.wang" },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.find((i) => i.ticket.ticketId === lead.ticketId)).toMatchObject({
      upholdAllowed: false,
    });
    // A well-formed ruling over HTTP, and the list no longer holds it.
    const ruled = await api<{ ticket: { status: string } }>("POST", path, {
      as: "supervisor.wang",
      body: { ruling: "overturn", reason: "应当立即受理" },
    });
    expect([ruled.status, ruled.body.ticket.status]).toEqual([200, "pending"]);
    const again = await api<{ items: { ticket: { ticketId: string } }[] }>(
      "GET",
      "/v1/tickets/awaiting-ruling",
      { as: "supervisor.wang" },
    );
    expect(again.body.items.map((i) => i.ticket.ticketId)).not.toContain(lead.ticketId);
  });
});

describe("the ruling clock", { timeout: SLOW }, () => {
  it("escalates a decline nobody ruled on, and not one that was ruled on", async () => {
    const abuse = () => reportInput({ categories: ["physical_abuse"], immediateDanger: false });
    const waiting = await declinedLead(abuse(), "police", SWEEP_T0);
    const ruled = await declinedLead(abuse(), "police", SWEEP_T0);
    const rulingDue = at(20 * MINUTE + DAY, SWEEP_T0);
    // What a sweep that read the due list before the ruling holds: the ticket as declined.
    const seenBeforeRuling = await current(ruled.ctx, ruled.filed.caseId, ruled.lead.ticketId);
    await ruleOnDeclinedTicket(ruled.ctx, SUPERVISOR, ruled.lead.ticketId, {
      ruling: "overturn",
      reason: "应当受理",
    });

    // Act: the sweeper's escalation of each, a minute after the ruling was due.
    const late = storeContext(new ManualClock(new Date(Date.parse(rulingDue) + MINUTE)));
    const outcomes = [
      await escalate(late, {
        type: "ticket",
        ticket: await current(waiting.ctx, waiting.filed.caseId, waiting.lead.ticketId),
      }),
      await escalate(late, { type: "ticket", ticket: seenBeforeRuling }),
    ];

    // Assess: the unruled decline is escalated on its ruling clock; the ruled one is not, and
    // the due list no longer holds its ruling due time (its running clock is now accept).
    expect(outcomes).toEqual(["escalated", "stopped"]);
    expect(await escalationRecord(late, waiting.lead.ticketId, rulingDue)).toMatchObject({
      clock: "decline_ruling",
      ticketId: waiting.lead.ticketId,
    });
    expect(await escalationRecord(late, ruled.lead.ticketId, rulingDue)).toBeUndefined();
    const stored = await late.clients.ddb.send(
      new GetCommand({
        TableName: late.config.mainTableName,
        Key: keys.ticket(ruled.lead.ticketId),
        ConsistentRead: true,
      }),
    );
    expect(stored.Item?.gsi3sk).toBe(`${at(80 * MINUTE, SWEEP_T0)}#${ruled.lead.ticketId}`);
  });
});
