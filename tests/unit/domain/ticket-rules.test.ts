import {
  ConflictError,
  caseStatusAfter,
  checkHandOver,
  extendedCloseDue,
  InvalidInputError,
  isLate,
  isOverdue,
  runningClock,
  runningDueAt,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

describe("a case closes and reopens with its open work", () => {
  it("closes when the last lead or support ticket leaves the open list", () => {
    expect(caseStatusAfter("open", {})).toBe("closing");
    // An oversight ticket alone does not keep a case open.
    expect(caseStatusAfter("open", { procuratorate: { kind: "oversight" } })).toBe("closing");
  });
  it("stays as it is while open work remains", () => {
    expect(caseStatusAfter("open", { police: { kind: "lead" } })).toBe("unchanged");
    expect(caseStatusAfter("closed", { procuratorate: { kind: "oversight" } })).toBe("unchanged");
  });
  it("reopens when new work reaches a closed case", () => {
    expect(caseStatusAfter("closed", { procuratorate: { kind: "support" } })).toBe("reopening");
  });
});

describe("handing a ticket over", () => {
  const base = { from: "police", to: "court", rule: "referral", openAgencies: ["police"] } as const;
  it("goes to another agency that holds no open ticket on the case", () => {
    expect(() => checkHandOver(base)).not.toThrow();
    expect(() => checkHandOver({ ...base, to: "police" })).toThrow(InvalidInputError);
    expect(() => checkHandOver({ ...base, openAgencies: ["police", "court"] })).toThrow(
      ConflictError,
    );
  });
  it("names the field the caller filled in", () => {
    try {
      checkHandOver({ ...base, rule: "transfer", to: "police" });
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidInputError).issues[0]?.path).toBe("suggestAgency");
    }
  });
  it("takes an application to the court only", () => {
    expect(() => checkHandOver({ ...base, applies: { kind: "x" } })).not.toThrow();
    expect(() => checkHandOver({ ...base, to: "education", applies: { kind: "x" } })).toThrow(
      /Only the court/,
    );
  });
});

describe("extending a close clock", () => {
  const now = new Date("2026-05-01T00:00:00.000Z");
  const ticket = {
    extended: false,
    closeDueAt: "2026-05-10T00:00:00.000Z",
    extendableUntil: "2026-05-20T00:00:00.000Z",
  };
  it("moves it later, within the policy's bound", () => {
    expect(extendedCloseDue(ticket, "2026-05-20T00:00:00Z", now)).toBe("2026-05-20T00:00:00.000Z");
    expect(() => extendedCloseDue(ticket, "2026-05-20T00:00:01Z", now)).toThrow(InvalidInputError);
    expect(() => extendedCloseDue(ticket, "2026-05-09T00:00:00Z", now)).toThrow(InvalidInputError);
  });
  it("never into the past", () => {
    const late = new Date("2026-05-15T00:00:00.000Z");
    expect(() => extendedCloseDue(ticket, "2026-05-12T00:00:00Z", late)).toThrow(InvalidInputError);
  });
  it("once, and only where a close clock runs", () => {
    expect(() =>
      extendedCloseDue({ ...ticket, extended: true }, "2026-05-12T00:00:00Z", now),
    ).toThrow(/once/);
    expect(() =>
      extendedCloseDue({ ...ticket, closeDueAt: null }, "2026-05-12T00:00:00Z", now),
    ).toThrow(ConflictError);
    expect(() => extendedCloseDue(ticket, undefined, now)).toThrow(/names the new due time/);
  });
});

describe("running clocks, late and overdue", () => {
  const pending = {
    status: "pending",
    acceptDueAt: "2026-05-01T01:00:00.000Z",
    closeDueAt: "2026-05-10T00:00:00.000Z",
  } as const;
  it("runs the accept clock while pending and the close clock once accepted", () => {
    expect(runningClock(pending)).toEqual({ clock: "accept", dueAt: pending.acceptDueAt });
    expect(runningDueAt({ ...pending, status: "accepted" })).toBe(pending.closeDueAt);
    expect(runningDueAt({ ...pending, status: "closed" })).toBeNull();
  });
  it("runs an event clock that falls due first, even after the ticket closed", () => {
    const clocks = [
      { id: "protection_order_expiry", startedAt: "x", dueAt: "2026-05-05T00:00:00.000Z" },
      { id: "court_ruling", startedAt: "x", dueAt: "2026-05-02T00:00:00.000Z", stoppedAt: "y" },
    ] as never;
    expect(runningClock({ ...pending, status: "accepted", clocks })?.dueAt).toBe(
      "2026-05-05T00:00:00.000Z",
    );
    expect(runningDueAt({ ...pending, status: "closed", clocks })).toBe("2026-05-05T00:00:00.000Z");
  });
  it("is late strictly after the due time, overdue when the running clock ran out", () => {
    expect(isLate(pending.acceptDueAt, new Date(pending.acceptDueAt))).toBe(false);
    expect(isLate(pending.acceptDueAt, new Date("2026-05-01T01:00:00.001Z"))).toBe(true);
    expect(isLate(null, new Date("2099-01-01T00:00:00Z"))).toBe(false);
    expect(isOverdue(pending, new Date("2026-05-01T02:00:00Z"))).toBe(true);
    expect(isOverdue({ ...pending, status: "declined" }, new Date("2099-01-01T00:00:00Z"))).toBe(
      false,
    );
  });
});
