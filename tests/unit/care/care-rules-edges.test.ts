/**
 * Care rules at their edges: a left-behind child stops being one on the 16th birthday, every
 * circumstance ends on the 18th (the city's plan); parents away exactly three months; a training
 * recorded today; the annual spot-check sample, which anyone must be able to draw again from the
 * recorded seed (pinned here from an independent computation of the stated method: SHA-256 of
 * `seed|township#counter`, first 48 bits, partial Fisher–Yates over the sorted ids).
 */
import {
  CHECKLIST,
  CheckResultSchema,
  circumstanceIssues,
  circumstancesOn,
  coverageOf,
  drawSample,
  TrainingInputSchema,
} from "@cp/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

describe("circumstances at the birthdays", () => {
  const child = { birthDate: "2010-06-15", circumstances: ["left_behind", "low_income"] as const };

  it("drops left-behind on the 16th birthday, keeps the rest until the 18th", () => {
    expect(circumstancesOn(child, "2026-06-14")).toEqual(["left_behind", "low_income"]);
    expect(circumstancesOn(child, "2026-06-15")).toEqual(["low_income"]);
    expect(circumstancesOn(child, "2028-06-14")).toEqual(["low_income"]);
    expect(circumstancesOn(child, "2028-06-15")).toEqual([]);
  });

  it("accepts a child born today, and says what is missing for a left-behind child", () => {
    expect(
      circumstanceIssues({ birthDate: "2026-06-01", circumstances: ["low_income"] }, "2026-06-01"),
    ).toEqual([]);
    expect(
      circumstanceIssues({ birthDate: "2016-01-01", circumstances: ["left_behind"] }, "2026-06-01"),
    ).toEqual([{ path: "leftBehind", message: "required for a left-behind child" }]);
  });

  it("counts parents away exactly three months as long enough, a day less as not", () => {
    const lb = (awaySince: string) =>
      circumstanceIssues(
        {
          birthDate: "2016-01-01",
          circumstances: ["left_behind"],
          leftBehind: { parentsAway: "both", awaySince },
        },
        "2026-06-01",
      );
    expect(lb("2026-03-01")).toEqual([]);
    expect(lb("2026-03-02")).toEqual([
      { path: "leftBehind.awaySince", message: "parents must have been away at least 3 months" },
    ]);
  });
});

describe("the 主任 register", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse("2026-06-01T04:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("takes a training held today, not tomorrow", () => {
    expect(TrainingInputSchema.safeParse({ on: "2026-06-01", course: "c", hours: 4 }).success).toBe(
      true,
    );
    expect(TrainingInputSchema.safeParse({ on: "2026-06-02", course: "c", hours: 4 }).success).toBe(
      false,
    );
  });

  it("counts a 主任 trained this year when any training was this year, and skips villages with no children", () => {
    const director = {
      sub: "d",
      name: "d",
      township: "尼西乡",
      village: "汤满村",
      appointedOn: "2020-01-01",
      trainings: [
        { on: "2025-05-01", course: "c", hours: 4 },
        { on: "2026-03-01", course: "c", hours: 4 },
      ],
    };
    const c = coverageOf(
      [
        { township: "尼西乡", village: "汤满村", children: 10 },
        { township: "尼西乡", village: "幸福村", children: 0 },
      ],
      [director],
      2026,
    );
    expect(c.trainedThisYear).toBe(1);
    expect(c.untrainedThisYear).toEqual([]);
    expect(c.villagesWithoutDirector).toEqual([]);
  });
});

describe("the spot-check sample", () => {
  it("is the sample the stated method draws from the recorded seed", () => {
    const ids = Array.from({ length: 60 }, (_, i) => `C${String(i).padStart(4, "0")}`);
    expect(drawSample(ids, "seed-2026", "尼西乡")).toEqual([
      "C0022",
      "C0025",
      "C0032",
      "C0034",
      "C0053",
      "C0054",
    ]);
  });

  it("needs a result for every checklist item", () => {
    const all = Object.fromEntries(CHECKLIST.map((item) => [item, "pass"]));
    expect(CheckResultSchema.safeParse({ results: all }).success).toBe(true);
    const { work_log: _, ...missing } = all;
    const out = CheckResultSchema.safeParse({ results: missing });
    expect(out.success).toBe(false);
    expect(out.error?.issues.map((i) => i.path.join("."))).toEqual(["results.work_log"]);
  });
});
