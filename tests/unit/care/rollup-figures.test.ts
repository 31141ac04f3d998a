/**
 * One file's counters and an aggregate read back, by hand (care/rollup.ts; item 6 of the action
 * plan: 一户一档, 一乡一账): every figure the township's roll-up shows, problems still open, and
 * visits overdue as of the day of reading (a due date before today).
 */
import { type RollupSubject, rollupContribution, rollupDelta, rollupOf } from "@cp/domain";
import { describe, expect, it } from "vitest";

const file: RollupSubject = {
  circumstances: ["left_behind", "low_income"],
  risk: "medium",
  needs: ["education", "psychological"],
  helpGiven: { daily_care: 2, education_support: 0 },
  problemsFound: 3,
  problemsSolved: 1,
  contacts: 4,
  homeVisits: 2,
  lateVisits: 1,
  contactDueOn: "2026-06-30",
  homeVisitDueOn: "2026-08-31",
  active: true,
};

describe("rollupContribution", () => {
  it("counts the child once under each circumstance, risk and need, and adds its tallies", () => {
    expect(Object.fromEntries(rollupContribution(file))).toEqual({
      children: 1,
      c_left_behind: 1,
      c_low_income: 1,
      r_medium: 1,
      n_education: 1,
      n_psychological: 1,
      h_daily_care: 2,
      problemsFound: 3,
      problemsSolved: 1,
      contacts: 4,
      homeVisits: 2,
      lateVisits: 1,
      dc_20260630: 1,
      dh_20260831: 1,
    });
  });

  it("counts a closed file nowhere", () => {
    expect(rollupContribution({ ...file, active: false }).size).toBe(0);
  });
});

describe("rollupDelta", () => {
  it("takes a closed file's counters away", () => {
    const delta = rollupDelta(file, { ...file, active: false });
    expect(delta.get("children")).toBe(-1);
    expect(delta.get("contacts")).toBe(-4);
    expect(delta.get("dc_20260630")).toBe(-1);
  });

  it("moves a visit clock from one due date to the next, and nothing else", () => {
    const after = { ...file, contacts: 5, contactDueOn: "2026-07-31" };
    expect(Object.fromEntries(rollupDelta(file, after))).toEqual({
      contacts: 1,
      dc_20260731: 1,
      dc_20260630: -1,
    });
  });

  it("is the file's counters for a new file", () => {
    expect(rollupDelta(undefined, file)).toEqual(rollupContribution(file));
  });
});

describe("rollupOf", () => {
  const item = {
    children: 3,
    c_left_behind: 2,
    r_high: 1,
    n_safety: 2,
    h_daily_care: 5,
    problemsFound: 7,
    problemsSolved: 4,
    contacts: 11,
    homeVisits: 6,
    lateVisits: 2,
    dc_20260630: 2,
    dc_20260701: 1,
    dh_20260515: 3,
    dh_20260702: 1,
    // Not counters of the form: ignored.
    xdc_20260101: 9,
    dc_20260101x: 9,
    dc_2026010: 9,
    township: "尼西乡",
  };

  it("reads every figure back, problems open as found − solved", () => {
    const r = rollupOf(item, "2026-07-01");
    expect(r.children).toBe(3);
    expect(r.byCircumstance.left_behind).toBe(2);
    expect(r.byCircumstance.orphan).toBe(0);
    expect(r.byRisk).toEqual({ low: 0, medium: 0, high: 1, critical: 0 });
    expect(r.byNeed.safety).toBe(2);
    expect(r.byNeed.education).toBe(0);
    expect(r.helpGiven.daily_care).toBe(5);
    expect(r.helpGiven.other).toBe(0);
    expect(r.problems).toEqual({ found: 7, solved: 4, open: 3 });
  });

  it("counts as overdue the clocks due before the day of reading, not on it", () => {
    expect(rollupOf(item, "2026-07-01").visits).toEqual({
      contacts: 11,
      homeVisits: 6,
      late: 2,
      contactOverdue: 2, // due 06-30; 07-01 is today
      homeVisitOverdue: 3, // due 05-15
    });
    expect(rollupOf(item, "2026-07-03").visits).toMatchObject({
      contactOverdue: 3,
      homeVisitOverdue: 4,
    });
  });

  it("reads an empty aggregate as zeros", () => {
    const r = rollupOf({}, "2026-07-01");
    expect(r.children).toBe(0);
    expect(r.problems).toEqual({ found: 0, solved: 0, open: 0 });
    expect(r.visits).toEqual({
      contacts: 0,
      homeVisits: 0,
      late: 0,
      contactOverdue: 0,
      homeVisitOverdue: 0,
    });
  });
});
