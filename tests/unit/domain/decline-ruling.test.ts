import {
  awaitsRuling,
  ConflictError,
  checkDeclinable,
  DAY,
  DeclineRulingSchema,
  HOUR,
  InvalidInputError,
  MINUTE,
  type RulableTicket,
  ruleOnDecline,
  upgradedToLead,
  upholdAllowed,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const T0 = Date.parse("2026-05-02T08:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const NOW = new Date(T0 + 2 * HOUR);

/** A police lead ticket on a sexual-abuse case, declined 20 minutes in with a legal reason. */
const declined: RulableTicket = {
  ticketId: "t-police",
  agency: "police",
  kind: "lead",
  status: "declined",
  categories: ["sexual_abuse"],
  acceptDueAt: at(HOUR),
  closeDueAt: at(3 * DAY),
  extendableUntil: at(30 * DAY),
  slaRules: ["police_lead"],
  extended: false,
  declinedAt: at(20 * MINUTE),
  clocks: [{ id: "decline_ruling", startedAt: at(20 * MINUTE), dueAt: at(20 * MINUTE + DAY) }],
};

const OPEN = {
  procuratorate: { ticketId: "t-proc", kind: "oversight" },
  health: { ticketId: "t-health", kind: "support" },
} as const;

const ctx = { openTickets: OPEN, immediateDanger: false, now: NOW };

/** The error a call throws (and that it throws one). */
function errorOf(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

describe("撤销: overturning a decline", () => {
  it("sends the ticket back to its agency, pending, with every clock fresh from the ruling", () => {
    const { ticket, lead, late } = ruleOnDecline(
      declined,
      { ruling: "overturn", reason: "案发地在本辖区" },
      ctx,
    );
    expect(lead).toBeUndefined();
    expect(late).toBe(false);
    expect(ticket).toMatchObject({
      agency: "police",
      status: "pending",
      acceptDueAt: new Date(NOW.getTime() + HOUR).toISOString(),
      closeDueAt: new Date(NOW.getTime() + 3 * DAY).toISOString(),
      ruling: { outcome: "overturn", at: NOW.toISOString() },
    });
    expect(ticket.declinedAt).toBeUndefined();
    // The ruling stops the ruling clock: nothing is left for the sweeper to escalate.
    expect(ticket.clocks).toEqual([
      { ...declined.clocks?.[0], stoppedAt: NOW.toISOString(), stoppedBy: "decline_ruled" },
    ]);
    expect(awaitsRuling(ticket)).toBe(false);
  });

  it("gives the immediate accept clock when the case has immediate danger", () => {
    const { ticket } = ruleOnDecline(
      declined,
      { ruling: "overturn", reason: "情况紧急" },
      { ...ctx, immediateDanger: true },
    );
    expect(ticket.acceptDueAt).toBe(new Date(NOW.getTime() + 15 * MINUTE).toISOString());
  });

  it("is late when given after the ruling clock ran out", () => {
    const later = new Date(T0 + 2 * DAY);
    const r = ruleOnDecline(
      declined,
      { ruling: "overturn", reason: "迟到的裁定" },
      {
        ...ctx,
        now: later,
      },
    );
    expect([r.late, r.dueAt]).toEqual([true, at(20 * MINUTE + DAY)]);
  });

  it("takes no agency to pass the lead to", () => {
    const e = errorOf(() =>
      ruleOnDecline(declined, { ruling: "overturn", reason: "x", toAgency: "education" }, ctx),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).issues[0]?.path).toBe("toAgency");
  });

  it("is refused when the agency already holds another open ticket on the case", () => {
    const e = errorOf(() =>
      ruleOnDecline(
        declined,
        { ruling: "overturn", reason: "x" },
        { ...ctx, openTickets: { ...OPEN, police: { ticketId: "t-new", kind: "lead" } } },
      ),
    );
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toContain("t-new");
  });

  it("cannot be declined again once overturned", () => {
    const { ticket } = ruleOnDecline(declined, { ruling: "overturn", reason: "x" }, ctx);
    expect(() => checkDeclinable(ticket)).toThrow(ConflictError);
    expect(() => checkDeclinable(declined)).not.toThrow();
  });
});

describe("维持: upholding a decline", () => {
  /** Education's lead on a bullying case that also has physical abuse: police leads beside it. */
  const education: RulableTicket = {
    ...declined,
    ticketId: "t-edu",
    agency: "education",
    categories: ["bullying", "physical_abuse"],
    acceptDueAt: at(24 * HOUR),
    closeDueAt: at(30 * DAY),
    extendableUntil: at(60 * DAY),
    slaRules: ["default"],
  };
  const withPolice = { ...OPEN, police: { ticketId: "t-police", kind: "lead" } } as const;

  it("keeps the decline and gives a new lead ticket to the named agency, timed from the ruling", () => {
    const { ticket, lead } = ruleOnDecline(
      education,
      { ruling: "uphold", reason: "校外发生，不属教育管辖", toAgency: "civil_affairs" },
      { ...ctx, openTickets: withPolice },
    );
    expect(ticket.status).toBe("declined");
    expect(ticket.ruling).toEqual({
      outcome: "uphold",
      at: NOW.toISOString(),
      toAgency: "civil_affairs",
    });
    expect(ticket.clocks?.[0]?.stoppedBy).toBe("decline_ruled");
    expect(lead).toMatchObject({
      action: "create",
      agency: "civil_affairs",
      due: { acceptDueAt: new Date(NOW.getTime() + 24 * HOUR).toISOString() },
    });
  });

  it("upgrades the named agency's open support ticket to the lead", () => {
    const { lead } = ruleOnDecline(
      education,
      { ruling: "uphold", reason: "卫健牵头", toAgency: "health" },
      { ...ctx, openTickets: withPolice },
    );
    expect(lead).toMatchObject({ action: "upgrade", agency: "health", ticketId: "t-health" });
  });

  it("keeps the named agency's open lead as it is", () => {
    const { lead } = ruleOnDecline(
      education,
      { ruling: "uphold", reason: "公安已牵头", toAgency: "police" },
      { ...ctx, openTickets: withPolice },
    );
    expect(lead).toEqual({ action: "held", agency: "police", ticketId: "t-police" });
  });

  it("is refused when no police lead would remain on an Art. 4 case", () => {
    const e = errorOf(() =>
      ruleOnDecline(declined, { ruling: "uphold", reason: "x", toAgency: "civil_affairs" }, ctx),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.message).toContain("意见 Art. 4");
    expect((e as InvalidInputError).issues[0]?.path).toBe("ruling");
  });

  it.each([
    [undefined, "required with ruling uphold"],
    ["police", "must be another agency; to send the ticket back, overturn"],
    ["procuratorate", "must not be the agency that oversees the case"],
  ] as const)("names the agency field when it is %s", (toAgency, message) => {
    const e = errorOf(() =>
      ruleOnDecline(
        declined,
        { ruling: "uphold", reason: "x", ...(toAgency ? { toAgency } : {}) },
        ctx,
      ),
    );
    expect((e as InvalidInputError).issues).toEqual([{ path: "toAgency", message }]);
  });
});

describe("a ruling is given once, on a decline that awaits one", () => {
  it.each<[string, RulableTicket, RegExp]>([
    [
      "already ruled",
      { ...declined, ruling: { outcome: "uphold", at: at(HOUR) } },
      /already ruled/,
    ],
    ["accepted", { ...declined, status: "accepted" }, /accepted, not awaiting/],
    ["pending", { ...declined, status: "pending" }, /pending, not awaiting/],
    ["declined without the ruling clock", { ...declined, clocks: [] }, /does not await/],
  ])("refuses a ticket %s", (_, ticket, message) => {
    for (const ruling of ["overturn", "uphold"] as const) {
      const e = errorOf(() =>
        ruleOnDecline(ticket, { ruling, reason: "x", toAgency: "police" }, ctx),
      );
      expect(e).toBeInstanceOf(ConflictError);
      expect(e.message).toMatch(message);
    }
  });

  it("the request needs a ruling and a reason, and nothing else", () => {
    expect(DeclineRulingSchema.safeParse({ ruling: "overturn", reason: "理由" }).success).toBe(
      true,
    );
    expect(DeclineRulingSchema.safeParse({ ruling: "overturn" }).success).toBe(false);
    expect(DeclineRulingSchema.safeParse({ ruling: "overturn", reason: "  " }).success).toBe(false);
    expect(DeclineRulingSchema.safeParse({ ruling: "maybe", reason: "理由" }).success).toBe(false);
    expect(
      DeclineRulingSchema.safeParse({ ruling: "overturn", reason: "理由", status: "accepted" })
        .success,
    ).toBe(false);
  });
});

describe("upgrading a support ticket to the lead", () => {
  const support = {
    kind: "support" as const,
    status: "pending" as const,
    acceptDueAt: at(24 * HOUR),
    closeDueAt: at(30 * DAY),
    extendableUntil: at(60 * DAY),
    slaRules: ["support"],
  };
  const due = {
    acceptDueAt: at(3 * HOUR),
    closeDueAt: at(40 * DAY),
    extendableUntil: at(50 * DAY),
    slaRules: ["default"],
  };
  it("takes the tighter times and never loosens one", () => {
    expect(upgradedToLead(support, due)).toEqual({
      kind: "lead",
      status: "pending",
      acceptDueAt: at(3 * HOUR),
      closeDueAt: at(30 * DAY),
      extendableUntil: at(50 * DAY),
      slaRules: ["support", "default"],
    });
  });
  it("leaves an accepted ticket's accept time alone", () => {
    const accepted = { ...support, status: "accepted" as const };
    expect(upgradedToLead(accepted, due).acceptDueAt).toBe(at(24 * HOUR));
  });
});

describe("whether 维持 can be offered", () => {
  it("not for police's own decline on an Art. 4 case while no other police lead is open", () => {
    expect(upholdAllowed(declined, OPEN)).toBe(false);
    expect(
      upholdAllowed(declined, { ...OPEN, police: { ticketId: "t-other", kind: "lead" } }),
    ).toBe(true);
  });
  it("for another agency's decline: police can be named to lead", () => {
    expect(upholdAllowed({ ...declined, agency: "education" }, OPEN)).toBe(true);
  });
});
