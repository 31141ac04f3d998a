/**
 * The edges of a supervisor's ruling on a declined 意见 Art. 4 lead ticket (ticket/ruling.ts;
 * docs/domain.md, "Declines"): who may rule, which tickets await a ruling, that only the ruling
 * clock stops, the policy in force, each refusal with the field named, and cases mixing an Art. 4
 * category with another. Instants are worked out by hand from T0.
 */
import {
  actorOf,
  awaitsRuling,
  ConflictError,
  checkDeclinable,
  checkRuler,
  DAY,
  DEFAULT_SLA_POLICY,
  ForbiddenError,
  HOUR,
  type Identity,
  InvalidInputError,
  MINUTE,
  type RulableTicket,
  ruleOnDecline,
  type SlaPolicy,
  upgradedToLead,
  upholdAllowed,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const T0 = Date.parse("2026-05-02T08:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const NOW = new Date(T0 + 2 * HOUR);

const RULING_CLOCK = {
  id: "decline_ruling",
  startedAt: at(20 * MINUTE),
  dueAt: at(20 * MINUTE + DAY),
} as const;
const FOLLOW_UP = { id: "warning_letter_follow_up", startedAt: at(0), dueAt: at(7 * DAY) } as const;

/** An education lead ticket on a sexual-abuse case, declined 20 minutes in. */
const declined: RulableTicket = {
  ticketId: "t-edu",
  agency: "education",
  kind: "lead",
  status: "declined",
  categories: ["sexual_abuse"],
  acceptDueAt: at(24 * HOUR),
  closeDueAt: at(30 * DAY),
  extendableUntil: at(60 * DAY),
  slaRules: ["default"],
  extended: false,
  declinedAt: at(20 * MINUTE),
  clocks: [RULING_CLOCK],
};
const POLICE_LEAD = { police: { ticketId: "t-police", kind: "lead" } } as const;
const ctx = { openTickets: POLICE_LEAD, immediateDanger: false, now: NOW };

function errorOf(call: () => unknown): Error & { issues?: unknown } {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

describe("checkRuler", () => {
  const supervisor: Identity = { sub: "s", name: "s", roles: ["supervisor"] };

  it("lets a supervisor rule, also one who is an officer of another agency", () => {
    expect(() => checkRuler(supervisor, declined)).not.toThrow();
    expect(() =>
      checkRuler({ ...supervisor, roles: ["supervisor", "officer"], agency: "police" }, declined),
    ).not.toThrow();
  });

  it("refuses anyone who is not a supervisor", () => {
    const e = errorOf(() =>
      checkRuler({ sub: "o", name: "o", roles: ["officer"], agency: "civil_affairs" }, declined),
    );
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.message).toBe("Only a supervisor rules on a declined ticket.");
  });

  it("refuses a supervisor who is an officer of the declining agency", () => {
    const e = errorOf(() =>
      checkRuler(
        { ...supervisor, roles: ["supervisor", "officer"], agency: "education" },
        declined,
      ),
    );
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.message).toBe(
      "A supervisor who is an officer of the declining agency does not rule on its decline.",
    );
  });

  it("does not refuse a supervisor of that agency who is not its officer", () => {
    expect(() => checkRuler({ ...supervisor, agency: "education" }, declined)).not.toThrow();
  });
});

describe("awaitsRuling", () => {
  it("is true only for a declined, unruled ticket carrying the ruling clock", () => {
    expect(awaitsRuling(declined)).toBe(true);
    expect(awaitsRuling({ ...declined, clocks: [FOLLOW_UP] })).toBe(false);
    expect(awaitsRuling({ ...declined, clocks: undefined })).toBe(false);
    expect(awaitsRuling({ ...declined, status: "accepted" })).toBe(false);
    expect(awaitsRuling({ ...declined, ruling: { outcome: "overturn", at: at(HOUR) } })).toBe(
      false,
    );
  });

  it("refuses to rule on a declined ticket whose decline needs no ruling", () => {
    const e = errorOf(() =>
      ruleOnDecline({ ...declined, clocks: [FOLLOW_UP] }, { ruling: "overturn", reason: "r" }, ctx),
    );
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toMatch(/does not await a ruling/);
  });

  it("refuses a second ruling and a ticket accepted since, saying which", () => {
    const ruled = {
      ...declined,
      ruling: { outcome: "uphold" as const, at: at(HOUR), toAgency: "civil_affairs" as const },
    };
    expect(
      errorOf(() => ruleOnDecline(ruled, { ruling: "overturn", reason: "r" }, ctx)).message,
    ).toBe(`This decline was already ruled on (uphold, ${at(HOUR)}); a ruling is given once.`);
    expect(
      errorOf(() =>
        ruleOnDecline(
          { ...declined, status: "accepted" },
          { ruling: "overturn", reason: "r" },
          ctx,
        ),
      ).message,
    ).toMatch(/^The ticket is accepted, not awaiting a ruling/);
  });
});

describe("checkDeclinable", () => {
  it("refuses a second decline after an overturn, saying when it was overturned", () => {
    const e = errorOf(() => checkDeclinable({ ruling: { outcome: "overturn", at: at(HOUR) } }));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toBe(
      `A supervisor overturned this ticket's decline on ${at(HOUR)}; it cannot be declined again, only accepted.`,
    );
    expect(() =>
      checkDeclinable({ ruling: { outcome: "uphold", at: at(HOUR), toAgency: "police" } }),
    ).not.toThrow();
    expect(() => checkDeclinable({})).not.toThrow();
  });
});

describe("the ruling clock", () => {
  it("stops only the running ruling clock; other clocks run on", () => {
    const ticket = { ...declined, clocks: [FOLLOW_UP, RULING_CLOCK] };
    const { ticket: after } = ruleOnDecline(ticket, { ruling: "overturn", reason: "r" }, ctx);
    expect(after.clocks).toEqual([
      FOLLOW_UP,
      { ...RULING_CLOCK, stoppedAt: NOW.toISOString(), stoppedBy: "decline_ruled" },
    ]);
  });

  it("is on time up to its due instant and late after it", () => {
    const onTheDot = new Date(Date.parse(RULING_CLOCK.dueAt));
    expect(
      ruleOnDecline(declined, { ruling: "overturn", reason: "r" }, { ...ctx, now: onTheDot }),
    ).toMatchObject({
      late: false,
      dueAt: RULING_CLOCK.dueAt,
    });
    const after = new Date(Date.parse(RULING_CLOCK.dueAt) + 1);
    expect(
      ruleOnDecline(declined, { ruling: "overturn", reason: "r" }, { ...ctx, now: after }).late,
    ).toBe(true);
  });
});

describe("撤销 overturn: edges", () => {
  it("times the returned ticket by the policy in force, not the default", () => {
    const policy: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      defaultRule: {
        ...DEFAULT_SLA_POLICY.defaultRule,
        acceptWithinMs: 6 * HOUR,
        closeWithinMs: 10 * DAY,
      },
    };
    const { ticket } = ruleOnDecline(
      declined,
      { ruling: "overturn", reason: "r" },
      { ...ctx, policy },
    );
    expect(ticket).toMatchObject({
      status: "pending",
      acceptDueAt: new Date(NOW.getTime() + 6 * HOUR).toISOString(),
      closeDueAt: new Date(NOW.getTime() + 10 * DAY).toISOString(),
      extended: false,
    });
  });

  it("goes ahead when the open ticket listed for the agency is this very ticket", () => {
    const openTickets = { ...POLICE_LEAD, education: { ticketId: "t-edu", kind: "lead" } } as const;
    expect(
      ruleOnDecline(declined, { ruling: "overturn", reason: "r" }, { ...ctx, openTickets }).ticket
        .status,
    ).toBe("pending");
  });

  it("refuses an agency to pass the lead to, naming toAgency", () => {
    const e = errorOf(() =>
      ruleOnDecline(declined, { ruling: "overturn", reason: "r", toAgency: "civil_affairs" }, ctx),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.message).toBe("Overturning sends the ticket back to its own agency.");
    expect(e.issues).toEqual([{ path: "toAgency", message: "only with ruling uphold" }]);
  });
});

describe("维持 uphold: refusals name the field", () => {
  it("needs the agency that leads instead", () => {
    const e = errorOf(() => ruleOnDecline(declined, { ruling: "uphold", reason: "r" }, ctx));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.message).toBe("Upholding a decline names the agency that leads instead.");
    expect(e.issues).toEqual([{ path: "toAgency", message: "required with ruling uphold" }]);
  });

  it("refuses the declining agency itself", () => {
    const e = errorOf(() =>
      ruleOnDecline(declined, { ruling: "uphold", reason: "r", toAgency: "education" }, ctx),
    );
    expect(e.message).toBe("Upholding education's decline passes the lead to another agency.");
    expect(e.issues).toEqual([
      { path: "toAgency", message: "must be another agency; to send the ticket back, overturn" },
    ]);
  });

  it("refuses the agency that oversees the case", () => {
    const openTickets = {
      ...POLICE_LEAD,
      procuratorate: { ticketId: "t-p", kind: "oversight" },
    } as const;
    const e = errorOf(() =>
      ruleOnDecline(
        declined,
        { ruling: "uphold", reason: "r", toAgency: "procuratorate" },
        { ...ctx, openTickets },
      ),
    );
    expect(e.message).toBe("procuratorate oversees this case and cannot also lead it.");
    expect(e.issues).toEqual([
      { path: "toAgency", message: "must not be the agency that oversees the case" },
    ]);
  });

  it("refuses, naming ruling, when a case with any Art. 4 category would keep no police lead", () => {
    // Sexual abuse (Art. 4) and bullying (not): the Art. 4 duty holds for the case.
    const mixed = { ...declined, categories: ["bullying", "sexual_abuse"] as const };
    const e = errorOf(() =>
      ruleOnDecline(
        mixed,
        { ruling: "uphold", reason: "r", toAgency: "civil_affairs" },
        { ...ctx, openTickets: {} },
      ),
    );
    expect(e.issues).toEqual([
      { path: "ruling", message: "must be overturn: no police lead would remain (意见 Art. 4)" },
    ]);
  });

  it("allows naming police itself to lead when no police lead is open", () => {
    const { lead } = ruleOnDecline(
      declined,
      { ruling: "uphold", reason: "r", toAgency: "police" },
      { ...ctx, openTickets: {} },
    );
    expect(lead).toMatchObject({ action: "create", agency: "police" });
    // A police lead ticket from the ruling: 1 h to accept.
    expect(lead && "due" in lead ? lead.due.acceptDueAt : undefined).toBe(
      new Date(NOW.getTime() + HOUR).toISOString(),
    );
  });

  it("allows any agency on a case with no Art. 4 category", () => {
    const bullying = { ...declined, categories: ["bullying"] as const };
    const { lead } = ruleOnDecline(
      bullying,
      { ruling: "uphold", reason: "r", toAgency: "civil_affairs" },
      { ...ctx, openTickets: {} },
    );
    expect(lead).toMatchObject({ action: "create", agency: "civil_affairs" });
  });
});

describe("upholdAllowed: edges", () => {
  const policeDeclined = {
    ticketId: "t-police",
    agency: "police" as const,
    categories: ["sexual_abuse" as const],
  };

  it("allows 维持 of police's decline on a case with no Art. 4 category", () => {
    expect(upholdAllowed({ ...policeDeclined, categories: ["bullying"] }, {})).toBe(true);
  });

  it("refuses it when any category is Art. 4 and no other police lead is open", () => {
    expect(upholdAllowed({ ...policeDeclined, categories: ["bullying", "sexual_abuse"] }, {})).toBe(
      false,
    );
  });

  it("does not count the declined ticket itself, or a police support ticket, as the police lead", () => {
    expect(upholdAllowed(policeDeclined, { police: { ticketId: "t-police", kind: "lead" } })).toBe(
      false,
    );
    expect(upholdAllowed(policeDeclined, { police: { ticketId: "t-2", kind: "support" } })).toBe(
      false,
    );
  });
});

describe("upgradedToLead: missing clocks", () => {
  const base = {
    kind: "support" as const,
    status: "pending" as const,
    acceptDueAt: at(24 * HOUR),
    closeDueAt: null,
    extendableUntil: at(60 * DAY),
    slaRules: ["support"],
  };

  it("takes the lead's clock where the support ticket had none, and keeps one the lead lacks", () => {
    const due = {
      acceptDueAt: at(HOUR),
      closeDueAt: at(3 * DAY),
      extendableUntil: null,
      slaRules: ["police_lead", "support"],
    };
    expect(upgradedToLead(base, due)).toEqual({
      kind: "lead",
      status: "pending",
      acceptDueAt: at(HOUR),
      closeDueAt: at(3 * DAY),
      extendableUntil: at(60 * DAY),
      slaRules: ["support", "police_lead"],
    });
  });

  it("keeps no close clock when neither has one", () => {
    const due = { acceptDueAt: at(HOUR), closeDueAt: null, extendableUntil: null, slaRules: [] };
    expect(upgradedToLead(base, due).closeDueAt).toBeNull();
  });
});

// The audit actor never carries a name or organisation (roles/identity.ts).
describe("actorOf", () => {
  it("keeps sub, roles and agency only", () => {
    expect(
      actorOf({ sub: "s", name: "王", roles: ["officer"], agency: "police", org: "派出所" }),
    ).toEqual({
      sub: "s",
      roles: ["officer"],
      agency: "police",
    });
    expect(actorOf({ sub: "r", name: "李", roles: ["reporter"], org: "学校" })).toEqual({
      sub: "r",
      roles: ["reporter"],
    });
  });
});
