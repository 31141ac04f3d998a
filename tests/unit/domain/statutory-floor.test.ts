/**
 * The statutory floor (docs/domain.md, "The statutory floor"): the nine situations of 意见 Art. 4,
 * the severity thresholds of 未保法 Arts. 39 and 118, immediate danger for every agency, and the
 * validators that refuse a routing table or SLA policy below the floor, naming the statute.
 * Expectations are written from the law, not read back from the tables.
 */
import {
  type AgencyCode,
  ART4_CATEGORIES,
  ART4_SITUATIONS,
  assertRoutingTableAboveFloor,
  CLOCK_IDS,
  DAY,
  DEFAULT_ROUTING_TABLE,
  DEFAULT_SLA_POLICY,
  dueTimesFor,
  HARM_CATEGORIES,
  HOUR,
  MINUTE,
  type RoutingRule,
  type RoutingTable,
  routeReport,
  routingFloorViolations,
  type SeverityFacts,
  type SlaPolicy,
  StatutoryFloorError,
  slaFloorViolations,
  type TicketDecision,
  type TicketKind,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const AT = new Date("2026-11-27T08:00:00.000Z");
const plus = (ms: number) => new Date(AT.getTime() + ms).toISOString();

const kinds = (ds: readonly TicketDecision[]) =>
  Object.fromEntries(ds.map((d) => [d.agency, d.kind])) as Partial<Record<AgencyCode, TicketKind>>;
const ticket = (ds: readonly TicketDecision[], agency: AgencyCode) => {
  const t = ds.find((d) => d.agency === agency);
  if (!t) throw new Error(`no ${agency} ticket`);
  return t;
};
const route = (
  categories: RoutingRule["category"][],
  opts: { danger?: boolean; atSchool?: boolean; severity?: SeverityFacts } = {},
) =>
  routeReport(
    {
      categories,
      immediateDanger: opts.danger ?? false,
      atSchool: opts.atSchool ?? false,
      severity: opts.severity ?? {},
    },
    AT,
  );

describe("意见 Art. 4: each of the nine situations routes police lead and procuratorate oversight", () => {
  it.each(ART4_SITUATIONS)("item ($item): $category", ({ item, category }) => {
    for (const danger of [false, true]) {
      const ds = route([category], { danger });
      expect(ticket(ds, "police").kind).toBe("lead");
      expect(ticket(ds, "procuratorate").kind).toBe("oversight");
      expect(ticket(ds, "police").routingRule.reason).toContain(`Art. 4(`);
      expect(ticket(ds, "police").routingRule.reason).toContain(item);
      // The police lead is accepted at once: 15 minutes with danger, 1 hour without.
      expect(ticket(ds, "police").acceptDueAt).toBe(plus(danger ? 15 * MINUTE : HOUR));
      expect(ticket(ds, "police").closeDueAt).toBe(plus(3 * DAY));
    }
  });
  it("covers nine items over eight categories (items 2 and 3 are both sexual abuse)", () => {
    expect(ART4_SITUATIONS).toHaveLength(9);
    expect(new Set(ART4_CATEGORIES)).toEqual(
      new Set([
        "genital_injury",
        "sexual_abuse",
        "physical_abuse",
        "abnormal_injury_or_death",
        "abandonment",
        "missing_or_trafficked",
        "organised_begging",
        "other_serious_harm",
      ]),
    );
  });
});

describe("the situations the law names beyond Art. 4", () => {
  it.each([
    {
      situation: "bullying, nothing serious stated: education alone",
      categories: ["bullying"] as const,
      severity: {},
      expected: { education: "lead" },
    },
    {
      situation: "serious bullying (visible injury): police support (未保法 Art. 39)",
      categories: ["bullying"] as const,
      severity: { visibleInjury: true },
      expected: { education: "lead", police: "support" },
    },
    {
      situation: "serious bullying (repeated): police support",
      categories: ["bullying"] as const,
      severity: { repeated: true },
      expected: { education: "lead", police: "support" },
    },
    {
      situation: "criminal bullying (weapon or group): police lead",
      categories: ["bullying"] as const,
      severity: { weaponOrGroup: true },
      expected: { education: "lead", police: "lead" },
    },
    {
      situation: "criminal bullying (extortion): police lead",
      categories: ["bullying"] as const,
      severity: { extortion: true },
      expected: { education: "lead", police: "lead" },
    },
    {
      situation: "guardianship failure, nothing serious: civil affairs alone",
      categories: ["guardianship_failure"] as const,
      severity: {},
      expected: { civil_affairs: "lead" },
    },
    {
      situation: "serious guardianship failure (no carer): police support (未保法 Art. 118)",
      categories: ["guardianship_failure"] as const,
      severity: { noCarer: true },
      expected: { civil_affairs: "lead", police: "support" },
    },
    {
      situation: "serious guardianship failure (guardian harming): police support",
      categories: ["guardianship_failure"] as const,
      severity: { guardianHarming: true },
      expected: { civil_affairs: "lead", police: "support" },
    },
    {
      situation: "guardian injures the child: police lead",
      categories: ["guardianship_failure"] as const,
      severity: { guardianHarming: true, visibleInjury: true },
      expected: { civil_affairs: "lead", police: "lead" },
    },
  ])("$situation", ({ categories, severity, expected }) => {
    expect(kinds(route([...categories], { severity }))).toEqual(expected);
  });

  it("bullying with immediate danger: every lead and support accepts within 15 minutes", () => {
    const ds = route(["bullying"], { danger: true });
    expect(kinds(ds)).toEqual({ education: "lead", police: "support" });
    for (const d of ds) expect(d.acceptDueAt, d.agency).toBe(plus(15 * MINUTE));
  });

  it("physical abuse with immediate danger: civil affairs too accepts within 15 minutes", () => {
    const ds = route(["physical_abuse"], { danger: true });
    expect(ticket(ds, "civil_affairs").acceptDueAt).toBe(plus(15 * MINUTE));
    expect(ticket(ds, "womens_federation").acceptDueAt).toBe(plus(15 * MINUTE));
    // Oversight acknowledges; it is not a lead or support ticket.
    expect(ticket(ds, "procuratorate").acceptDueAt).toBe(plus(3 * DAY));
  });
});

const withRule = (category: string, change: Partial<RoutingRule>): RoutingTable => ({
  ...DEFAULT_ROUTING_TABLE,
  rules: DEFAULT_ROUTING_TABLE.rules.map((r) =>
    r.category === category ? { ...r, ...change } : r,
  ),
});

describe("routing table validation against the floor", () => {
  it("accepts the default table", () => {
    expect(routingFloorViolations(DEFAULT_ROUTING_TABLE)).toEqual([]);
  });

  it("refuses sexual abuse sent to education without oversight, naming 意见 Art. 4(2)(3)", () => {
    const table = withRule("sexual_abuse", {
      lead: "education",
      support: [{ agency: "police", when: "always" }],
      oversight: [],
    });
    const violations = routingFloorViolations(table);
    expect(violations.map((v) => v.message)).toEqual([
      "sexual_abuse must route police as lead",
      "sexual_abuse must route procuratorate as oversight",
    ]);
    expect(violations[0]?.citation).toContain("意见 Art. 4(2)(3)");
    expect(violations[1]?.citation).toContain("刑事诉讼法 Art. 113");
    expect(() => assertRoutingTableAboveFloor(table)).toThrow(StatutoryFloorError);
    expect(() => assertRoutingTableAboveFloor(table)).toThrow(/意见 Art\. 4\(2\)\(3\)/);
  });

  it("refuses serious bullying without police, naming 未保法 Art. 39", () => {
    const table = withRule("bullying", {
      support: [{ agency: "police", when: "immediate_danger" }],
    });
    const messages = routingFloorViolations(table).map((v) => `${v.message} | ${v.citation}`);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /bullying must route police as support when serious \| 未保法 Art\. 39/,
      ),
    );
  });

  it("accepts a table that goes further than the floor (police leads all bullying)", () => {
    expect(routingFloorViolations(withRule("bullying", { lead: "police" }))).toEqual([]);
  });
});

const loosen = (change: (p: SlaPolicy) => SlaPolicy) => change(DEFAULT_SLA_POLICY);

describe("SLA policy validation against the floor", () => {
  it("accepts the default policy", () => {
    expect(slaFloorViolations(DEFAULT_SLA_POLICY)).toEqual([]);
  });

  it("refuses a protection-order clock longer than 72 h / 24 h, naming 反家暴法 Art. 28", () => {
    const policy = loosen((p) => ({
      ...p,
      clocks: {
        ...p.clocks,
        protection_order_decision: {
          ...p.clocks.protection_order_decision,
          withinMs: 96 * HOUR,
          emergencyWithinMs: 48 * HOUR,
        },
      },
    }));
    const v = slaFloorViolations(policy);
    expect(v.map((x) => x.path)).toEqual([
      "clocks.protection_order_decision.withinMs",
      "clocks.protection_order_decision.emergencyWithinMs",
    ]);
    for (const x of v) expect(x.citation).toContain("反家暴法 Art. 28");
  });

  it("refuses a police lead that may take a day to accept, and caps it all the same", () => {
    const policy = loosen((p) => ({
      ...p,
      rules: p.rules.map((r) => (r.match.agency === "police" ? { ...r, acceptWithinMs: DAY } : r)),
    }));
    const violations = slaFloorViolations(policy);
    expect(violations.map((v) => v.citation)).toContainEqual(
      expect.stringContaining("意见 Art. 8"),
    );
    // The error points at the field to change: the police_lead rule's accept time.
    const index = policy.rules.findIndex((r) => r.id === "police_lead");
    expect(violations.map((v) => v.path)).toEqual([`rules.${index}.acceptWithinMs`]);
    const due = dueTimesFor(
      { agency: "police", kind: "lead", immediateDanger: false, categories: ["sexual_abuse"] },
      AT,
      policy,
    );
    expect(due.acceptDueAt).toBe(plus(HOUR));
    expect(due.slaRules).toContain("statutory_floor");
  });

  it("lets an administrator tighten a statutory clock", () => {
    const policy = loosen((p) => ({
      ...p,
      clocks: {
        ...p.clocks,
        guardianship_revocation: { ...p.clocks.guardianship_revocation, withinMs: 20 * DAY },
      },
    }));
    expect(slaFloorViolations(policy)).toEqual([]);
  });

  it("gives every clock a basis, and a citation to every law one", () => {
    for (const id of CLOCK_IDS) {
      const b = DEFAULT_SLA_POLICY.clocks[id].basis;
      expect(b.source === "law" ? b.citation : b.note, id).toMatch(/\S/);
    }
    for (const r of [...DEFAULT_SLA_POLICY.rules, DEFAULT_SLA_POLICY.defaultRule]) {
      expect(["law", "policy"]).toContain(r.basis.source);
    }
    expect(
      HARM_CATEGORIES.every((c) => DEFAULT_ROUTING_TABLE.rules.some((r) => r.category === c)),
    ).toBe(true);
  });
});
