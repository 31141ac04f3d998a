/**
 * The date and text rules at their exact edges (input-rules.ts): the 18th birthday
 * (未成年人保护法 Art. 2: a child is under 18), the five minutes a client's clock may run ahead,
 * local midnight in UTC+8, an age estimate one year either way, and the earliest birth an
 * incident may follow. NOW is 2026-11-29T04:00:00Z, 12:00 in Shangri-La.
 */
import {
  childDateIssues,
  cleanString,
  identityCheckCharacter,
  incidentTimeIssue,
  localToday,
  MESSAGES,
  measureTimeIssue,
  phoneNumber,
  visitTimeIssue,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const NOW = Date.parse("2026-11-29T04:00:00Z");
const MIN = 60_000;
const DAY = 86_400_000;
const id = (birth: string) => {
  const first17 = `533421${birth}001`;
  return first17 + identityCheckCharacter(first17);
};

describe("localToday", () => {
  it("is the UTC+8 date, with the five minutes a client may be ahead", () => {
    expect(localToday(Date.parse("2026-11-29T15:54:59Z"))).toBe("2026-11-29"); // 23:59:59 +08 with skew
    expect(localToday(Date.parse("2026-11-29T15:55:00Z"))).toBe("2026-11-30"); // 23:55 +08, +5 min = midnight
  });
});

describe("childDateIssues", () => {
  it("refuses a birth tomorrow, allows a birth today", () => {
    expect(childDateIssues({ birthDate: "2026-11-30" }, NOW)).toEqual([
      { path: "birthDate", message: MESSAGES.birthInFuture },
    ]);
    expect(childDateIssues({ birthDate: "2026-11-29" }, NOW)).toEqual([]);
  });

  it("allows tomorrow's date when the client's clock is within five minutes past local midnight", () => {
    const late = Date.parse("2026-11-29T15:56:00Z"); // 23:56 in Shangri-La
    expect(childDateIssues({ birthDate: "2026-11-30" }, late)).toEqual([]);
  });

  it("refuses a child who turns 18 today, allows one who turns 18 tomorrow", () => {
    expect(childDateIssues({ birthDate: "2008-11-29" }, NOW)).toEqual([
      { path: "birthDate", message: MESSAGES.adult },
    ]);
    expect(childDateIssues({ birthDate: "2008-11-30" }, NOW)).toEqual([]);
  });

  it("reads the same limits from an identity number, at idNumber", () => {
    expect(childDateIssues({ idNumber: id("20081129") }, NOW)).toEqual([
      { path: "idNumber", message: MESSAGES.idAdult },
    ]);
    expect(childDateIssues({ idNumber: id("20081130") }, NOW)).toEqual([]);
    expect(childDateIssues({ idNumber: id("20261130") }, NOW)).toEqual([
      { path: "idNumber", message: MESSAGES.idBirthInFuture },
    ]);
    expect(childDateIssues({ idNumber: id("20261129") }, NOW)).toEqual([]);
  });

  it("refuses a birth date the identity number contradicts, at birthDate", () => {
    expect(childDateIssues({ birthDate: "2015-03-02", idNumber: id("20150302") }, NOW)).toEqual([]);
    expect(childDateIssues({ birthDate: "2015-03-03", idNumber: id("20150302") }, NOW)).toEqual([
      { path: "birthDate", message: MESSAGES.birthDateMismatch },
    ]);
  });

  it("accepts an age one year either way of the birth date, and refuses two", () => {
    // Born 2015-03-02: 11 on 2026-11-29.
    for (const ageYears of [10, 11, 12]) {
      expect(childDateIssues({ birthDate: "2015-03-02", ageYears }, NOW), String(ageYears)).toEqual(
        [],
      );
    }
    for (const ageYears of [9, 13]) {
      expect(childDateIssues({ birthDate: "2015-03-02", ageYears }, NOW), String(ageYears)).toEqual(
        [{ path: "ageYears", message: MESSAGES.ageMismatch }],
      );
    }
  });

  it("checks the age against the identity number's birth date when no birth date is given", () => {
    expect(childDateIssues({ idNumber: id("20150302"), ageYears: 14 }, NOW)).toEqual([
      { path: "ageYears", message: MESSAGES.ageMismatch },
    ]);
  });

  it("checks the age of a child born today, and says nothing of the age of one born in the future", () => {
    expect(childDateIssues({ birthDate: "2026-11-29", ageYears: 2 }, NOW)).toEqual([
      { path: "ageYears", message: MESSAGES.ageMismatch },
    ]);
    expect(childDateIssues({ birthDate: "2026-12-01", ageYears: 5 }, NOW)).toEqual([
      { path: "birthDate", message: MESSAGES.birthInFuture },
    ]);
  });

  it("takes an age alone as it is", () => {
    expect(childDateIssues({ ageYears: 7 }, NOW)).toEqual([]);
    expect(childDateIssues({}, NOW)).toEqual([]);
  });
});

describe("incidentTimeIssue", () => {
  const iso = (ms: number) => new Date(ms).toISOString();

  it("allows an incident up to five minutes ahead of the server's clock, not a millisecond more", () => {
    expect(incidentTimeIssue(iso(NOW + 5 * MIN), [], NOW)).toBeUndefined();
    expect(incidentTimeIssue(iso(NOW + 5 * MIN + 1), [], NOW)).toBe(MESSAGES.occurredInFuture);
  });

  it("refuses an incident before the child's birth, judged from local midnight", () => {
    // Born 2015-03-02 in UTC+8: from 2015-03-01T16:00Z.
    const child = { birthDate: "2015-03-02" };
    expect(incidentTimeIssue("2015-03-01T16:00:00.000Z", [child], NOW)).toBeUndefined();
    expect(incidentTimeIssue("2015-03-01T15:59:59.999Z", [child], NOW)).toBe(
      MESSAGES.occurredBeforeBirth,
    );
    expect(incidentTimeIssue("2015-03-01T15:59:59.999Z", [{ idNumber: id("20150302") }], NOW)).toBe(
      MESSAGES.occurredBeforeBirth,
    );
  });

  it("judges by the eldest of several children", () => {
    const younger = { birthDate: "2020-01-01" };
    const elder = { birthDate: "2015-03-02" };
    expect(incidentTimeIssue("2018-06-01T00:00:00Z", [younger, elder], NOW)).toBeUndefined();
    expect(incidentTimeIssue("2014-06-01T00:00:00Z", [younger, elder], NOW)).toBe(
      MESSAGES.occurredBeforeBirth,
    );
  });

  it("from an age alone, allows (age + 1) × 366 days back and no further", () => {
    const fiveYearOld = { ageYears: 5 };
    const earliest = NOW - 6 * 366 * DAY;
    expect(incidentTimeIssue(iso(earliest), [fiveYearOld], NOW)).toBeUndefined();
    expect(incidentTimeIssue(iso(earliest - 1), [fiveYearOld], NOW)).toBe(
      MESSAGES.occurredBeforeBirth,
    );
  });

  it("with neither date nor age, allows the 18 × 366 days a child can have lived", () => {
    const unknown = {};
    const earliest = NOW - 18 * 366 * DAY;
    expect(incidentTimeIssue(iso(earliest), [unknown], NOW)).toBeUndefined();
    expect(incidentTimeIssue(iso(earliest - 1), [unknown], NOW)).toBe(MESSAGES.occurredBeforeBirth);
  });
});

describe("visitTimeIssue and measureTimeIssue", () => {
  const iso = (ms: number) => new Date(ms).toISOString();

  it("allow a visit up to five minutes ahead, and from the child's birth day on", () => {
    expect(visitTimeIssue(iso(NOW + 5 * MIN), NOW)).toBeUndefined();
    expect(visitTimeIssue(iso(NOW + 5 * MIN + 1), NOW)).toBe(MESSAGES.visitInFuture);
    expect(visitTimeIssue("2015-03-01T16:00:00.000Z", NOW, "2015-03-02")).toBeUndefined();
    expect(visitTimeIssue("2015-03-01T15:59:59.999Z", NOW, "2015-03-02")).toBe(
      MESSAGES.visitBeforeBirth,
    );
  });

  it("allow a measure from the ticket's creation to five minutes ahead of now", () => {
    const created = "2026-11-28T00:00:00.000Z";
    expect(measureTimeIssue(created, created, NOW)).toBeUndefined();
    expect(measureTimeIssue("2026-11-27T23:59:59.999Z", created, NOW)).toBe(
      MESSAGES.measureBeforeTicket,
    );
    expect(measureTimeIssue(iso(NOW), created, NOW)).toBeUndefined();
    expect(measureTimeIssue(iso(NOW + 5 * MIN), created, NOW)).toBeUndefined();
    expect(measureTimeIssue(iso(NOW + 5 * MIN + 1), created, NOW)).toBe(MESSAGES.measureInFuture);
  });
});

describe("cleanString", () => {
  const issues = (schema: ReturnType<typeof cleanString>, value: string) => {
    const out = schema.safeParse(value);
    return out.success ? [] : out.error.issues.map((i) => ({ code: i.code, message: i.message }));
  };

  it("gives the cleaned value: NFKC, format characters removed, trimmed", () => {
    expect(cleanString(1, 20).parse(" 扎西\u200b卓玛１２ ")).toBe("扎西卓玛12");
  });

  it("stops at the first problem: a lone surrogate is the only issue, even when too long", () => {
    expect(issues(cleanString(1, 3), "\ud800abcdef")).toEqual([
      { code: "custom", message: MESSAGES.notWellFormed },
    ]);
  });

  it("takes a phone number with or without +, spaces and dashes, and nothing before it", () => {
    expect(phoneNumber().parse("13800000000")).toBe("13800000000");
    expect(phoneNumber().parse("+86 138-0000-0000")).toBe("+86 138-0000-0000");
    expect(phoneNumber().parse("０８８７-８２２２２２２")).toBe("0887-8222222");
    expect(issues(phoneNumber(), "tel 13800000000").map((i) => i.code)).toEqual(["invalid_format"]);
    expect(issues(phoneNumber(), "-13800000000").map((i) => i.code)).toEqual(["invalid_format"]);
  });

  it("reports an empty or over-long phone number once, not also as badly formed", () => {
    expect(issues(phoneNumber(), "\u200b").map((i) => i.code)).toEqual(["too_small"]);
    expect(issues(phoneNumber(), "1".repeat(21)).map((i) => i.code)).toEqual(["too_big"]);
    expect(issues(phoneNumber(), "1380000000a")).toEqual([
      { code: "invalid_format", message: MESSAGES.phone },
    ]);
  });
});
