/**
 * The default routing table of domain.md, row by row, and the rules for combining rows.
 * Expectations are written from domain.md, not read back from routing-rules.ts.
 */
import {
  AGENCIES,
  type AgencyCode,
  DEFAULT_ROUTING_TABLE,
  HARM_CATEGORIES,
  type HarmCategory,
  ReportInputSchema,
  type RoutingTable,
  routeReport,
  routingSubjectOf,
  type TicketDecision,
  type TicketKind,
} from "@cp/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const CREATED_AT = new Date("2026-11-27T08:00:00.000Z");

type Expected = Partial<Record<AgencyCode, TicketKind>>;

/** Agency → kind, so a test compares the whole set of tickets at once. */
const kindsOf = (decisions: readonly TicketDecision[]): Expected =>
  Object.fromEntries(decisions.map((d) => [d.agency, d.kind]));

const ticketOf = (decisions: readonly TicketDecision[], agency: AgencyCode): TicketDecision => {
  const found = decisions.find((d) => d.agency === agency);
  if (!found) throw new Error(`no ticket for ${agency}`);
  return found;
};

const subject = (
  categories: HarmCategory[],
  immediateDanger = false,
  atSchool = false,
): { categories: HarmCategory[]; immediateDanger: boolean; atSchool: boolean } => ({
  categories,
  immediateDanger,
  atSchool,
});

interface Row {
  readonly category: HarmCategory;
  readonly atSchool?: boolean;
  readonly calm: Expected;
  readonly danger: Expected;
  /** Rule id each ticket must name when immediateDanger is true (default: the category). */
  readonly dangerRuleIds?: Partial<Record<AgencyCode, string>>;
}

// domain.md, "Harm categories and default routing". `danger` adds police (lead or support).
const ROWS: readonly Row[] = [
  {
    category: "genital_injury",
    calm: { police: "lead", health: "support", procuratorate: "oversight" },
    danger: { police: "lead", health: "support", procuratorate: "oversight" },
  },
  {
    category: "sexual_abuse",
    atSchool: false,
    calm: {
      police: "lead",
      health: "support",
      womens_federation: "support",
      procuratorate: "oversight",
    },
    danger: {
      police: "lead",
      health: "support",
      womens_federation: "support",
      procuratorate: "oversight",
    },
  },
  {
    category: "sexual_abuse",
    atSchool: true,
    calm: {
      police: "lead",
      health: "support",
      womens_federation: "support",
      education: "support",
      procuratorate: "oversight",
    },
    danger: {
      police: "lead",
      health: "support",
      womens_federation: "support",
      education: "support",
      procuratorate: "oversight",
    },
  },
  {
    category: "physical_abuse",
    calm: {
      police: "lead",
      civil_affairs: "support",
      womens_federation: "support",
      procuratorate: "oversight",
    },
    danger: {
      police: "lead",
      civil_affairs: "support",
      womens_federation: "support",
      procuratorate: "oversight",
    },
  },
  {
    category: "abnormal_injury_or_death",
    calm: { police: "lead", health: "support", education: "support", procuratorate: "oversight" },
    danger: {
      police: "lead",
      health: "support",
      education: "support",
      procuratorate: "oversight",
    },
  },
  ...(
    ["abandonment", "missing_or_trafficked", "organised_begging", "other_serious_harm"] as const
  ).map(
    (category): Row => ({
      category,
      calm: { police: "lead", civil_affairs: "support", procuratorate: "oversight" },
      danger: { police: "lead", civil_affairs: "support", procuratorate: "oversight" },
    }),
  ),
  {
    category: "bullying",
    calm: { education: "lead" },
    danger: { education: "lead", police: "support" },
  },
  {
    category: "online_harm",
    calm: { cyberspace: "lead", police: "support" },
    danger: { cyberspace: "lead", police: "support" },
  },
  {
    category: "dropout",
    calm: { education: "lead", civil_affairs: "support" },
    danger: { education: "lead", civil_affairs: "support", police: "support" },
    dangerRuleIds: { police: "immediate_danger" },
  },
  {
    category: "guardianship_failure",
    calm: { civil_affairs: "lead" },
    danger: { civil_affairs: "lead", police: "support" },
  },
  {
    category: "mental_health_crisis",
    calm: { education: "lead", health: "support" },
    danger: { education: "lead", health: "support", police: "support" },
    dangerRuleIds: { police: "immediate_danger" },
  },
];

describe("routeReport: the default table, row by row", () => {
  it("covers all 13 categories of domain.md", () => {
    // Prepare
    const covered = new Set(ROWS.map((r) => r.category));

    // Assess
    expect([...covered].sort()).toEqual([...HARM_CATEGORIES].sort());
    expect(covered.size).toBe(13);
  });

  describe.each(ROWS)("$category (atSchool: $atSchool)", (row) => {
    it.each([
      { immediateDanger: false, expected: row.calm },
      { immediateDanger: true, expected: row.danger },
    ])(
      "immediateDanger $immediateDanger gives exactly the table's tickets",
      ({ immediateDanger, expected }) => {
        // Prepare
        const s = subject([row.category], immediateDanger, row.atSchool ?? false);

        // Act
        const decisions = routeReport(s, CREATED_AT);

        // Assess
        expect(kindsOf(decisions)).toEqual(expected);
        expect(decisions).toHaveLength(Object.keys(expected).length);
        for (const d of decisions) {
          const ruleId =
            (immediateDanger ? row.dangerRuleIds?.[d.agency] : undefined) ?? row.category;
          expect(d.routingRule.ruleId, d.agency).toBe(ruleId);
          expect(d.routingRule.tableVersion).toBe(DEFAULT_ROUTING_TABLE.version);
          expect(d.routingRule.reason.length).toBeGreaterThan(0);
        }
      },
    );
  });

  it("atSchool does not change rows that have no school condition", () => {
    // Prepare
    const rows = HARM_CATEGORIES.filter((c) => c !== "sexual_abuse");

    // Act / Assess
    for (const category of rows) {
      for (const immediateDanger of [false, true]) {
        const off = routeReport(subject([category], immediateDanger, false), CREATED_AT);
        const on = routeReport(subject([category], immediateDanger, true), CREATED_AT);
        expect(kindsOf(on), category).toEqual(kindsOf(off));
      }
    }
  });
});

describe("routeReport: the headline case", () => {
  it("physical abuse in immediate danger: police lead in 15 minutes, two supports, oversight", () => {
    // Prepare
    const s = subject(["physical_abuse"], true);

    // Act
    const decisions = routeReport(s, CREATED_AT);

    // Assess
    expect(kindsOf(decisions)).toEqual({
      police: "lead",
      civil_affairs: "support",
      womens_federation: "support",
      procuratorate: "oversight",
    });
    const police = ticketOf(decisions, "police");
    expect(police.acceptDueAt).toBe("2026-11-27T08:15:00.000Z"); // + 15 min
    expect(police.closeDueAt).toBe("2026-11-30T08:00:00.000Z"); // + 3 days
    for (const agency of ["civil_affairs", "womens_federation"] as const) {
      const t = ticketOf(decisions, agency);
      expect(t.acceptDueAt, agency).toBe("2026-11-27T08:15:00.000Z"); // + 15 min: danger is immediate for all
      expect(t.closeDueAt, agency).toBe("2026-12-27T08:00:00.000Z"); // + 30 days
    }
    const oversight = ticketOf(decisions, "procuratorate");
    expect(oversight.acceptDueAt).toBe("2026-11-30T08:00:00.000Z"); // + 3 days
    expect(oversight.closeDueAt).toBeNull();
  });

  it("lists the lead first, then supports, then oversight", () => {
    // Act
    const decisions = routeReport(subject(["physical_abuse"], true), CREATED_AT);

    // Assess
    const strength = { lead: 3, support: 2, oversight: 1 } as const;
    const kinds = decisions.map((d) => strength[d.kind]);
    expect(kinds).toEqual([...kinds].sort((a, b) => b - a));
    expect(decisions[0]?.kind).toBe("lead");
  });
});

describe("routeReport: rules combine", () => {
  it("gives one ticket per agency when several rules ask for the same agency", () => {
    // Prepare: both rows ask police lead, civil_affairs support, procuratorate oversight.
    const s = subject(["physical_abuse", "abandonment"]);

    // Act
    const decisions = routeReport(s, CREATED_AT);

    // Assess
    expect(kindsOf(decisions)).toEqual({
      police: "lead",
      civil_affairs: "support",
      womens_federation: "support",
      procuratorate: "oversight",
    });
    expect(decisions).toHaveLength(4);
    const civil = ticketOf(decisions, "civil_affairs");
    expect(new Set([civil.routingRule.ruleId, ...civil.routingRule.alsoMatched])).toEqual(
      new Set(["physical_abuse", "abandonment"]),
    );
  });

  it("keeps the strongest kind: lead beats support", () => {
    // Prepare: guardianship_failure makes civil_affairs lead; physical_abuse asks it to support.
    const s = subject(["physical_abuse", "guardianship_failure"]);

    // Act
    const decisions = routeReport(s, CREATED_AT);

    // Assess
    const civil = ticketOf(decisions, "civil_affairs");
    expect(civil.kind).toBe("lead");
    expect(civil.routingRule.ruleId).toBe("guardianship_failure");
    expect(civil.routingRule.alsoMatched).toEqual(["physical_abuse"]);
    expect(ticketOf(decisions, "police").kind).toBe("lead");
  });

  it("keeps the strongest kind whatever the order of the categories", () => {
    // Prepare
    const a = subject(["abnormal_injury_or_death", "bullying"]);
    const b = subject(["bullying", "abnormal_injury_or_death"]);

    // Act
    const first = routeReport(a, CREATED_AT);
    const second = routeReport(b, CREATED_AT);

    // Assess: education leads (bullying) although abnormal_injury_or_death asks it to support.
    expect(ticketOf(first, "education").kind).toBe("lead");
    expect(ticketOf(first, "education").routingRule.ruleId).toBe("bullying");
    expect(kindsOf(second)).toEqual(kindsOf(first));
    expect(ticketOf(second, "education").routingRule.ruleId).toBe("bullying");
  });

  it("keeps the strongest kind: support beats oversight", () => {
    // Prepare: a table where procuratorate supports one row and oversees another.
    const table: RoutingTable = {
      ...DEFAULT_ROUTING_TABLE,
      rules: DEFAULT_ROUTING_TABLE.rules.map((r) =>
        r.category === "dropout"
          ? { ...r, support: [...r.support, { agency: "procuratorate", when: "always" }] }
          : r,
      ),
    };

    // Act
    const decisions = routeReport(subject(["abandonment", "dropout"]), CREATED_AT, table);

    // Assess
    const procuratorate = ticketOf(decisions, "procuratorate");
    expect(procuratorate.kind).toBe("support");
    expect(procuratorate.routingRule.ruleId).toBe("dropout");
    expect(procuratorate.closeDueAt).toBe("2026-12-27T08:00:00.000Z"); // support: 30 days
  });

  it("takes the tightest due times of the rules that combine", () => {
    // Prepare: civil_affairs supports physical_abuse (24 h) and abandonment (child without a
    // carer: 1 h).
    const alone = routeReport(subject(["physical_abuse"]), CREATED_AT);

    // Act
    const combined = routeReport(subject(["physical_abuse", "abandonment"]), CREATED_AT);

    // Assess
    expect(ticketOf(alone, "civil_affairs").acceptDueAt).toBe("2026-11-28T08:00:00.000Z");
    expect(ticketOf(combined, "civil_affairs").acceptDueAt).toBe("2026-11-27T09:00:00.000Z");
  });

  it("takes the tightest due times even when they come from the weaker kind", () => {
    // Prepare: civil affairs leads guardianship_failure and supports physical_abuse; the
    // child-without-a-carer row (1 h) applies to the support claim as much as to the lead.
    // The merged lead ticket keeps the 1 h.
    const s = subject(["guardianship_failure", "physical_abuse"], false, false);

    // Act
    const decisions = routeReport(s, CREATED_AT);

    // Assess
    const civil = ticketOf(decisions, "civil_affairs");
    expect(civil.kind).toBe("lead");
    expect(civil.acceptDueAt).toBe("2026-11-27T09:00:00.000Z");
    expect(civil.closeDueAt).toBe("2026-12-27T08:00:00.000Z");
  });
});

describe("routeReport: immediate danger always brings police", () => {
  it("adds police support to a row that has no police", () => {
    // Act
    const decisions = routeReport(subject(["mental_health_crisis"], true), CREATED_AT);

    // Assess
    const police = ticketOf(decisions, "police");
    expect(police.kind).toBe("support");
    expect(police.routingRule.ruleId).toBe("immediate_danger");
    expect(police.acceptDueAt).toBe("2026-11-27T08:15:00.000Z"); // support with danger: 15 min
  });

  it("does not add a second police ticket when police already leads", () => {
    // Act
    const decisions = routeReport(subject(["missing_or_trafficked"], true), CREATED_AT);

    // Assess
    expect(decisions.filter((d) => d.agency === "police")).toHaveLength(1);
    expect(ticketOf(decisions, "police").kind).toBe("lead");
  });

  it("holds for any categories and any switched-off agencies (property)", () => {
    const optional = Object.values(AGENCIES)
      .filter((a) => !a.required)
      .map((a) => a.code);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...HARM_CATEGORIES), { minLength: 1 }),
        fc.subarray(optional),
        fc.boolean(),
        (categories, enabledOptional, atSchool) => {
          // Prepare
          const required = Object.values(AGENCIES)
            .filter((a) => a.required)
            .map((a) => a.code);
          const table: RoutingTable = {
            ...DEFAULT_ROUTING_TABLE,
            enabledAgencies: [...required, ...enabledOptional],
          };

          // Act
          const decisions = routeReport(subject(categories, true, atSchool), CREATED_AT, table);

          // Assess
          const police = decisions.filter((d) => d.agency === "police");
          expect(police).toHaveLength(1);
          expect(["lead", "support"]).toContain(police[0]?.kind);
          const agencies = decisions.map((d) => d.agency);
          expect(new Set(agencies).size).toBe(agencies.length);
          for (const agency of agencies) {
            expect(AGENCIES[agency].required || enabledOptional.includes(agency)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("routeReport: switched-off agencies fall back", () => {
  const without = (...off: AgencyCode[]): RoutingTable => ({
    ...DEFAULT_ROUTING_TABLE,
    enabledAgencies: DEFAULT_ROUTING_TABLE.enabledAgencies.filter((a) => !off.includes(a)),
  });

  it("a criminal category's support falls back to police", () => {
    // Prepare: sexual abuse is criminal; its health and womens_federation supports are off.
    const table = without("health", "womens_federation");

    // Act
    const decisions = routeReport(subject(["sexual_abuse"]), CREATED_AT, table);

    // Assess: the fallback merges into the police lead.
    expect(kindsOf(decisions)).toEqual({ police: "lead", procuratorate: "oversight" });
  });

  it("a criminal category's support falls back to police even where police did not lead", () => {
    // Prepare: a table where the criminal abandonment row leads with civil_affairs and asks
    // health (switched off) to support.
    const base: RoutingTable = without("health");
    const table: RoutingTable = {
      ...base,
      rules: base.rules.map((r) =>
        r.category === "abandonment"
          ? { ...r, lead: "civil_affairs", support: [{ agency: "health", when: "always" }] }
          : r,
      ),
    };

    // Act
    const decisions = routeReport(subject(["abandonment"]), CREATED_AT, table);

    // Assess
    expect(kindsOf(decisions)).toEqual({
      civil_affairs: "lead",
      police: "support",
      procuratorate: "oversight",
    });
    const police = ticketOf(decisions, "police");
    expect(police.routingRule.ruleId).toBe("abandonment");
    expect(police.routingRule.reason).toContain("health");
  });

  it("a non-criminal category's support falls back to civil_affairs", () => {
    // Act
    const decisions = routeReport(subject(["mental_health_crisis"]), CREATED_AT, without("health"));

    // Assess
    expect(kindsOf(decisions)).toEqual({ education: "lead", civil_affairs: "support" });
    const civil = ticketOf(decisions, "civil_affairs");
    expect(civil.routingRule.ruleId).toBe("mental_health_crisis");
    expect(civil.routingRule.reason).toContain("health");
  });

  it("online_harm falls back to police when cyberspace is off, though it is not criminal", () => {
    // Act
    const decisions = routeReport(subject(["online_harm"]), CREATED_AT, without("cyberspace"));

    // Assess
    expect(kindsOf(decisions)).toEqual({ police: "lead" });
    expect(ticketOf(decisions, "police").routingRule.ruleId).toBe("online_harm");
    expect(ticketOf(decisions, "police").acceptDueAt).toBe("2026-11-27T09:00:00.000Z"); // lead 1 h
  });

  it("required agencies cannot be switched off", () => {
    // Prepare: a table that lists no agency at all.
    const table: RoutingTable = { ...DEFAULT_ROUTING_TABLE, enabledAgencies: [] };

    // Act
    const decisions = routeReport(subject(["dropout", "physical_abuse"]), CREATED_AT, table);

    // Assess: womens_federation (optional) is gone; required ones keep their tickets.
    expect(kindsOf(decisions)).toEqual({
      police: "lead",
      education: "lead",
      civil_affairs: "support",
      procuratorate: "oversight",
    });
  });
});

describe("routingSubjectOf", () => {
  const report = (relationship: string, atSchool?: boolean) =>
    ReportInputSchema.parse({
      reporter: { relationship },
      children: [{ gender: "female", ageYears: 9, township: "建塘镇" }],
      incident: {
        categories: ["sexual_abuse"],
        description: "孩子自述在学校被侵害。",
        immediateDanger: true,
        ...(atSchool === undefined ? {} : { atSchool }),
      },
    });

  it.each([
    { relationship: "teacher", atSchool: undefined, expected: true },
    { relationship: "school_staff", atSchool: undefined, expected: true },
    { relationship: "doctor", atSchool: undefined, expected: false },
    { relationship: "child_director", atSchool: undefined, expected: false },
    { relationship: "teacher", atSchool: false, expected: false },
    { relationship: "doctor", atSchool: true, expected: true },
  ])(
    "a $relationship reporter with atSchool $atSchool → atSchool $expected",
    ({ relationship, atSchool, expected }) => {
      // Prepare
      const input = report(relationship, atSchool);

      // Act
      const s = routingSubjectOf(input);

      // Assess
      expect(s).toEqual({
        categories: ["sexual_abuse"],
        immediateDanger: true,
        atSchool: expected,
        severity: {},
      });
    },
  );

  it("a teacher's report of sexual abuse brings education in", () => {
    // Act
    const decisions = routeReport(routingSubjectOf(report("teacher")), CREATED_AT);

    // Assess
    expect(ticketOf(decisions, "education").kind).toBe("support");
  });

  it("immediateDanger defaults to false when the body leaves it out", () => {
    // Prepare
    const input = ReportInputSchema.parse({
      reporter: { relationship: "doctor" },
      children: [{ gender: "male", ageYears: 4, township: "尼西乡" }],
      incident: { categories: ["abandonment"], description: "长期无人照料。" },
    });

    // Act
    const s = routingSubjectOf(input);

    // Assess
    expect(s.immediateDanger).toBe(false);
  });
});
