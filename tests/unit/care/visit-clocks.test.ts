/**
 * Visit clocks from the policy table: the plan's floor (monthly contact, quarterly home visit),
 * the tighter local-policy rules, and the escalation ladder. Dates worked out by hand.
 */
import {
  DEFAULT_VISIT_POLICY,
  escalationLevel,
  nextDueOn,
  nextEscalation,
  type VisitSubject,
  visitClocks,
} from "@cp/domain";
import { dayStart } from "@cp/domain/sla/metrics";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const calm: VisitSubject = {
  risk: "low",
  attention: {
    parentSeriousDisability: false,
    childDisability: false,
    psychologicalOrBehavioural: false,
  },
  circumstances: ["left_behind"],
};

describe("visitClocks", () => {
  it("gives the plan's floor: contact a month, home visit three months after the file opens", () => {
    const c = visitClocks(calm, { openedOn: "2026-01-31" }, "2026-02-01");
    expect(c.contact).toMatchObject({ dueOn: "2026-02-28", state: "ok", rules: ["plan_floor"] });
    expect(c.homeVisit).toMatchObject({ dueOn: "2026-04-30", state: "ok" });
  });

  it("counts a home visit as a contact, and restarts both from it", () => {
    const c = visitClocks(
      calm,
      { openedOn: "2026-01-01", lastContactOn: "2026-02-01", lastHomeVisitOn: "2026-02-10" },
      "2026-02-11",
    );
    expect(c.contact.dueOn).toBe("2026-03-10");
    expect(c.homeVisit.dueOn).toBe("2026-05-10");
  });

  it("is overdue from the day after the due date, due soon within 7 days", () => {
    const h = { openedOn: "2026-01-01" };
    expect(visitClocks(calm, h, "2026-01-25").contact.state).toBe("due_soon");
    expect(visitClocks(calm, h, "2026-02-01").contact).toMatchObject({
      state: "due_soon",
      overdueDays: 0,
    });
    expect(visitClocks(calm, h, "2026-02-02").contact).toMatchObject({
      state: "overdue",
      overdueDays: 1,
    });
  });

  it("applies the tightest rule: a disability 14 days / monthly, critical risk 7 / 14 days", () => {
    const disabled = { ...calm, attention: { ...calm.attention, childDisability: true } };
    const c = visitClocks(disabled, { openedOn: "2026-03-01" }, "2026-03-01");
    expect(c.contact).toMatchObject({ dueOn: "2026-03-15", rules: ["more_attention"] });
    expect(c.homeVisit.dueOn).toBe("2026-04-01");
    const critical = visitClocks(
      { ...disabled, risk: "critical" },
      { openedOn: "2026-03-01" },
      "2026-03-01",
    );
    expect(critical.contact).toMatchObject({ dueOn: "2026-03-08", rules: ["risk_critical"] });
    expect(critical.homeVisit.dueOn).toBe("2026-03-15");
    expect(nextDueOn(critical)).toBe("2026-03-08");
  });

  it("says where every figure comes from", () => {
    expect(DEFAULT_VISIT_POLICY.base.source).toBe("plan");
    for (const r of [...DEFAULT_VISIT_POLICY.rules, ...DEFAULT_VISIT_POLICY.escalation]) {
      expect(r.source).toBe("local_policy");
      expect(r.basis.length).toBeGreaterThan(10);
    }
  });

  it("property: a tighter subject is never due later, and a visit never brings a due date forward", () => {
    const date = fc
      .date({ min: new Date("2024-01-01"), max: new Date("2027-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        date,
        date,
        fc.constantFrom("low", "medium", "high", "critical"),
        (a, b, risk) => {
          const [opened, visited] = a <= b ? [a, b] : [b, a];
          const subject = { ...calm, risk } as VisitSubject;
          const base = visitClocks(calm, { openedOn: opened }, opened);
          const tight = visitClocks(subject, { openedOn: opened }, opened);
          expect(tight.contact.dueOn <= base.contact.dueOn).toBe(true);
          const after = visitClocks(subject, { openedOn: opened, lastContactOn: visited }, visited);
          expect(after.contact.dueOn >= tight.contact.dueOn).toBe(true);
          expect(after.contact.dueOn > visited).toBe(true);
        },
      ),
    );
  });
});

describe("escalation", () => {
  it("goes to the 督导员 on the first overdue day and to 民政 on the 15th", () => {
    expect(escalationLevel(0)).toBeUndefined();
    expect(escalationLevel(1)?.to).toBe("child_supervisor");
    expect(escalationLevel(14)?.to).toBe("child_supervisor");
    expect(escalationLevel(15)?.to).toBe("civil_affairs");
  });

  it("names the next step and its instant, per clock, skipping steps taken", () => {
    const clocks = visitClocks(calm, { openedOn: "2026-01-01" }, "2026-01-01");
    const first = nextEscalation(clocks, {});
    expect(first).toMatchObject({ clock: "contact", dueOn: "2026-02-01" });
    expect(first?.step.level).toBe(1);
    // Local midnight of 2026-02-02 is 16:00 UTC the day before.
    expect(first?.at).toBe("2026-02-01T16:00:00.000Z");
    expect(first?.at).toBe(dayStart("2026-02-02").toISOString());
    const second = nextEscalation(clocks, { contact: { dueOn: "2026-02-01", level: 1 } });
    expect(second).toMatchObject({ clock: "contact", at: dayStart("2026-02-16").toISOString() });
    expect(second?.step.to).toBe("civil_affairs");
    const homeNext = nextEscalation(clocks, { contact: { dueOn: "2026-02-01", level: 2 } });
    expect(homeNext).toMatchObject({ clock: "home_visit", dueOn: "2026-04-01" });
    // A new due date (a visit was made) starts the ladder again.
    expect(nextEscalation(clocks, { contact: { dueOn: "2025-12-01", level: 2 } })?.step.level).toBe(
      1,
    );
  });
});
