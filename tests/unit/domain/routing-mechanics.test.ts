/**
 * How a report becomes tickets, on a small routing table built for the test (routing/route.ts):
 * an agency that is switched off hands its ticket to the fallback, conditions gate agencies, one
 * decision per agency with the strongest kind and the rule that fired, police join in immediate
 * danger (意见 Art. 8), and decisions come lead → support → oversight. The reasons are the
 * sentences recorded on the ticket and in the audit trail.
 */
import {
  AGENCY_CODES,
  policy,
  type ReportInput,
  type RoutingRule,
  type RoutingTable,
  routeReport,
  routingSubjectOf,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const T0 = new Date("2026-04-01T00:00:00.000Z");
const plus = (h: number) => new Date(T0.getTime() + h * 3_600_000).toISOString();

const rule = (
  r: Omit<RoutingRule, "basis" | "oversight" | "support"> & Partial<RoutingRule>,
): RoutingRule => ({
  support: [],
  oversight: [],
  basis: policy(`p-${r.id}`),
  ...r,
});

/** Health, youth league and cyberspace switched off. */
const TABLE: RoutingTable = {
  version: 7,
  enabledAgencies: AGENCY_CODES.filter(
    (a) => !["health", "youth_league", "cyberspace"].includes(a),
  ),
  rules: [
    rule({
      id: "dropout",
      category: "dropout",
      lead: "education",
      support: [{ agency: "health", when: "always" }],
      oversight: ["justice"],
    }),
    rule({
      id: "mh",
      category: "mental_health_crisis",
      lead: "education",
      support: [
        { agency: "womens_federation", when: "always" },
        { agency: "civil_affairs", when: "at_school" },
      ],
      oversight: ["police"],
    }),
    rule({
      id: "bully",
      category: "bullying",
      lead: "education",
      conditionalLeads: [{ agency: "police", when: "criminal" }],
      support: [{ agency: "police", when: "serious" }],
    }),
    rule({ id: "online", category: "online_harm", lead: "cyberspace", leadFallback: "police" }),
    rule({
      id: "abuse",
      category: "physical_abuse",
      lead: "police",
      support: [{ agency: "youth_league", when: "always" }],
    }),
    rule({ id: "guard", category: "guardianship_failure", lead: "civil_affairs" }),
  ],
};

const subject = (
  categories: RoutingRule["category"][],
  more: { immediateDanger?: boolean; atSchool?: boolean; severity?: Record<string, boolean> } = {},
) => ({ categories, immediateDanger: false, atSchool: false, ...more });

const summary = (ds: ReturnType<typeof routeReport>) =>
  ds.map((d) => [d.agency, d.kind, d.routingRule.ruleId, d.routingRule.alsoMatched]);

describe("agencies switched off", () => {
  it("hands a non-criminal category's ticket to civil affairs, saying in whose place", () => {
    const ds = routeReport(subject(["dropout"]), T0, TABLE);
    expect(ds.map((d) => [d.agency, d.kind, d.routingRule.reason])).toEqual([
      ["education", "lead", "dropout → education lead; 本地政策：p-dropout"],
      [
        "civil_affairs",
        "support",
        "dropout → civil_affairs support (in place of health, switched off); 本地政策：p-dropout",
      ],
      ["justice", "oversight", "dropout → justice oversight; 本地政策：p-dropout"],
    ]);
    expect(ds[0]?.routingRule).toEqual({
      tableVersion: 7,
      ruleId: "dropout",
      reason: "dropout → education lead; 本地政策：p-dropout",
      alsoMatched: [],
    });
  });

  it("hands a criminal category's ticket to police", () => {
    const ds = routeReport(subject(["physical_abuse"]), T0, TABLE);
    expect(ds.map((d) => [d.agency, d.kind])).toEqual([["police", "lead"]]);
    expect(ds[0]?.routingRule.alsoMatched).toEqual([]);
  });

  it("uses the rule's own fallback for a switched-off lead", () => {
    const [d] = routeReport(subject(["online_harm"]), T0, TABLE);
    expect(d?.agency).toBe("police");
    expect(d?.routingRule.reason).toBe(
      "online_harm → police lead (in place of cyberspace, switched off); 本地政策：p-online",
    );
  });

  it("never switches off a required agency, even when the table leaves it out", () => {
    const table = { ...TABLE, enabledAgencies: ["justice" as const] };
    expect(routeReport(subject(["dropout"]), T0, table).map((d) => d.agency)).toEqual([
      "education",
      "civil_affairs",
      "justice",
    ]);
  });
});

describe("conditions", () => {
  it("names the condition that brought an agency in", () => {
    const ds = routeReport(subject(["bullying"], { severity: { visibleInjury: true } }), T0, TABLE);
    expect(ds.map((d) => [d.agency, d.kind, d.routingRule.reason])).toEqual([
      ["education", "lead", "bullying → education lead; 本地政策：p-bully"],
      ["police", "support", "bullying [serious] → police support; 本地政策：p-bully"],
    ]);
  });

  it("makes police lead on suspected crime, the support claim of the same rule not listed again", () => {
    const ds = routeReport(subject(["bullying"], { severity: { extortion: true } }), T0, TABLE);
    const police = ds.find((d) => d.agency === "police");
    expect(police?.kind).toBe("lead");
    expect(police?.routingRule.reason).toBe("bullying [criminal] → police lead; 本地政策：p-bully");
    expect(police?.routingRule.alsoMatched).toEqual([]);
  });

  it("brings civil affairs in only at school", () => {
    expect(
      routeReport(subject(["mental_health_crisis"]), T0, TABLE).map((d) => d.agency),
    ).not.toContain("civil_affairs");
    const atSchool = routeReport(subject(["mental_health_crisis"], { atSchool: true }), T0, TABLE);
    expect(atSchool.find((d) => d.agency === "civil_affairs")?.routingRule.reason).toBe(
      "mental_health_crisis [at_school] → civil_affairs support; 本地政策：p-mh",
    );
  });

  it("gives a rule without conditional leads no extra lead, whatever the facts", () => {
    const ds = routeReport(
      subject(["guardianship_failure"], {
        severity: { guardianHarming: true, visibleInjury: true },
      }),
      T0,
      TABLE,
    );
    expect(summary(ds)).toEqual([["civil_affairs", "lead", "guard", []]]);
  });

  it("skips a category the table has no rule for", () => {
    expect(
      summary(routeReport(subject(["abandonment", "dropout"]), T0, TABLE)).map((s) => s[0]),
    ).toEqual(["education", "civil_affairs", "justice"]);
  });
});

describe("one decision per agency", () => {
  it("keeps the first rule of equal strength as the one that fired and lists the others", () => {
    const ds = routeReport(subject(["dropout", "mental_health_crisis"]), T0, TABLE);
    const education = ds.find((d) => d.agency === "education");
    expect(education?.routingRule.ruleId).toBe("dropout");
    expect(education?.routingRule.alsoMatched).toEqual(["mh"]);
  });

  it("orders lead, support, oversight, and agencies alphabetically within a kind", () => {
    const ds = routeReport(
      subject(["mental_health_crisis", "dropout"], { atSchool: true }),
      T0,
      TABLE,
    );
    expect(ds.map((d) => [d.agency, d.kind])).toEqual([
      ["education", "lead"],
      ["civil_affairs", "support"],
      ["womens_federation", "support"],
      ["justice", "oversight"],
      ["police", "oversight"],
    ]);
  });
});

describe("immediate danger", () => {
  it("adds police support where police would only oversee, with the oversight's and support's clocks merged", () => {
    const ds = routeReport(subject(["mental_health_crisis"], { immediateDanger: true }), T0, TABLE);
    const police = ds.find((d) => d.agency === "police");
    expect(police).toEqual({
      agency: "police",
      kind: "support",
      // Oversight: 3 days to acknowledge, no close clock; support in danger: 15 min, 30 / 60 days.
      acceptDueAt: plus(0.25),
      closeDueAt: plus(30 * 24),
      extendableUntil: plus(60 * 24),
      slaRules: ["oversight", "support_immediate_danger", "support"],
      routingRule: {
        tableVersion: 7,
        ruleId: "immediate_danger",
        reason: "immediateDanger → police support; 法律规定：意见 Art. 8 立即接受",
        alsoMatched: ["mh"],
      },
    });
  });

  it("adds nothing when police already support or lead", () => {
    const ds = routeReport(
      subject(["bullying"], { immediateDanger: true, severity: { repeated: true } }),
      T0,
      TABLE,
    );
    expect(summary(ds)).toEqual([
      ["education", "lead", "bully", []],
      ["police", "support", "bully", []],
    ]);
  });

  it("adds police support to a report with no rule at all", () => {
    expect(
      summary(routeReport(subject(["abandonment"], { immediateDanger: true }), T0, TABLE)),
    ).toEqual([["police", "support", "immediate_danger", []]]);
  });
});

describe("routingSubjectOf", () => {
  const report = (relationship: string, incident: Record<string, unknown> = {}) =>
    ({
      reporter: { relationship },
      children: [],
      incident: { categories: ["bullying"], immediateDanger: true, ...incident },
    }) as unknown as ReportInput;

  it("counts a teacher's or school staff's report as at school unless the reporter says otherwise", () => {
    expect(routingSubjectOf(report("teacher")).atSchool).toBe(true);
    expect(routingSubjectOf(report("school_staff")).atSchool).toBe(true);
    expect(routingSubjectOf(report("teacher", { atSchool: false })).atSchool).toBe(false);
    expect(routingSubjectOf(report("doctor")).atSchool).toBe(false);
    expect(routingSubjectOf(report("doctor", { atSchool: true })).atSchool).toBe(true);
  });

  it("carries the categories, danger and severity, an absent severity as no facts", () => {
    expect(routingSubjectOf(report("neighbour"))).toEqual({
      categories: ["bullying"],
      immediateDanger: true,
      atSchool: false,
      severity: {},
    });
    expect(
      routingSubjectOf(report("neighbour", { severity: { repeated: true } })).severity,
    ).toEqual({
      repeated: true,
    });
  });
});
