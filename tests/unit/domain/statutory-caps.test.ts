/**
 * The statutory floor's caps on a police lead ticket (statutory-floor.ts `capDueTimes`, 意见
 * Art. 8; the 2015 police filing rules: 3 days, extendable to 30) and on event clocks: which
 * figure is capped, that `statutory_floor` is named only when a cap bit, and that clocks the law
 * does not time pass through. Instants by hand from T0.
 */
import { capClockMs, capDueTimes, DAY, HOUR } from "@cp/domain";
import { describe, expect, it } from "vitest";

const T0 = new Date("2026-05-01T00:00:00.000Z");
const plus = (ms: number) => new Date(T0.getTime() + ms).toISOString();
const policeLead = {
  agency: "police" as const,
  kind: "lead" as const,
  immediateDanger: false,
  categories: [],
};
const atFloor = {
  acceptDueAt: plus(HOUR),
  closeDueAt: plus(3 * DAY),
  extendableUntil: plus(30 * DAY),
  slaRules: ["police_lead"],
};

describe("capDueTimes", () => {
  it("leaves due times at the floor as they are, naming no cap", () => {
    expect(capDueTimes(policeLead, T0, atFloor)).toEqual(atFloor);
  });

  it("caps only the close time when only it is too long, and names the floor", () => {
    expect(capDueTimes(policeLead, T0, { ...atFloor, closeDueAt: plus(10 * DAY) })).toEqual({
      ...atFloor,
      slaRules: ["police_lead", "statutory_floor"],
    });
    expect(capDueTimes(policeLead, T0, { ...atFloor, closeDueAt: null }).closeDueAt).toBe(
      plus(3 * DAY),
    );
  });

  it("caps only the extension bound when only it is too long", () => {
    expect(capDueTimes(policeLead, T0, { ...atFloor, extendableUntil: plus(60 * DAY) })).toEqual({
      ...atFloor,
      slaRules: ["police_lead", "statutory_floor"],
    });
  });

  it("keeps a ticket that may not be extended unextendable", () => {
    expect(capDueTimes(policeLead, T0, { ...atFloor, extendableUntil: null })).toEqual({
      ...atFloor,
      extendableUntil: null,
    });
  });

  it("does not cap tickets the floor does not time", () => {
    const long = { ...atFloor, acceptDueAt: plus(DAY), closeDueAt: plus(30 * DAY) };
    expect(capDueTimes({ ...policeLead, kind: "support" }, T0, long)).toEqual(long);
    expect(capDueTimes({ ...policeLead, agency: "education" }, T0, long)).toEqual(long);
  });
});

describe("capClockMs", () => {
  it("caps the protection-order decision at 72 h, 24 h in an emergency (反家暴法 Art. 28)", () => {
    expect(capClockMs("protection_order_decision", 100 * HOUR, false)).toBe(72 * HOUR);
    expect(capClockMs("protection_order_decision", 100 * HOUR, true)).toBe(24 * HOUR);
    expect(capClockMs("protection_order_decision", 10 * HOUR, true)).toBe(10 * HOUR);
  });

  it("caps a clock with no emergency figure at its one figure in an emergency too", () => {
    expect(capClockMs("reporter_progress_feedback", 5 * DAY, true)).toBe(3 * DAY);
  });

  it("passes a policy clock through whatever its length", () => {
    expect(capClockMs("warning_letter_follow_up", 365 * DAY, false)).toBe(365 * DAY);
  });
});
