/**
 * Visit clocks and escalations at their edges (care/visit-policy.ts; action plan item 5): a rule
 * on a circumstance, a contact with no home visit yet, steps listed in any order, escalations
 * taken for an earlier due date, and which of two clocks escalates first. Dates by hand; a step
 * falls due at local midnight (UTC+8), i.e. 16:00Z the day before.
 */
import {
  DEFAULT_VISIT_POLICY,
  nextEscalation,
  type VisitClock,
  type VisitPolicy,
  visitClocks,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const plain = {
  risk: "low" as const,
  attention: {
    parentSeriousDisability: false,
    childDisability: false,
    psychologicalOrBehavioural: false,
  },
  circumstances: ["left_behind" as const],
};

describe("visitClocks", () => {
  it("applies a rule on a circumstance only to children in it", () => {
    const policy: VisitPolicy = {
      ...DEFAULT_VISIT_POLICY,
      rules: [
        {
          id: "orphans_fortnightly",
          match: { circumstancesAny: ["orphan", "de_facto_unsupported"] },
          contact: { unit: "day", every: 14 },
          homeVisit: { unit: "month", every: 1 },
          source: "local_policy",
          basis: "test",
        },
      ],
    };
    const history = { openedOn: "2026-03-01" };
    const orphan = visitClocks(
      { ...plain, circumstances: ["orphan"] },
      history,
      "2026-03-02",
      policy,
    );
    expect([orphan.contact.dueOn, orphan.contact.rules]).toEqual([
      "2026-03-15",
      ["orphans_fortnightly"],
    ]);
    expect([orphan.homeVisit.dueOn, orphan.homeVisit.rules]).toEqual([
      "2026-04-01",
      ["orphans_fortnightly"],
    ]);
    const other = visitClocks(plain, history, "2026-03-02", policy);
    expect([other.contact.dueOn, other.contact.rules]).toEqual(["2026-04-01", ["plan_floor"]]);
    expect([other.homeVisit.dueOn, other.homeVisit.rules]).toEqual(["2026-06-01", ["plan_floor"]]);
  });

  it("restarts the contact clock from a contact when there was no home visit yet", () => {
    const c = visitClocks(
      plain,
      { openedOn: "2026-01-10", lastContactOn: "2026-02-20" },
      "2026-02-21",
    );
    expect(c.contact.dueOn).toBe("2026-03-20");
    // The home visit still runs from the file's opening: three months.
    expect(c.homeVisit.dueOn).toBe("2026-04-10");
  });

  it("names every rule that gives the same earliest date", () => {
    // High risk and a disability both ask for 14 days / monthly.
    const c = visitClocks(
      { ...plain, risk: "high", attention: { ...plain.attention, childDisability: true } },
      { openedOn: "2026-03-01" },
      "2026-03-01",
    );
    expect(c.contact.rules).toEqual(["more_attention", "risk_high"]);
  });
});

const clock = (kind: VisitClock["kind"], dueOn: string): VisitClock => ({
  kind,
  dueOn,
  state: "overdue",
  overdueDays: 1,
  rules: ["plan_floor"],
});

describe("nextEscalation", () => {
  const clocks = {
    contact: clock("contact", "2026-04-01"),
    homeVisit: clock("home_visit", "2026-06-01"),
  };

  it("takes the steps in level order whatever order the policy lists them in", () => {
    const reversed = {
      ...DEFAULT_VISIT_POLICY,
      escalation: [...DEFAULT_VISIT_POLICY.escalation].reverse(),
    };
    const next = nextEscalation(clocks, {}, reversed);
    expect([next?.clock, next?.step.level, next?.at]).toEqual([
      "contact",
      1,
      "2026-04-01T16:00:00.000Z",
    ]);
  });

  it("starts again at level 1 when the steps taken were for an earlier due date", () => {
    const next = nextEscalation(clocks, {
      contact: { dueOn: "2026-03-01", level: 2 },
      home_visit: { dueOn: "2026-06-01", level: 2 },
    });
    expect([next?.clock, next?.dueOn, next?.step.level]).toEqual(["contact", "2026-04-01", 1]);
  });

  it("goes on to level 2, 15 days after the due date, once level 1 is taken", () => {
    const next = nextEscalation(clocks, {
      contact: { dueOn: "2026-04-01", level: 1 },
      home_visit: { dueOn: "2026-06-01", level: 2 },
    });
    expect([next?.clock, next?.step.to, next?.at]).toEqual([
      "contact",
      "civil_affairs",
      "2026-04-15T16:00:00.000Z",
    ]);
  });

  it("takes the clock whose step falls due first", () => {
    const early = {
      contact: clock("contact", "2026-07-01"),
      homeVisit: clock("home_visit", "2026-06-01"),
    };
    expect(nextEscalation(early, {})?.clock).toBe("home_visit");
  });

  it("takes the contact clock first when both steps fall due at the same instant", () => {
    const same = {
      contact: clock("contact", "2026-06-01"),
      homeVisit: clock("home_visit", "2026-06-01"),
    };
    expect(nextEscalation(same, {})?.clock).toBe("contact");
  });

  it("has nothing left once every step of both clocks is taken", () => {
    expect(
      nextEscalation(clocks, {
        contact: { dueOn: "2026-04-01", level: 2 },
        home_visit: { dueOn: "2026-06-01", level: 2 },
      }),
    ).toBeUndefined();
  });
});
