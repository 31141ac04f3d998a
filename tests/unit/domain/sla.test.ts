/**
 * The SLA table of domain.md, row by row. Every expected instant is worked out by hand from
 * CREATED_AT = 2026-11-27T08:00:00Z (November has 30 days).
 */
import { DEFAULT_SLA_POLICY, dueTimesFor, type SlaPolicy, type SlaRule } from "@cp/domain";
import { describe, expect, it } from "vitest";

const CREATED_AT = new Date("2026-11-27T08:00:00.000Z");

const PLUS_15_MIN = "2026-11-27T08:15:00.000Z";
const PLUS_1_H = "2026-11-27T09:00:00.000Z";
const PLUS_24_H = "2026-11-28T08:00:00.000Z";
const PLUS_3_D = "2026-11-30T08:00:00.000Z"; // also 72 h
const PLUS_30_D = "2026-12-27T08:00:00.000Z";
const PLUS_60_D = "2027-01-26T08:00:00.000Z"; // Nov 27 + 3 → Nov 30, + 31 → Dec 31, + 26

describe("dueTimesFor: the default SLA table", () => {
  it.each([
    {
      row: "police lead, immediate danger: 15 min / 3 days",
      subject: {
        agency: "police",
        kind: "lead",
        immediateDanger: true,
        categories: ["physical_abuse"],
      },
      accept: PLUS_15_MIN,
      close: PLUS_3_D,
    },
    {
      row: "police lead, other: 1 h / 3 days",
      subject: {
        agency: "police",
        kind: "lead",
        immediateDanger: false,
        categories: ["physical_abuse"],
      },
      accept: PLUS_1_H,
      close: PLUS_3_D,
    },
    {
      // The protection-order clock starts at an application (clocks.ts), not at the ticket.
      row: "court support: a plain support ticket, 24 h / 30 days",
      subject: {
        agency: "court",
        kind: "support",
        immediateDanger: false,
        categories: ["physical_abuse"],
      },
      accept: PLUS_24_H,
      close: PLUS_30_D,
    },
    {
      row: "court lead: the default, 24 h / 30 days",
      subject: {
        agency: "court",
        kind: "lead",
        immediateDanger: false,
        categories: ["physical_abuse"],
      },
      accept: PLUS_24_H,
      close: PLUS_30_D,
    },
    {
      row: "court with immediate danger: immediate accept, 15 min / 30 days",
      subject: {
        agency: "court",
        kind: "support",
        immediateDanger: true,
        categories: ["physical_abuse"],
      },
      accept: PLUS_15_MIN,
      close: PLUS_30_D,
    },
    {
      row: "civil_affairs, abandonment (child without a carer): 1 h / 30 days",
      subject: {
        agency: "civil_affairs",
        kind: "support",
        immediateDanger: false,
        categories: ["abandonment"],
      },
      accept: PLUS_1_H,
      close: PLUS_30_D,
    },
    {
      row: "civil_affairs lead, guardianship_failure (child without a carer): 1 h / 30 days",
      subject: {
        agency: "civil_affairs",
        kind: "lead",
        immediateDanger: false,
        categories: ["guardianship_failure"],
      },
      accept: PLUS_1_H,
      close: PLUS_30_D,
    },
    {
      row: "civil_affairs, a carer among other categories still counts",
      subject: {
        agency: "civil_affairs",
        kind: "support",
        immediateDanger: false,
        categories: ["physical_abuse", "guardianship_failure"],
      },
      accept: PLUS_1_H,
      close: PLUS_30_D,
    },
    {
      row: "support: 24 h / 30 days",
      subject: {
        agency: "health",
        kind: "support",
        immediateDanger: false,
        categories: ["genital_injury"],
      },
      accept: PLUS_24_H,
      close: PLUS_30_D,
    },
    {
      row: "civil_affairs support without a carer category: plain support, 24 h / 30 days",
      subject: {
        agency: "civil_affairs",
        kind: "support",
        immediateDanger: false,
        categories: ["dropout"],
      },
      accept: PLUS_24_H,
      close: PLUS_30_D,
    },
    {
      row: "support with immediate danger: 15 min / 30 days",
      subject: {
        agency: "womens_federation",
        kind: "support",
        immediateDanger: true,
        categories: ["physical_abuse"],
      },
      accept: PLUS_15_MIN,
      close: PLUS_30_D,
    },
    {
      row: "police support with immediate danger: 15 min / 30 days",
      subject: {
        agency: "police",
        kind: "support",
        immediateDanger: true,
        categories: ["bullying"],
      },
      accept: PLUS_15_MIN,
      close: PLUS_30_D,
    },
    {
      row: "oversight: acknowledge in 3 days, no close clock",
      subject: {
        agency: "procuratorate",
        kind: "oversight",
        immediateDanger: false,
        categories: ["physical_abuse"],
      },
      accept: PLUS_3_D,
      close: null,
    },
    {
      row: "oversight with immediate danger: still 3 days, no close clock",
      subject: {
        agency: "procuratorate",
        kind: "oversight",
        immediateDanger: true,
        categories: ["physical_abuse"],
      },
      accept: PLUS_3_D,
      close: null,
    },
    {
      row: "everything else (education lead): 24 h / 30 days",
      subject: {
        agency: "education",
        kind: "lead",
        immediateDanger: false,
        categories: ["bullying"],
      },
      accept: PLUS_24_H,
      close: PLUS_30_D,
    },
    {
      row: "everything else (cyberspace lead): 24 h / 30 days",
      subject: {
        agency: "cyberspace",
        kind: "lead",
        immediateDanger: false,
        categories: ["online_harm"],
      },
      accept: PLUS_24_H,
      close: PLUS_30_D,
    },
  ] as const)("$row", ({ subject, accept, close }) => {
    // Act
    const due = dueTimesFor({ ...subject, categories: [...subject.categories] }, CREATED_AT);

    // Assess
    expect(due.acceptDueAt).toBe(accept);
    expect(due.closeDueAt).toBe(close);
    expect(due.slaRules.length).toBeGreaterThan(0);
  });

  it("names the default rule only when no other rule matches", () => {
    // Act
    const education = dueTimesFor(
      { agency: "education", kind: "lead", immediateDanger: true, categories: ["bullying"] },
      CREATED_AT,
    );
    const police = dueTimesFor(
      { agency: "police", kind: "lead", immediateDanger: true, categories: ["physical_abuse"] },
      CREATED_AT,
    );

    // Assess
    // Immediate danger gives every lead the immediate accept clock; nothing else matches education.
    expect(education.slaRules).toEqual(["lead_immediate_danger"]);
    const calm = dueTimesFor(
      { agency: "education", kind: "lead", immediateDanger: false, categories: ["bullying"] },
      CREATED_AT,
    );
    expect(calm.slaRules).toEqual(["default"]);
    expect(police.slaRules).not.toContain("default");
    expect(police.slaRules).toEqual(
      expect.arrayContaining(["police_lead_immediate_danger", "police_lead"]),
    );
  });

  it("the 15-minute clock crosses midnight and the year in UTC", () => {
    // Act
    const due = dueTimesFor(
      { agency: "police", kind: "lead", immediateDanger: true, categories: ["abandonment"] },
      new Date("2026-12-31T23:50:00.000Z"),
    );

    // Assess
    expect(due.acceptDueAt).toBe("2027-01-01T00:05:00.000Z");
    expect(due.closeDueAt).toBe("2027-01-03T23:50:00.000Z");
  });
});

describe("dueTimesFor: extendableUntil", () => {
  it.each([
    {
      what: "police lead: criminal filing review up to 30 days",
      subject: { agency: "police", kind: "lead", immediateDanger: false },
      until: PLUS_30_D,
    },
    {
      what: "police lead with immediate danger: 30 days",
      subject: { agency: "police", kind: "lead", immediateDanger: true },
      until: PLUS_30_D,
    },
    {
      // The court's statutory clocks run from an application (clocks.ts), not from the ticket.
      what: "court support: 60 days, like any support",
      subject: { agency: "court", kind: "support", immediateDanger: false },
      until: PLUS_60_D,
    },
    {
      what: "support: 60 days",
      subject: { agency: "health", kind: "support", immediateDanger: false },
      until: PLUS_60_D,
    },
    {
      what: "everything else: 60 days",
      subject: { agency: "education", kind: "lead", immediateDanger: false },
      until: PLUS_60_D,
    },
    {
      what: "oversight: cannot be extended",
      subject: { agency: "procuratorate", kind: "oversight", immediateDanger: false },
      until: null,
    },
  ] as const)("$what", ({ subject, until }) => {
    // Act
    const due = dueTimesFor({ ...subject, categories: ["physical_abuse"] }, CREATED_AT);

    // Assess
    expect(due.extendableUntil).toBe(until);
    if (due.extendableUntil !== null && due.closeDueAt !== null) {
      expect(due.extendableUntil >= due.closeDueAt).toBe(true);
    }
  });
});

describe("dueTimesFor: how rules combine", () => {
  const rule = (id: string, overrides: Partial<SlaRule>): SlaRule => ({
    id,
    match: {},
    acceptWithinMs: 10 * 3_600_000,
    closeWithinMs: 10 * 86_400_000,
    extendableToMs: 20 * 86_400_000,
    basis: { source: "policy", note: "test" },
    ...overrides,
  });

  it("each clock is the tightest of the matching rules, taken separately", () => {
    // Prepare: rule a is tighter to accept, rule b tighter to close.
    const policy: SlaPolicy = {
      version: 9,
      rules: [
        rule("a", { match: { agency: "health" }, acceptWithinMs: 2 * 3_600_000 }),
        rule("b", { match: { kind: "support" }, closeWithinMs: 5 * 86_400_000 }),
        rule("c", { match: { agency: "police" }, acceptWithinMs: 60_000 }),
      ],
      defaultRule: rule("default", { acceptWithinMs: 1, closeWithinMs: 1 }),
      clocks: DEFAULT_SLA_POLICY.clocks,
    };

    // Act
    const due = dueTimesFor(
      { agency: "health", kind: "support", immediateDanger: false, categories: ["dropout"] },
      CREATED_AT,
      policy,
    );

    // Assess
    expect(due.acceptDueAt).toBe("2026-11-27T10:00:00.000Z");
    expect(due.closeDueAt).toBe("2026-12-02T08:00:00.000Z");
    expect([...due.slaRules].sort()).toEqual(["a", "b"]);
  });

  it("the default applies only when nothing matches, even when it is tighter", () => {
    // Prepare: the default is tighter than the one matching rule.
    const policy: SlaPolicy = {
      version: 9,
      rules: [rule("loose", { match: { agency: "education" }, acceptWithinMs: 48 * 3_600_000 })],
      defaultRule: rule("default", { acceptWithinMs: 3_600_000 }),
      clocks: DEFAULT_SLA_POLICY.clocks,
    };

    // Act
    const matched = dueTimesFor(
      { agency: "education", kind: "lead", immediateDanger: false, categories: ["dropout"] },
      CREATED_AT,
      policy,
    );
    const unmatched = dueTimesFor(
      { agency: "health", kind: "lead", immediateDanger: false, categories: ["dropout"] },
      CREATED_AT,
      policy,
    );

    // Assess
    expect(matched.acceptDueAt).toBe("2026-11-29T08:00:00.000Z");
    expect(matched.slaRules).toEqual(["loose"]);
    expect(unmatched.acceptDueAt).toBe(PLUS_1_H);
    expect(unmatched.slaRules).toEqual(["default"]);
  });

  it("a rule without a close clock does not erase another rule's close clock", () => {
    // Prepare
    const policy: SlaPolicy = {
      version: 9,
      rules: [
        rule("open-ended", { closeWithinMs: null, extendableToMs: null }),
        rule("bounded", { match: { kind: "oversight" }, closeWithinMs: 5 * 86_400_000 }),
      ],
      defaultRule: DEFAULT_SLA_POLICY.defaultRule,
      clocks: DEFAULT_SLA_POLICY.clocks,
    };

    // Act
    const due = dueTimesFor(
      { agency: "procuratorate", kind: "oversight", immediateDanger: false, categories: [] },
      CREATED_AT,
      policy,
    );

    // Assess
    expect(due.closeDueAt).toBe("2026-12-02T08:00:00.000Z");
    expect(due.extendableUntil).toBe("2026-12-17T08:00:00.000Z"); // + 20 days
  });

  it("categoriesAny matches when any of the report's categories is listed", () => {
    // Prepare
    const policy: SlaPolicy = {
      version: 9,
      rules: [rule("carer", { match: { categoriesAny: ["abandonment"] }, acceptWithinMs: 60_000 })],
      defaultRule: DEFAULT_SLA_POLICY.defaultRule,
      clocks: DEFAULT_SLA_POLICY.clocks,
    };
    const base = { agency: "health", kind: "support", immediateDanger: false } as const;

    // Act
    const hit = dueTimesFor(
      { ...base, categories: ["dropout", "abandonment"] },
      CREATED_AT,
      policy,
    );
    const miss = dueTimesFor({ ...base, categories: ["dropout"] }, CREATED_AT, policy);

    // Assess
    expect(hit.acceptDueAt).toBe("2026-11-27T08:01:00.000Z");
    expect(miss.acceptDueAt).toBe(PLUS_24_H);
  });
});
