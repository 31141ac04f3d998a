/**
 * The plan's definitions (一、(三)): left-behind under 16 with parents away ≥ 3 months; in
 * difficulty 0–18. Dates are worked out by hand.
 */
import { addMonths, ageOn, circumstanceIssues, circumstancesOn } from "@cp/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("calendar", () => {
  it("adds months clamping to the month's end", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
  });
  it("counts age in whole years, the birthday starting the new one", () => {
    expect(ageOn("2010-06-01", "2026-05-31")).toBe(15);
    expect(ageOn("2010-06-01", "2026-06-01")).toBe(16);
  });
});

describe("circumstanceIssues", () => {
  const leftBehind = { parentsAway: "both" as const, awaySince: "2026-01-01" };

  it("accepts a left-behind child of 15 whose parents left 3 months ago", () => {
    expect(
      circumstanceIssues(
        { birthDate: "2010-12-01", circumstances: ["left_behind"], leftBehind },
        "2026-04-01",
      ),
    ).toEqual([]);
  });

  it("refuses left-behind on the 16th birthday, but keeps in-difficulty", () => {
    const issues = circumstanceIssues(
      { birthDate: "2010-04-01", circumstances: ["left_behind", "low_income"], leftBehind },
      "2026-04-01",
    );
    expect(issues).toEqual([
      {
        path: "circumstances.0",
        message: "left_behind applies under 16 years of age; the child is 16",
      },
    ]);
  });

  it("refuses in-difficulty at 18", () => {
    expect(
      circumstanceIssues({ birthDate: "2008-04-01", circumstances: ["orphan"] }, "2026-04-01"),
    ).toHaveLength(1);
    expect(
      circumstanceIssues({ birthDate: "2008-04-02", circumstances: ["orphan"] }, "2026-04-01"),
    ).toEqual([]);
  });

  it("refuses parents away for less than 3 months, and a left-behind child without the facts", () => {
    expect(
      circumstanceIssues(
        { birthDate: "2015-01-01", circumstances: ["left_behind"], leftBehind },
        "2026-03-31",
      ).map((i) => i.path),
    ).toEqual(["leftBehind.awaySince"]);
    expect(
      circumstanceIssues(
        { birthDate: "2015-01-01", circumstances: ["left_behind"] },
        "2026-04-01",
      ).map((i) => i.path),
    ).toEqual(["leftBehind"]);
  });

  it("refuses a birth date in the future", () => {
    expect(
      circumstanceIssues({ birthDate: "2026-05-01", circumstances: ["orphan"] }, "2026-04-01"),
    ).toEqual([{ path: "birthDate", message: "is in the future" }]);
  });

  it("property: left-behind is valid exactly while the child is under 16", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2025-12-31"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 9000 }),
        (birth, days) => {
          const birthDate = birth.toISOString().slice(0, 10);
          const today = new Date(birth.getTime() + days * 86_400_000).toISOString().slice(0, 10);
          const issues = circumstanceIssues(
            {
              birthDate,
              circumstances: ["left_behind"],
              leftBehind: { parentsAway: "both", awaySince: "1999-01-01" },
            },
            today,
          );
          expect(issues.length === 0).toBe(ageOn(birthDate, today) < 16);
          expect(circumstancesOn({ birthDate, circumstances: ["left_behind"] }, today).length).toBe(
            ageOn(birthDate, today) < 16 ? 1 : 0,
          );
        },
      ),
    );
  });
});
