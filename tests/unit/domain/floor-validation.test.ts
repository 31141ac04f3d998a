/**
 * The floor validators' edges (floor-validation.ts; docs/domain.md, "The statutory floor"): which
 * routing rules meet a duty and which only look close, which SLA field an administrator is told to
 * change when several rules time a police lead ticket, the exact limits (1 h, 72 h, 30 days), and
 * the error the API turns into a 400. Figures are the law's, written out by hand.
 */
import {
  assertRoutingTableAboveFloor,
  assertSlaPolicyAboveFloor,
  DAY,
  DEFAULT_ROUTING_TABLE,
  DEFAULT_SLA_POLICY,
  HOUR,
  MINUTE,
  type RoutingRule,
  type RoutingTable,
  routingFloorViolations,
  type SlaPolicy,
  type SlaRule,
  StatutoryFloorError,
  slaFloorViolations,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const ART4_POLICE = (items: string) => `意见 Art. 4${items}; 意见 Art. 8 (公安机关应当立即接受)`;
const OVERSIGHT = "刑事诉讼法 Art. 113 (立案监督); 未保法 Art. 105";

const indexOf = (category: string) =>
  DEFAULT_ROUTING_TABLE.rules.findIndex((r) => r.category === category);
const withRule = (category: string, change: Partial<RoutingRule>): RoutingTable => ({
  ...DEFAULT_ROUTING_TABLE,
  rules: DEFAULT_ROUTING_TABLE.rules.map((r) =>
    r.category === category ? { ...r, ...change } : r,
  ),
});

describe("routingFloorViolations: who meets a duty", () => {
  it("names both duties of an Art. 4 category that has no rule at all", () => {
    const table = {
      rules: DEFAULT_ROUTING_TABLE.rules.filter((r) => r.category !== "genital_injury"),
    };
    expect(routingFloorViolations(table)).toEqual([
      { path: "rules", message: "genital_injury needs a rule", citation: ART4_POLICE("(1)") },
      { path: "rules", message: "genital_injury needs a rule", citation: OVERSIGHT },
    ]);
  });

  it("does not count police in support as the lead Art. 4 requires", () => {
    const table = withRule("physical_abuse", {
      lead: "civil_affairs",
      support: [{ agency: "police", when: "always" }],
    });
    expect(routingFloorViolations(table)).toEqual([
      {
        path: `rules.${indexOf("physical_abuse")}`,
        message: "physical_abuse must route police as lead",
        citation: ART4_POLICE("(4)"),
      },
    ]);
  });

  it("lets the procuratorate's oversight duty be met by support or lead as well", () => {
    const i = "abandonment";
    expect(
      routingFloorViolations(
        withRule(i, { oversight: [], support: [{ agency: "procuratorate", when: "always" }] }),
      ),
    ).toEqual([]);
    expect(
      routingFloorViolations(
        withRule(i, {
          oversight: [],
          support: [{ agency: "procuratorate", when: "immediate_danger" }],
        }),
      ).map((v) => v.message),
    ).toEqual(["abandonment must route procuratorate as oversight"]);
  });

  it("accepts police as a lead for suspected crime when the rule gives it for anything serious", () => {
    // A lead "when serious" also holds whenever the facts are criminal (criminal ⊂ serious).
    expect(
      routingFloorViolations(
        withRule("bullying", { conditionalLeads: [{ agency: "police", when: "serious" }] }),
      ),
    ).toEqual([]);
  });

  it("refuses police as lead only in immediate danger: suspected crime needs it every time", () => {
    const table = withRule("bullying", {
      conditionalLeads: [{ agency: "police", when: "immediate_danger" }],
    });
    expect(routingFloorViolations(table)).toEqual([
      {
        path: `rules.${indexOf("bullying")}`,
        message: "bullying must route police as lead when criminal",
        citation: "未保法 Art. 39; 刑事诉讼法 Art. 112 (立案审查)",
      },
    ]);
  });

  it("lets a police lead for serious cases stand in for police support when serious", () => {
    const table = withRule("guardianship_failure", {
      conditionalLeads: [{ agency: "police", when: "serious" }],
      support: [],
    });
    expect(routingFloorViolations(table)).toEqual([]);
  });

  it("refuses a guardianship rule whose police support waits for immediate danger", () => {
    const table = withRule("guardianship_failure", {
      support: [{ agency: "police", when: "immediate_danger" }],
    });
    expect(routingFloorViolations(table)).toEqual([
      {
        path: `rules.${indexOf("guardianship_failure")}`,
        message: "guardianship_failure must route police as support when serious",
        citation: "未保法 Art. 118 (情节严重的，应当及时向公安机关报告)",
      },
    ]);
  });
});

describe("routingFloorViolations: look-alikes that do not meet a duty", () => {
  it("does not count another agency's conditional lead as the police lead suspected crime needs", () => {
    const table = withRule("bullying", {
      conditionalLeads: [{ agency: "civil_affairs", when: "criminal" }],
    });
    expect(routingFloorViolations(table).map((v) => v.message)).toEqual([
      "bullying must route police as lead when criminal",
    ]);
  });

  it("does not count police overseeing as the police support serious bullying needs", () => {
    const table = withRule("bullying", { support: [], oversight: ["police"] });
    expect(routingFloorViolations(table).map((v) => v.message)).toEqual([
      "bullying must route police as support when serious",
    ]);
  });
});

describe("StatutoryFloorError", () => {
  it("is a 400 naming each statute, with one issue per violation at its field", () => {
    const table = withRule("sexual_abuse", { lead: "education", oversight: [] });
    const i = indexOf("sexual_abuse");
    let error: unknown;
    try {
      assertRoutingTableAboveFloor(table);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StatutoryFloorError);
    const e = error as StatutoryFloorError;
    expect(e.kind).toBe("invalid");
    expect(e.name).toBe("StatutoryFloorError");
    expect(e.message).toBe(
      `The change goes below the statutory floor: sexual_abuse must route police as lead (${ART4_POLICE("(2)(3)")}); sexual_abuse must route procuratorate as oversight (${OVERSIGHT})`,
    );
    expect(e.issues).toEqual([
      {
        path: `rules.${i}`,
        message: `sexual_abuse must route police as lead (${ART4_POLICE("(2)(3)")})`,
      },
      {
        path: `rules.${i}`,
        message: `sexual_abuse must route procuratorate as oversight (${OVERSIGHT})`,
      },
    ]);
  });

  it("is not thrown for a table or policy at the floor", () => {
    expect(() => assertRoutingTableAboveFloor(DEFAULT_ROUTING_TABLE)).not.toThrow();
    expect(() => assertSlaPolicyAboveFloor(DEFAULT_SLA_POLICY)).not.toThrow();
  });
});

const ruleIndex = (p: SlaPolicy, id: string) => p.rules.findIndex((r) => r.id === id);
const changeRule = (id: string, change: Partial<SlaRule>): SlaPolicy => ({
  ...DEFAULT_SLA_POLICY,
  rules: DEFAULT_SLA_POLICY.rules.map((r) => (r.id === id ? { ...r, ...change } : r)),
});

describe("slaFloorViolations: police lead tickets", () => {
  it("allows exactly one hour to accept and refuses a minute more, in hours to two decimals", () => {
    expect(slaFloorViolations(changeRule("police_lead", { acceptWithinMs: HOUR }))).toEqual([]);
    const policy = changeRule("police_lead", { acceptWithinMs: HOUR + MINUTE });
    expect(slaFloorViolations(policy)).toEqual([
      {
        path: `rules.${ruleIndex(policy, "police_lead")}.acceptWithinMs`,
        message: "police lead must be accepted within 1 h (rules police_lead give 1.02 h)",
        citation: "意见 Art. 8 (立即接受)",
      },
    ]);
    expect(() => assertSlaPolicyAboveFloor(policy)).toThrow(StatutoryFloorError);
  });

  it("refuses a police lead with no close clock, and one that may be extended past 30 days", () => {
    expect(slaFloorViolations(changeRule("police_lead", { extendableToMs: 30 * DAY }))).toEqual([]);
    const policy = changeRule("police_lead", { closeWithinMs: null, extendableToMs: 31 * DAY });
    const i = ruleIndex(policy, "police_lead");
    expect(slaFloorViolations(policy)).toEqual([
      {
        path: `rules.${i}.closeWithinMs`,
        message: "police lead must decide on filing within 72 h (rules police_lead)",
        citation: "公安部《关于改革完善受案立案制度的意见》(2015) 立案审查期限 3 日",
      },
      {
        path: `rules.${i}.extendableToMs`,
        message: "police lead may be extended to at most 720 h (rules police_lead)",
        citation: "公安部《关于改革完善受案立案制度的意见》(2015) 重大疑难复杂案件延长至 30 日",
      },
    ]);
  });

  it("allows a police lead that cannot be extended at all", () => {
    // Every rule that times a police lead (the police rows and the lead-in-danger row) says so.
    const timesPoliceLead = (r: SlaRule) => r.match.agency === "police" || r.match.kind === "lead";
    expect(
      slaFloorViolations({
        ...DEFAULT_SLA_POLICY,
        rules: DEFAULT_SLA_POLICY.rules.map((r) =>
          timesPoliceLead(r) ? { ...r, extendableToMs: null } : r,
        ),
      }),
    ).toEqual([]);
  });

  it("points at the default rule when no rule times a police lead ticket", () => {
    const policy: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      rules: DEFAULT_SLA_POLICY.rules.filter((r) => r.match.agency !== "police"),
    };
    const i = ruleIndex(policy, "lead_immediate_danger");
    // Without danger the default row (24 h / 30 days / 60 days) applies; with danger the
    // lead-in-danger row (15 min / 30 days / 60 days).
    expect(slaFloorViolations(policy).map((v) => [v.path, v.message])).toEqual([
      [
        "defaultRule.acceptWithinMs",
        "police lead must be accepted within 1 h (rules default give 24 h)",
      ],
      [
        "defaultRule.closeWithinMs",
        "police lead must decide on filing within 72 h (rules default)",
      ],
      [
        "defaultRule.extendableToMs",
        "police lead may be extended to at most 720 h (rules default)",
      ],
      [
        `rules.${i}.closeWithinMs`,
        "police lead must decide on filing within 72 h (rules lead_immediate_danger)",
      ],
      [
        `rules.${i}.extendableToMs`,
        "police lead may be extended to at most 720 h (rules lead_immediate_danger)",
      ],
    ]);
  });

  it("of several rules timing the ticket, points at the one that decides the figure", () => {
    // A new first rule for police leads on sexual abuse: 3 h to accept, no close clock. With
    // police_lead loosened to 2 h and 4 days, the 2 h and the 4 days decide: tighten police_lead.
    const extra: SlaRule = {
      id: "police_sexual_abuse",
      match: { agency: "police", kind: "lead", categoriesAny: ["sexual_abuse"] },
      acceptWithinMs: 3 * HOUR,
      closeWithinMs: null,
      extendableToMs: null,
      basis: { source: "policy", note: "test" },
    };
    const loosened = changeRule("police_lead", {
      acceptWithinMs: 2 * HOUR,
      closeWithinMs: 4 * DAY,
    });
    const policy: SlaPolicy = { ...loosened, rules: [extra, ...loosened.rules] };
    const i = ruleIndex(policy, "police_lead");
    const forSexualAbuse = slaFloorViolations(policy).filter((v) =>
      v.message.includes("police_sexual_abuse"),
    );
    expect(forSexualAbuse.map((v) => [v.path, v.message])).toEqual([
      [
        `rules.${i}.acceptWithinMs`,
        "police lead must be accepted within 1 h (rules police_sexual_abuse, police_lead give 2 h)",
      ],
      [
        `rules.${i}.closeWithinMs`,
        "police lead must decide on filing within 72 h (rules police_sexual_abuse, police_lead)",
      ],
    ]);
  });
});

describe("slaFloorViolations: every subject the policy can tell apart", () => {
  it("names each combination of rules that gives a police lead too long: none, each category, all", () => {
    const forCategory = (id: string, category: SlaRule["match"]["categoriesAny"]): SlaRule => ({
      id,
      match: { agency: "police", kind: "lead", categoriesAny: category },
      acceptWithinMs: 3 * HOUR,
      closeWithinMs: 3 * DAY,
      extendableToMs: 30 * DAY,
      basis: { source: "policy", note: "test" },
    });
    const loosened = changeRule("police_lead", { acceptWithinMs: 2 * HOUR });
    const policy: SlaPolicy = {
      ...loosened,
      rules: [
        forCategory("police_sexual_abuse", ["sexual_abuse"]),
        forCategory("police_dropout", ["dropout"]),
        ...loosened.rules,
      ],
    };
    const i = ruleIndex(policy, "police_lead");
    const v = slaFloorViolations(policy);
    expect(v.map((x) => x.path)).toEqual(Array(4).fill(`rules.${i}.acceptWithinMs`));
    expect(v.map((x) => x.message)).toEqual([
      "police lead must be accepted within 1 h (rules police_lead give 2 h)",
      "police lead must be accepted within 1 h (rules police_sexual_abuse, police_lead give 2 h)",
      "police lead must be accepted within 1 h (rules police_dropout, police_lead give 2 h)",
      "police lead must be accepted within 1 h (rules police_sexual_abuse, police_dropout, police_lead give 2 h)",
    ]);
  });
});

describe("slaFloorViolations: event clocks", () => {
  const withClock = (
    id: keyof SlaPolicy["clocks"],
    rule: Partial<SlaPolicy["clocks"][typeof id]>,
  ) => ({
    ...DEFAULT_SLA_POLICY,
    clocks: { ...DEFAULT_SLA_POLICY.clocks, [id]: { ...DEFAULT_SLA_POLICY.clocks[id], ...rule } },
  });

  it("allows exactly 72 h for a protection order, and refuses the emergency it inherits", () => {
    // No emergency length: an emergency runs the plain 72 h, above the law's 24 h.
    const { emergencyWithinMs: _, ...plain } = DEFAULT_SLA_POLICY.clocks.protection_order_decision;
    const policy: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      clocks: { ...DEFAULT_SLA_POLICY.clocks, protection_order_decision: plain },
    };
    expect(slaFloorViolations(policy)).toEqual([
      {
        path: "clocks.protection_order_decision.emergencyWithinMs",
        message: "protection_order_decision in an emergency may run at most 24 h",
        citation: "反家暴法 Art. 28 (七十二小时内；情况紧急的，二十四小时内)",
      },
    ]);
    expect(
      slaFloorViolations(
        withClock("protection_order_decision", {
          withinMs: 72 * HOUR,
          emergencyWithinMs: 24 * HOUR,
        }),
      ),
    ).toEqual([]);
  });

  it("refuses a reporter-feedback clock over three days, naming 意见 Art. 10", () => {
    expect(
      slaFloorViolations(withClock("reporter_progress_feedback", { withinMs: 3 * DAY + MINUTE })),
    ).toEqual([
      {
        path: "clocks.reporter_progress_feedback.withinMs",
        message: "reporter_progress_feedback may run at most 72 h",
        citation: "意见 Art. 10 (受案或者立案后三日内反馈)",
      },
    ]);
  });

  it("leaves policy clocks without a floor to the administrator", () => {
    expect(
      slaFloorViolations(withClock("warning_letter_follow_up", { withinMs: 300 * DAY })),
    ).toEqual([]);
  });

  it("skips a clock an older policy does not list", () => {
    const { guardianship_revocation: _, ...older } = DEFAULT_SLA_POLICY.clocks;
    expect(
      slaFloorViolations({ ...DEFAULT_SLA_POLICY, clocks: older } as unknown as SlaPolicy),
    ).toEqual([]);
  });
});
