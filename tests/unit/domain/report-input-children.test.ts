/**
 * A report's children and its actions as the API reads them, built with the API's clock
 * (`reportInputSchema(now)`): each refusal at its field, so the form can point at the cell.
 * NOW is 2026-11-29T04:00:00Z.
 */
import { MESSAGES, reportInputSchema, TicketActionSchema } from "@cp/domain";
import { describe, expect, it } from "vitest";

const NOW = Date.parse("2026-11-29T04:00:00Z");
const child = (more: Record<string, unknown> = {}) => ({
  gender: "male",
  birthDate: "2015-03-02",
  township: "建塘镇",
  ...more,
});
const report = (children: unknown[], incident: Record<string, unknown> = {}) => ({
  reporter: { relationship: "teacher" },
  children,
  incident: { categories: ["physical_abuse"], description: "孩子身上多处淤青。", ...incident },
});
const issues = (value: unknown) => {
  const out = reportInputSchema(() => NOW).safeParse(value);
  return out.success
    ? []
    : out.error.issues.map((i) => ({ path: i.path.join("."), code: i.code, message: i.message }));
};

describe("a report's children", () => {
  it("needs at least one child, and a birth date or an age for each", () => {
    expect(issues(report([])).map((i) => [i.path, i.code])).toEqual([["children", "too_small"]]);
    const { birthDate: _, ...noDates } = child();
    expect(issues(report([noDates]))).toEqual([
      {
        path: "children.0.birthDate",
        code: "custom",
        message: "birthDate or ageYears is required",
      },
    ]);
    expect(issues(report([{ ...noDates, ageYears: 9 }]))).toEqual([]);
  });

  it("takes a gender of unknown, and nothing outside the three", () => {
    expect(issues(report([child({ gender: "unknown" })]))).toEqual([]);
    expect(issues(report([child({ gender: "other" })])).map((i) => i.path)).toEqual([
      "children.0.gender",
    ]);
  });

  it("takes ages 0 to 17 only", () => {
    const { birthDate: _, ...noDates } = child();
    expect(issues(report([{ ...noDates, ageYears: 17 }]))).toEqual([]);
    expect(issues(report([{ ...noDates, ageYears: 18 }])).map((i) => i.path)).toEqual([
      "children.0.ageYears",
    ]);
  });

  it("stores an identity number's check character X in capitals, and refuses a wrong one", () => {
    const parsed = reportInputSchema(() => NOW).parse(
      report([child({ idNumber: "53342120150302003x" })]),
    );
    expect(parsed.children[0]?.idNumber).toBe("53342120150302003X");
    expect(issues(report([child({ idNumber: "533421201503020014" })]))).toEqual([
      {
        path: "children.0.idNumber",
        code: "custom",
        message: "not a valid 18-character resident identity number (GB 11643 check digit)",
      },
    ]);
  });

  it("judges a child's dates by the clock it is given", () => {
    expect(issues(report([child({ birthDate: "2026-11-30" })]))).toEqual([
      { path: "children.0.birthDate", code: "custom", message: MESSAGES.birthInFuture },
    ]);
  });

  it("refuses a field it does not know, on a child and on the report", () => {
    expect(issues(report([child({ nickname: "小明" })])).map((i) => [i.path, i.code])).toEqual([
      ["children.0", "unrecognized_keys"],
    ]);
    expect(issues({ ...report([child()]), extra: 1 }).map((i) => [i.path, i.code])).toEqual([
      ["", "unrecognized_keys"],
    ]);
  });

  it("refuses an incident before the eldest child was born, at incident.occurredAt", () => {
    expect(issues(report([child()], { occurredAt: "2015-02-01T00:00:00Z" }))).toEqual([
      { path: "incident.occurredAt", code: "custom", message: MESSAGES.occurredBeforeBirth },
    ]);
  });
});

describe("TicketActionSchema", () => {
  it("refuses a dueAt on a measure that takes none, and a measure in the future, as custom issues", () => {
    const out = TicketActionSchema.safeParse({
      type: "home_visit",
      note: "家访",
      dueAt: "2026-12-01T00:00:00Z",
      occurredAt: "2999-01-01T00:00:00Z",
    });
    expect(out.success).toBe(false);
    expect(out.error?.issues.map((i) => [i.path.join("."), i.code, i.message])).toEqual([
      ["dueAt", "custom", MESSAGES.dueAtNotExtend],
      ["occurredAt", "custom", MESSAGES.measureInFuture],
    ]);
  });
});
