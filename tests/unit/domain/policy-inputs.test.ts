/**
 * What an administrator may send as a new routing table or SLA policy: every refusal names the
 * field (path) it is about, so the API's problem+json can point at the row to fix.
 */
import {
  DEFAULT_ROUTING_TABLE,
  DEFAULT_SLA_POLICY,
  RoutingTableInputSchema,
  SlaPolicyInputSchema,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const routingInput = () => ({
  rules: DEFAULT_ROUTING_TABLE.rules.map((r) => structuredClone(r)),
  enabledAgencies: [...DEFAULT_ROUTING_TABLE.enabledAgencies],
});

type Issue = { path: string; message: string };
const routingIssues = (input: unknown): Issue[] => {
  const out = RoutingTableInputSchema.safeParse(input);
  return out.success
    ? []
    : out.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("RoutingTableInputSchema", () => {
  it("accepts the default table as an administrator would send it back", () => {
    expect(routingIssues(routingInput())).toEqual([]);
  });

  it("refuses a second rule with the same id, naming the second one", () => {
    const input = routingInput();
    const i = input.rules.findIndex((r) => r.id === "dropout");
    const j = input.rules.findIndex((r) => r.id === "bullying");
    input.rules[j] = { ...input.rules[j], id: "dropout" } as (typeof input.rules)[number];
    expect(routingIssues(input)).toEqual([
      { path: `rules.${Math.max(i, j)}.id`, message: "duplicate rule id" },
    ]);
  });

  it("refuses a category routed twice and names the category left without a rule", () => {
    const input = routingInput();
    const dropout = input.rules.findIndex((r) => r.category === "dropout");
    // The mental-health rule now claims "dropout" too: dropout twice, mental health never.
    const mh = input.rules.findIndex((r) => r.category === "mental_health_crisis");
    input.rules[mh] = { ...input.rules[mh], category: "dropout" } as (typeof input.rules)[number];
    expect(routingIssues(input)).toEqual([
      {
        path: `rules.${Math.max(dropout, mh)}.category`,
        message: "this category already has a rule",
      },
      { path: "rules", message: "no rule for category mental_health_crisis" },
    ]);
  });

  it("refuses the same supporting agency and condition listed twice, at the repeat", () => {
    const input = routingInput();
    const i = input.rules.findIndex((r) => r.id === "dropout");
    input.rules[i] = {
      ...input.rules[i],
      support: [
        { agency: "civil_affairs", when: "always" },
        { agency: "health", when: "always" },
        { agency: "civil_affairs", when: "always" },
      ],
    } as (typeof input.rules)[number];
    expect(routingIssues(input)).toEqual([
      { path: `rules.${i}.support.2`, message: "listed twice" },
    ]);
  });

  it("allows the same agency under two different conditions", () => {
    // The default bullying rule has police for "serious" and for "immediate_danger".
    const bullying = DEFAULT_ROUTING_TABLE.rules.find((r) => r.id === "bullying");
    expect(bullying?.support.map((s) => s.agency)).toEqual(["police", "police"]);
    expect(routingIssues(routingInput())).toEqual([]);
  });

  it("refuses a conditional lead listed twice", () => {
    const input = routingInput();
    const i = input.rules.findIndex((r) => r.id === "bullying");
    input.rules[i] = {
      ...input.rules[i],
      conditionalLeads: [
        { agency: "police", when: "criminal" },
        { agency: "police", when: "criminal" },
      ],
    } as (typeof input.rules)[number];
    expect(routingIssues(input)).toEqual([
      { path: `rules.${i}.conditionalLeads.1`, message: "listed twice" },
    ]);
  });

  it("refuses an overseeing agency listed twice, at the repeat only", () => {
    const input = routingInput();
    const i = input.rules.findIndex((r) => r.id === "dropout");
    input.rules[i] = {
      ...input.rules[i],
      oversight: ["procuratorate", "justice", "procuratorate"],
    } as (typeof input.rules)[number];
    expect(routingIssues(input)).toEqual([
      { path: `rules.${i}.oversight.2`, message: "listed twice" },
    ]);
  });

  it("refuses an enabled agency listed twice, at the repeat only", () => {
    // Nine agencies, police twice and health not at all (health may be off).
    const input = routingInput();
    input.enabledAgencies = input.enabledAgencies.filter((a) => a !== "health" && a !== "justice");
    input.enabledAgencies.push("police");
    expect(input.enabledAgencies).toHaveLength(9);
    expect(routingIssues(input)).toEqual([{ path: "enabledAgencies.8", message: "listed twice" }]);
  });

  it("refuses to switch off a required agency, but lets an optional one go", () => {
    const withoutHealth = routingInput();
    withoutHealth.enabledAgencies = withoutHealth.enabledAgencies.filter((a) => a !== "health");
    expect(routingIssues(withoutHealth)).toEqual([]);

    const withoutCourt = routingInput();
    withoutCourt.enabledAgencies = withoutCourt.enabledAgencies.filter((a) => a !== "court");
    expect(routingIssues(withoutCourt)).toEqual([
      { path: "enabledAgencies", message: "court is required and cannot be switched off" },
    ]);
  });
});

const slaInput = () => ({
  rules: DEFAULT_SLA_POLICY.rules.map((r) => structuredClone(r)),
  defaultRule: structuredClone(DEFAULT_SLA_POLICY.defaultRule),
  clocks: structuredClone(DEFAULT_SLA_POLICY.clocks),
});
const slaIssues = (input: unknown): Issue[] => {
  const out = SlaPolicyInputSchema.safeParse(input);
  return out.success
    ? []
    : out.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("SlaPolicyInputSchema", () => {
  it("accepts the default policy as an administrator would send it back", () => {
    expect(slaIssues(slaInput())).toEqual([]);
  });

  it("refuses a rule that reuses the default rule's id", () => {
    const input = slaInput();
    input.rules[1] = {
      ...input.rules[1],
      id: input.defaultRule.id,
    } as (typeof input.rules)[number];
    expect(slaIssues(input)).toEqual([{ path: "rules.1.id", message: "duplicate rule id" }]);
  });

  it("refuses two rules with the same id, naming the second", () => {
    const input = slaInput();
    input.rules[2] = { ...input.rules[2], id: input.rules[0]?.id } as (typeof input.rules)[number];
    expect(slaIssues(input)).toEqual([{ path: "rules.2.id", message: "duplicate rule id" }]);
  });

  it("refuses a rule with the same conditions as an earlier one, naming that rule", () => {
    const input = slaInput();
    const first = input.rules[0];
    input.rules.push({
      ...structuredClone(first),
      id: "copy_of_first",
    } as (typeof input.rules)[number]);
    expect(slaIssues(input)).toEqual([
      {
        path: `rules.${input.rules.length - 1}.match`,
        message: `same conditions as rule ${first?.id}`,
      },
    ]);
  });

  it("refuses conditions on the default rule, which must match everything", () => {
    const input = slaInput();
    input.defaultRule = { ...input.defaultRule, match: { agency: "police" } };
    expect(slaIssues(input)).toEqual([
      {
        path: "defaultRule.match",
        message: "the default rule matches everything: no conditions",
      },
    ]);
  });

  it("refuses a clock shorter than a minute, naming the clock", () => {
    const input = slaInput();
    const clocks = {
      ...input.clocks,
      decline_ruling: { ...input.clocks.decline_ruling, withinMs: 59_999 },
    };
    expect(slaIssues({ ...input, clocks }).map((i) => i.path)).toEqual([
      "clocks.decline_ruling.withinMs",
    ]);
  });
});
