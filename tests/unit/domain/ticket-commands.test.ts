import {
  ConflictError,
  DAY,
  DEFAULT_SLA_POLICY,
  decideTicketCommand,
  ForbiddenError,
  HOUR,
  type Identity,
  InvalidInputError,
  MINUTE,
  PreconditionFailedError,
  relatedTicketIds,
  type Ticket,
  type TicketCase,
  type TicketCommandInput,
  type TicketState,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const T0 = Date.parse("2026-05-02T08:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const NOW = new Date(T0 + 2 * HOUR);
const clock = { now: NOW, newId: () => "t-new" };

const officer = (agency: NonNullable<Identity["agency"]>): Identity => ({
  sub: `${agency}-officer`,
  name: "x",
  roles: ["officer"],
  agency,
});
const SUPERVISOR: Identity = { sub: "sup", name: "x", roles: ["supervisor"] };

function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    ticketId: "t-ca",
    caseId: "c-1",
    referenceNo: "CP-1",
    agency: "civil_affairs",
    kind: "lead",
    status: "pending",
    createdAt: at(0),
    acceptDueAt: at(HOUR),
    closeDueAt: at(7 * DAY),
    extendableUntil: at(30 * DAY),
    extended: false,
    routingRule: { tableVersion: 1, ruleId: "r", reason: "r", alsoMatched: [] },
    slaRules: ["r"],
    categories: ["guardianship_failure"],
    townships: ["建塘镇"],
    immediateDanger: false,
    version: 3,
    ...over,
  };
}

function kase(over: Partial<TicketCase> = {}): TicketCase {
  return {
    caseId: "c-1",
    referenceNo: "CP-1",
    status: "open",
    categories: ["guardianship_failure"],
    townships: ["建塘镇"],
    immediateDanger: false,
    agencies: ["civil_affairs", "procuratorate"],
    openTickets: {
      civil_affairs: { ticketId: "t-ca", kind: "lead" },
      procuratorate: { ticketId: "t-proc", kind: "oversight" },
    },
    ...over,
  };
}

const state = (
  t: Ticket = ticket(),
  k: TicketCase = kase(),
  related: Ticket[] = [],
): TicketState<TicketCase> => ({ ticket: t, kase: k, related });

type Cmd = TicketCommandInput;
const decide = (s: TicketState<TicketCase>, command: Cmd) =>
  decideTicketCommand(s, command, DEFAULT_SLA_POLICY, clock);

/** The error a call throws (and that it throws one). */
function errorOf(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

/** The fields an InvalidInputError names (and that the error is one). */
function fieldOf(e: Error): string[] {
  expect(e).toBeInstanceOf(InvalidInputError);
  return (e as InvalidInputError).issues.map((p) => p.path);
}

const CA = officer("civil_affairs");

describe("every command", () => {
  it("refuses a stale version (If-Match) before anything else", () => {
    const e = errorOf(() =>
      decide(state(), { type: "accept", body: {}, who: CA, expectedVersion: 2 }),
    );
    expect(e).toBeInstanceOf(PreconditionFailedError);
    expect(e.message).toContain("version 3, not 2");
  });

  it("refuses a command the ticket's state does not allow", () => {
    const accepted = ticket({ status: "accepted" });
    expect(
      errorOf(() => decide(state(accepted), { type: "accept", body: {}, who: CA })),
    ).toBeInstanceOf(ConflictError);
    expect(
      errorOf(() =>
        decide(state(), {
          type: "close",
          body: { outcome: "kinship_care", summary: "s" },
          who: CA,
        }),
      ),
    ).toBeInstanceOf(ConflictError);
  });

  it("moves the ticket to the next version", () => {
    const c = decide(state(), { type: "accept", body: {}, who: CA, expectedVersion: 3 });
    expect(c.ticket.before.version).toBe(3);
    expect(c.ticket.after.version).toBe(4);
  });
});

describe("accept", () => {
  it("accepts, records the case's first acceptance and judges lateness", () => {
    const c = decide(state(), { type: "accept", body: { note: "到" }, who: CA });
    expect(c.ticket.after).toMatchObject({ status: "accepted", acceptedAt: NOW.toISOString() });
    expect(c.kase.firstAcceptedAt).toBe(NOW.toISOString());
    expect(c.caseStatus).toBe("unchanged");
    expect(c.events).toEqual([
      {
        actor: { sub: CA.sub, roles: ["officer"], agency: "civil_affairs" },
        action: "ticket_accepted",
        ticketId: "t-ca",
        details: { acceptDueAt: at(HOUR), late: true, note: "到" },
      },
    ]);
    expect(c.notices).toEqual([]);
  });

  it("keeps an earlier first acceptance, and is not late before the due time", () => {
    const early = ticket({ acceptDueAt: at(3 * HOUR) });
    const c = decide(state(early, kase({ firstAcceptedAt: at(MINUTE) })), {
      type: "accept",
      body: {},
      who: CA,
    });
    expect(c.kase.firstAcceptedAt).toBe(at(MINUTE));
    expect(c.events[0]?.details).toEqual({ acceptDueAt: at(3 * HOUR), late: false });
  });
});

describe("decline", () => {
  it("without a suggestion: declined, supervisors alerted with the new version, the case closes", () => {
    const c = decide(state(), { type: "decline", body: { reason: "不属实" }, who: CA });
    expect(c.ticket.after).toMatchObject({ status: "declined", declinedAt: NOW.toISOString() });
    expect(c.kase.openTickets).toEqual({
      procuratorate: { ticketId: "t-proc", kind: "oversight" },
    });
    expect(c.caseStatus).toBe("closing");
    expect(c.kase).toMatchObject({ status: "closed", closedAt: NOW.toISOString() });
    expect(c.events.map((e) => e.action)).toEqual([
      "ticket_declined",
      "supervisor_alerted",
      "case_closed",
    ]);
    expect(c.events.at(-1)?.details).toEqual({ lastTicketId: "t-ca" });
    expect(c.notices).toEqual([
      {
        to: "supervisors",
        notice: {
          event: "ticket_declined",
          ticketId: "t-ca",
          caseId: "c-1",
          referenceNo: "CP-1",
          agency: "civil_affairs",
          noticeId: "t-ca:ticket_declined:4",
        },
      },
    ]);
  });

  it("with a suggestion: transfers to a new pending ticket of that agency, which is told", () => {
    const c = decide(state(), {
      type: "decline",
      body: { reason: "学校事务", suggestAgency: "education" },
      who: CA,
    });
    expect(c.created).toMatchObject({
      ticketId: "t-new",
      agency: "education",
      kind: "lead",
      status: "pending",
      referredFrom: "t-ca",
      version: 1,
      routingRule: { tableVersion: 0, ruleId: "transfer" },
    });
    expect(c.kase.openTickets.education).toEqual({ ticketId: "t-new", kind: "lead" });
    expect(c.kase.agencies).toContain("education");
    expect(c.caseStatus).toBe("unchanged");
    expect(c.events.map((e) => e.action)).toEqual(["ticket_declined", "ticket_created"]);
    expect(c.events[0]?.details).toMatchObject({ transferredTo: "education" });
    expect(c.notices).toHaveLength(1);
    expect(c.notices[0]).toMatchObject({
      to: "agency",
      message: { event: "ticket_created", agency: "education", noticeId: "t-new" },
    });
  });

  it("refuses a transfer to its own agency (naming the field) or to one holding a ticket", () => {
    const own = errorOf(() =>
      decide(state(), {
        type: "decline",
        body: { reason: "r", suggestAgency: "civil_affairs" },
        who: CA,
      }),
    );
    expect(own).toBeInstanceOf(InvalidInputError);
    expect(fieldOf(own)).toEqual(["suggestAgency"]);
    const held = errorOf(() =>
      decide(state(), {
        type: "decline",
        body: { reason: "r", suggestAgency: "procuratorate" },
        who: CA,
      }),
    );
    expect(held).toBeInstanceOf(ConflictError);
  });

  const art4Lead = ticket({ agency: "police", ticketId: "t-pol", categories: ["sexual_abuse"] });
  const art4Case = kase({
    categories: ["sexual_abuse"],
    openTickets: { police: { ticketId: "t-pol", kind: "lead" } },
  });
  const POLICE = officer("police");

  it("an Art. 4 lead needs a legal reason", () => {
    const e = errorOf(() =>
      decide(state(art4Lead, art4Case), { type: "decline", body: { reason: "r" }, who: POLICE }),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(fieldOf(e)).toEqual(["legalReason"]);
  });

  it("an Art. 4 lead declined for a legal reason starts the ruling clock and alerts supervisors", () => {
    const c = decide(state(art4Lead, art4Case), {
      type: "decline",
      body: { reason: "r", legalReason: "outside_jurisdiction", suggestAgency: "civil_affairs" },
      who: POLICE,
    });
    expect(c.ticket.after.clocks).toEqual([
      { id: "decline_ruling", startedAt: NOW.toISOString(), dueAt: expect.any(String) },
    ]);
    expect(c.events[0]?.details).toMatchObject({
      legalReason: "outside_jurisdiction",
      awaitsSupervisorRuling: true,
    });
    expect(c.notices.map((n) => n.to)).toEqual(["agency", "supervisors"]);
    expect(c.notices[1]).toMatchObject({
      notice: { event: "art4_lead_declined", noticeId: "t-pol:art4_lead_declined:4" },
    });
  });

  it("refuses to decline again a ticket whose decline a supervisor overturned", () => {
    const overturned = ticket({ ruling: { outcome: "overturn", at: at(HOUR) } });
    expect(
      errorOf(() => decide(state(overturned), { type: "decline", body: { reason: "r" }, who: CA })),
    ).toBeInstanceOf(ConflictError);
  });
});

describe("action", () => {
  const POLICE = officer("police");
  const police = ticket({ ticketId: "t-pol", agency: "police", status: "accepted" });
  const policeCase = kase({
    agencies: ["police", "procuratorate"],
    openTickets: {
      police: { ticketId: "t-pol", kind: "lead" },
      procuratorate: { ticketId: "t-proc", kind: "oversight" },
    },
  });
  const act = (
    body: Extract<Cmd, { type: "action" }>["body"],
    t = police,
    k = policeCase,
    r: Ticket[] = [],
  ) => decide(state(t, k, r), { type: "action", body, who: POLICE });

  it("refuses a measure that is not the agency's, naming the field", () => {
    const e = errorOf(() => act({ type: "kinship_care", note: "n" }));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(fieldOf(e)).toEqual(["type"]);
  });

  it("refuses a measure dated before the ticket existed", () => {
    const e = errorOf(() => act({ type: "dispatched", note: "n", occurredAt: at(-HOUR) }));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(fieldOf(e)).toEqual(["occurredAt"]);
  });

  it("records a measure; a 告诫书 starts its follow-up clock and the visit stops it", () => {
    const c = act({ type: "warning_letter", note: "n", occurredAt: at(HOUR) });
    expect(c.ticket.after.status).toBe("accepted");
    expect(c.events[0]).toMatchObject({
      action: "ticket_action",
      details: {
        type: "warning_letter",
        occurredAt: at(HOUR),
        clocksStarted: ["warning_letter_follow_up"],
      },
    });
    const visited = act({ type: "follow_up_visit", note: "n" }, c.ticket.after);
    expect(visited.events[0]?.details).toMatchObject({
      clocksStopped: ["warning_letter_follow_up"],
    });
    expect(visited.ticket.after.clocks?.[0]).toMatchObject({
      stoppedAt: NOW.toISOString(),
      stoppedBy: "follow_up_visit",
    });
  });

  it("reporter feedback moves the case's feedback time forward, never back", () => {
    const c = act({ type: "reporter_feedback", note: "n", occurredAt: at(HOUR) });
    expect(c.kase.reporterFeedbackAt).toBe(at(HOUR));
    const later = act(
      { type: "reporter_feedback", note: "n", occurredAt: at(HOUR) },
      police,
      kase({ ...policeCase, reporterFeedbackAt: at(90 * MINUTE) }),
    );
    expect(later.kase.reporterFeedbackAt).toBe(at(90 * MINUTE));
  });

  it("不予立案: the case records it, the oversight ticket gets an entry and a notice without free text", () => {
    const command: Cmd = {
      type: "action",
      body: { type: "not_filed", note: "证据不足" },
      who: POLICE,
    };
    expect(relatedTicketIds(command, policeCase)).toEqual(["t-proc"]);
    const oversight = ticket({ ticketId: "t-proc", agency: "procuratorate", kind: "oversight" });
    const c = decide(state(police, policeCase, [oversight]), command);
    expect(c.kase.notFiled).toEqual({ at: NOW.toISOString(), reason: "证据不足" });
    expect(c.events[1]).toMatchObject({
      action: "not_filed_notified",
      ticketId: "t-proc",
      details: { fromTicketId: "t-pol", fromAgency: "police", reason: "证据不足" },
    });
    expect(c.notices).toEqual([
      {
        to: "agency",
        message: expect.objectContaining({
          event: "not_filed",
          agency: "procuratorate",
          noticeId: "t-proc:not_filed",
        }),
      },
    ]);
    expect(JSON.stringify(c.notices)).not.toContain("证据不足");
  });

  it("a protection order lasts six months at most; its expiry is checked", () => {
    const court = ticket({ ticketId: "t-court", agency: "court", status: "accepted" });
    const COURT = officer("court");
    const issued = decide(state(court), {
      type: "action",
      body: { type: "protection_order_issued", note: "n" },
      who: COURT,
    });
    expect(issued.events[0]?.details).toMatchObject({ expiresAt: "2026-11-02T10:00:00.000Z" });
    const e = errorOf(() =>
      decide(state(court), {
        type: "action",
        body: { type: "protection_order_issued", note: "n", dueAt: "2026-12-01T00:00:00.000Z" },
        who: COURT,
      }),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(fieldOf(e)).toEqual(["dueAt"]);
  });

  it("extend moves the close-due time once, within the policy's bound", () => {
    const c = act({ type: "extend", note: "需要鉴定", dueAt: at(10 * DAY) });
    expect(c.ticket.after).toMatchObject({ closeDueAt: at(10 * DAY), extended: true });
    expect(c.events).toEqual([
      expect.objectContaining({
        action: "ticket_extended",
        details: { from: at(7 * DAY), to: at(10 * DAY), reason: "需要鉴定" },
      }),
    ]);
    expect(
      errorOf(() => act({ type: "extend", note: "n", dueAt: at(11 * DAY) }, c.ticket.after)),
    ).toBeInstanceOf(ConflictError);
    const far = errorOf(() => act({ type: "extend", note: "n", dueAt: at(31 * DAY) }));
    expect(fieldOf(far)).toEqual(["dueAt"]);
  });
});

describe("refer", () => {
  const accepted = ticket({ status: "accepted" });

  it("creates a pending support ticket for the agency asked; a court application starts its clock", () => {
    const c = decide(state(accepted), {
      type: "refer",
      body: { toAgency: "court", request: "q", reason: "r", applies: "protection_order" },
      who: CA,
    });
    expect(c.ticket.after.status).toBe("accepted");
    expect(c.created).toMatchObject({
      agency: "court",
      kind: "support",
      status: "pending",
      routingRule: { ruleId: "referral", reason: "referral from civil_affairs (ticket t-ca)" },
      clocks: [{ id: "protection_order_decision", startedAt: NOW.toISOString() }],
    });
    expect(c.events.map((e) => e.action)).toEqual(["ticket_referred", "ticket_created"]);
    expect(c.events[1]?.details).toMatchObject({ referredFrom: "t-ca", clocks: expect.any(Array) });
  });

  it("refuses an application to anyone but the court, and a referral to itself", () => {
    const e = errorOf(() =>
      decide(state(accepted), {
        type: "refer",
        body: { toAgency: "education", request: "q", reason: "r", applies: "protection_order" },
        who: CA,
      }),
    );
    expect(fieldOf(e)).toEqual(["applies"]);
    const self = errorOf(() =>
      decide(state(accepted), {
        type: "refer",
        body: { toAgency: "civil_affairs", request: "q", reason: "r" },
        who: CA,
      }),
    );
    expect(fieldOf(self)).toEqual(["toAgency"]);
  });

  it("new work on a closed case reopens it", () => {
    const PROC = officer("procuratorate");
    const oversight = ticket({
      ticketId: "t-proc",
      agency: "procuratorate",
      kind: "oversight",
      status: "accepted",
    });
    const closed = kase({
      status: "closed",
      closedAt: at(HOUR),
      openTickets: { procuratorate: { ticketId: "t-proc", kind: "oversight" } },
    });
    const c = decide(state(oversight, closed), {
      type: "refer",
      body: { toAgency: "police", request: "立案监督", reason: "r" },
      who: PROC,
    });
    expect(c.caseStatus).toBe("reopening");
    expect(c.kase.status).toBe("open");
    expect(c.kase).not.toHaveProperty("closedAt");
    expect(c.events.at(-1)).toMatchObject({
      action: "case_reopened",
      details: { byTicketId: "t-proc", newTicketId: "t-new" },
    });
  });
});

describe("close", () => {
  const accepted = ticket({
    status: "accepted",
    clocks: [
      { id: "first_placement", startedAt: at(0), dueAt: at(DAY) },
      { id: "protection_order_expiry_reminder", startedAt: at(0), dueAt: at(90 * DAY) },
    ],
  });

  it("refuses an outcome the agency may not close with", () => {
    const e = errorOf(() =>
      decide(state(accepted), {
        type: "close",
        body: { outcome: "dispatched", summary: "s" },
        who: CA,
      }),
    );
    expect(fieldOf(e)).toEqual(["outcome"]);
  });

  it("closes, stops the running clocks but the order's expiry reminder, and the last one closes the case", () => {
    const c = decide(state(accepted), {
      type: "close",
      body: { outcome: "kinship_care", summary: "s" },
      who: CA,
    });
    expect(c.ticket.after).toMatchObject({ status: "closed", outcome: "kinship_care" });
    expect(c.ticket.after.clocks?.map((k) => k.stoppedBy)).toEqual(["ticket_closed", undefined]);
    expect(c.events[0]?.details).toEqual({
      outcome: "kinship_care",
      summary: "s",
      closeDueAt: at(7 * DAY),
      late: false,
    });
    expect(c.caseStatus).toBe("closing");
    expect(c.events.at(-1)?.action).toBe("case_closed");
  });

  it("leaves the case open while another agency's work is open", () => {
    const busy = kase({
      openTickets: { ...kase().openTickets, education: { ticketId: "t-edu", kind: "support" } },
    });
    const c = decide(state(accepted, busy), {
      type: "close",
      body: { outcome: "no_action_needed", summary: "s" },
      who: CA,
    });
    expect(c.caseStatus).toBe("unchanged");
    expect(c.kase.status).toBe("open");
  });
});

describe("rule (a supervisor's ruling on a declined Art. 4 lead)", () => {
  const declined = ticket({
    ticketId: "t-ca",
    status: "declined",
    categories: ["abandonment"],
    declinedAt: at(20 * MINUTE),
    clocks: [{ id: "decline_ruling", startedAt: at(20 * MINUTE), dueAt: at(DAY) }],
  });
  const open = kase({
    categories: ["abandonment"],
    openTickets: {
      police: { ticketId: "t-pol", kind: "lead" },
      education: { ticketId: "t-edu", kind: "support" },
    },
  });

  it("only a supervisor rules", () => {
    expect(
      errorOf(() =>
        decide(state(declined, open), {
          type: "rule",
          body: { ruling: "overturn", reason: "r" },
          who: CA,
        }),
      ),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("撤销 sends the ticket back pending and tells its agency", () => {
    const c = decide(state(declined, open), {
      type: "rule",
      body: { ruling: "overturn", reason: "r" },
      who: SUPERVISOR,
    });
    expect(c.ticket.after).toMatchObject({ status: "pending", ruling: { outcome: "overturn" } });
    expect(c.kase.openTickets.civil_affairs).toEqual({ ticketId: "t-ca", kind: "lead" });
    expect(c.events[0]).toMatchObject({
      action: "decline_ruled",
      details: { ruling: "overturn", late: false, rulingDueAt: at(DAY) },
    });
    expect(c.notices).toEqual([
      {
        to: "agency",
        message: expect.objectContaining({
          event: "decline_overturned",
          noticeId: "t-ca:decline_overturned",
        }),
      },
    ]);
  });

  it("维持 naming an agency with a support ticket upgrades that ticket to lead", () => {
    const command: Cmd = {
      type: "rule",
      body: { ruling: "uphold", reason: "r", toAgency: "education" },
      who: SUPERVISOR,
    };
    expect(relatedTicketIds(command, open)).toEqual(["t-edu"]);
    const support = ticket({ ticketId: "t-edu", agency: "education", kind: "support", version: 2 });
    const c = decide(state(declined, open, [support]), command);
    expect(c.upgraded?.after).toMatchObject({ ticketId: "t-edu", kind: "lead", version: 3 });
    expect(c.kase.openTickets.education).toEqual({ ticketId: "t-edu", kind: "lead" });
    expect(c.events.map((e) => e.action)).toEqual(["decline_ruled", "ticket_upgraded"]);
    expect(c.notices).toEqual([
      {
        to: "agency",
        message: expect.objectContaining({
          event: "ticket_upgraded",
          noticeId: "t-edu:ruling:t-ca",
        }),
      },
    ]);
    expect(errorOf(() => decide(state(declined, open), command))).toBeInstanceOf(ConflictError);
  });

  it("维持 naming an agency without a ticket creates its lead ticket", () => {
    const c = decide(state(declined, open), {
      type: "rule",
      body: { ruling: "uphold", reason: "r", toAgency: "health" },
      who: SUPERVISOR,
    });
    expect(c.created).toMatchObject({ agency: "health", kind: "lead", referredFrom: "t-ca" });
    expect(c.events[0]?.details).toMatchObject({ lead: "create", leadTicketId: "t-new" });
    expect(c.notices.map((n) => n.to === "agency" && n.message.event)).toEqual(["ticket_created"]);
  });
});
