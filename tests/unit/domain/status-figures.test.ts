/**
 * The status figures a supervisor reads (docs/domain.md, "Status figures"): each ticket counted
 * once among pending, in progress, closed and declined, from the counters the aggregates keep; and
 * the unit a set of durations is shown in.
 */
import { durationUnit, inUnit, statusFigures } from "@cp/domain/sla/statuses";
import { describe, expect, it } from "vitest";

describe("statusFigures", () => {
  it("splits 20 tickets: 3 declined, 12 accepted of which 5 closed", () => {
    expect(statusFigures({ tickets: 20, accepted: 12, closed: 5, declined: 3 }, 2)).toEqual({
      tickets: 20,
      pending: 5, // 20 − 12 − 3
      inProgress: 7, // 12 − 5
      closed: 5,
      declined: 3,
      open: 12, // 5 + 7
      overdue: 2,
    });
  });

  it("counts every ticket exactly once", () => {
    const f = statusFigures({ tickets: 9, accepted: 4, closed: 1, declined: 2 }, 0);
    expect(f.pending + f.inProgress + f.closed + f.declined).toBe(f.tickets);
  });

  it("is all zero for a group with no tickets", () => {
    expect(statusFigures({ tickets: 0, accepted: 0, closed: 0, declined: 0 }, 0)).toEqual({
      tickets: 0,
      pending: 0,
      inProgress: 0,
      closed: 0,
      declined: 0,
      open: 0,
      overdue: 0,
    });
  });
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("durationUnit", () => {
  it("reads in minutes while the longest is under two hours", () => {
    expect(durationUnit([15 * MINUTE, 2 * HOUR - 1])).toBe("minute");
    expect(durationUnit([])).toBe("minute");
    expect(durationUnit([null, undefined])).toBe("minute");
  });

  it("switches to hours at exactly two hours, and stays there under three days", () => {
    expect(durationUnit([2 * HOUR])).toBe("hour");
    expect(durationUnit([null, 3 * DAY - 1, 5 * MINUTE])).toBe("hour");
  });

  it("switches to days at exactly three days", () => {
    expect(durationUnit([3 * DAY])).toBe("day");
    expect(durationUnit([undefined, 30 * DAY])).toBe("day");
  });

  it("ignores missing durations beside present ones", () => {
    expect(durationUnit([null, 2 * HOUR])).toBe("hour");
  });
});

describe("inUnit", () => {
  it("keeps minutes whole", () => {
    expect(inUnit(15 * MINUTE + 29_000, "minute")).toBe(15);
    expect(inUnit(15 * MINUTE + 30_000, "minute")).toBe(16);
  });

  it("gives hours and days to one decimal", () => {
    expect(inUnit(90 * MINUTE, "hour")).toBe(1.5);
    expect(inUnit(HOUR + 3 * MINUTE, "hour")).toBe(1.1); // 1.05 h rounds up
    expect(inUnit(36 * HOUR, "day")).toBe(1.5);
    expect(inUnit(3 * DAY + 2 * HOUR, "day")).toBe(3.1); // 3.083 d
  });

  it("keeps an unknown duration unknown, and zero zero", () => {
    expect(inUnit(null, "hour")).toBeNull();
    expect(inUnit(undefined, "day")).toBeNull();
    expect(inUnit(0, "day")).toBe(0);
  });
});
