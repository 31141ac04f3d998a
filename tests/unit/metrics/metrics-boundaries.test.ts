/**
 * The edges of the metrics arithmetic (sla/metrics.ts; docs/decisions/0006-metrics-and-audit.md):
 * ISO 8601 instants with every offset form read to the exact millisecond, the longest window
 * allowed and the first refused, half-year periods, and histogram reads where buckets arrive out
 * of order or empty. Expected instants are worked out by hand.
 */
import { MINUTE } from "@cp/domain";
import {
  addDays,
  dueHour,
  durationBucket,
  hourStart,
  maxMs,
  parseIsoInstant,
  parsePeriod,
  parseWindow,
  percentileMs,
  windowInstants,
} from "@cp/domain/sla/metrics";
import { describe, expect, it } from "vitest";

const at = (iso: string) => Date.parse(iso);

describe("parseIsoInstant", () => {
  it("reads Z in either case", () => {
    expect(parseIsoInstant("2026-11-01T16:00:00Z")).toBe(at("2026-11-01T16:00:00.000Z"));
    expect(parseIsoInstant("2026-11-01T16:00:00z")).toBe(at("2026-11-01T16:00:00.000Z"));
  });

  it("subtracts a positive offset and adds a negative one, minutes included", () => {
    expect(parseIsoInstant("2026-11-02T00:00:00+08:00")).toBe(at("2026-11-01T16:00:00.000Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00+05:30")).toBe(at("2026-11-01T06:30:00.000Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00-09:30")).toBe(at("2026-11-01T21:30:00.000Z"));
    expect(parseIsoInstant("20261101T120000+0545")).toBe(at("2026-11-01T06:15:00.000Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00+08")).toBe(at("2026-11-01T04:00:00.000Z"));
  });

  it("accepts offsets up to ±14:00 and minutes up to 59, refuses beyond", () => {
    expect(parseIsoInstant("2026-11-01T14:00:00+14:00")).toBe(at("2026-11-01T00:00:00.000Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00-14:00")).toBe(at("2026-11-02T02:00:00.000Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00+08:59")).toBe(at("2026-11-01T03:01:00.000Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00+15:00")).toBeUndefined();
    expect(parseIsoInstant("2026-11-01T12:00:00+08:60")).toBeUndefined();
  });

  it("reads fractions to the millisecond: padded when short, cut when long, with . or ,", () => {
    expect(parseIsoInstant("2026-11-01T12:00:00.5Z")).toBe(at("2026-11-01T12:00:00.500Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00,25Z")).toBe(at("2026-11-01T12:00:00.250Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00.123999999Z")).toBe(at("2026-11-01T12:00:00.123Z"));
  });

  it("reads hours and minutes without seconds as the start of the minute", () => {
    expect(parseIsoInstant("2026-11-01T12:34+08:00")).toBe(at("2026-11-01T04:34:00.000Z"));
  });

  it("refuses impossible times and dates, and a time without an offset", () => {
    expect(parseIsoInstant("2026-11-01T23:59:59Z")).toBe(at("2026-11-01T23:59:59.000Z"));
    expect(parseIsoInstant("2026-11-01T24:00:00Z")).toBeUndefined();
    expect(parseIsoInstant("2026-11-01T12:60:00Z")).toBeUndefined();
    expect(parseIsoInstant("2026-11-01T12:00:60Z")).toBeUndefined();
    expect(parseIsoInstant("2026-02-29T00:00:00Z")).toBeUndefined();
    expect(parseIsoInstant("2028-02-29T00:00:00Z")).toBe(at("2028-02-29T00:00:00.000Z"));
    expect(parseIsoInstant("2026-11-01T12:00:00")).toBeUndefined();
    expect(parseIsoInstant("2026-11-01")).toBeUndefined();
  });
});

describe("parseWindow: lengths", () => {
  const problem = (from: string, to: string) => {
    try {
      parseWindow(from, to);
      return undefined;
    } catch (e) {
      const err = e as { message: string; issues: unknown };
      return { message: err.message, issues: err.issues };
    }
  };

  it("allows a window of one day, from and to the same date", () => {
    expect(parseWindow("2026-11-01", "2026-11-01")).toEqual({
      fromDay: "2026-11-01",
      toDay: "2026-11-01",
    });
  });

  it("allows 731 days, refuses 732, naming `to`", () => {
    // 2025-01-01 … 2027-01-01 is 365 + 365 + 1 = 731 days, both ends included.
    expect(parseWindow("2025-01-01", "2027-01-01")).toEqual({
      fromDay: "2025-01-01",
      toDay: "2027-01-01",
    });
    expect(problem("2025-01-01", "2027-01-02")).toEqual({
      message: "The window is too long.",
      issues: [{ path: "to", message: "at most 731 days after from" }],
    });
  });

  it("refuses an end before the start, naming `to`, and a malformed start, naming `from`", () => {
    expect(problem("2026-11-02", "2026-11-01")).toEqual({
      message: "The window ends before it starts.",
      issues: [{ path: "to", message: "must not be before from" }],
    });
    expect(problem("1 Nov", "2026-11-01")).toEqual({
      message: "The window is not valid.",
      issues: [
        {
          path: "from",
          message:
            "an ISO 8601 date (2026-11-01) or an instant with an offset (2026-11-01T00:00:00+08:00, 2026-10-31T16:00:00Z)",
        },
      ],
    });
  });

  it("gives the instants of a window: local midnight to the next local midnight after `to`", () => {
    expect(windowInstants({ fromDay: "2026-11-01", toDay: "2026-11-30" })).toEqual({
      from: "2026-10-31T16:00:00.000Z",
      to: "2026-11-30T16:00:00.000Z",
    });
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("parsePeriod", () => {
  it("gives the second half-year its six months and name", () => {
    expect(parsePeriod("2026H2")).toEqual({
      name: "2026H2",
      months: ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"],
      fromDay: "2026-07-01",
      toDay: "2026-12-31",
    });
    expect(parsePeriod("2026H1")).toMatchObject({ fromDay: "2026-01-01", toDay: "2026-06-30" });
  });

  it("refuses anything else, naming `period`", () => {
    for (const name of ["2026H3", "x2026H1", "2026H1x", "26H1", ""]) {
      let issues: unknown;
      let message: unknown;
      try {
        parsePeriod(name);
      } catch (e) {
        issues = (e as { issues: unknown }).issues;
        message = (e as Error).message;
      }
      expect(message, name).toBe("The period is not valid.");
      expect(issues, name).toEqual([
        { path: "period", message: "a half-year such as 2026H1 or 2026H2" },
      ]);
    }
  });
});

describe("histograms", () => {
  it("starts steps of ten minutes at exactly 1000 minutes", () => {
    expect(durationBucket(1000 * MINUTE)).toBe(1000);
    expect(durationBucket(1009 * MINUTE)).toBe(1000);
    expect(durationBucket(1010 * MINUTE)).toBe(1010);
    expect(durationBucket(10_099 * MINUTE)).toBe(10_000);
  });

  it("reads percentiles in bucket order whatever order the buckets were stored in", () => {
    const h = new Map([
      [300, 1],
      [5, 2],
      [60, 1],
    ]);
    expect(percentileMs(h, 50)).toBe(5 * MINUTE); // rank 2 of 4
    expect(percentileMs(h, 75)).toBe(60 * MINUTE); // rank 3
    expect(percentileMs(h, 100)).toBe(300 * MINUTE);
    expect(percentileMs(h, 0)).toBe(5 * MINUTE); // rank at least 1
  });

  it("reads percentiles past buckets counted zero", () => {
    const h = new Map([
      [5, 0],
      [60, 3],
    ]);
    expect(percentileMs(h, 10)).toBe(60 * MINUTE);
  });

  it("takes the max of buckets with values, in any order, ignoring empty ones", () => {
    expect(
      maxMs(
        new Map([
          [900, 0],
          [30, 2],
          [120, 1],
          [60, 4],
        ]),
      ),
    ).toBe(120 * MINUTE);
    expect(maxMs(new Map([[0, 3]]))).toBe(0);
    expect(maxMs(new Map([[45, 0]]))).toBeNull();
  });
});

describe("due hours", () => {
  it("names an instant's UTC hour as YYYYMMDDHH and gives the hour's start", () => {
    expect(dueHour("2026-11-30T23:59:59.999Z")).toBe("2026113023");
    expect(hourStart(new Date("2026-11-30T23:59:59.999Z")).toISOString()).toBe(
      "2026-11-30T23:00:00.000Z",
    );
    expect(hourStart(new Date("2026-11-30T23:00:00.000Z")).toISOString()).toBe(
      "2026-11-30T23:00:00.000Z",
    );
  });
});
