/**
 * Hand-overs and extensions at their edges (ticket/rules.ts): each refusal names the field the
 * caller sent, and an extension is bounded exactly — after the current close-due time, not in
 * the past, no later than the policy's bound.
 */
import { ConflictError, checkHandOver, extendedCloseDue, InvalidInputError } from "@cp/domain";
import { describe, expect, it } from "vitest";

function errorOf(call: () => unknown): Error & { issues?: unknown } {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to throw");
}

describe("checkHandOver", () => {
  const base = { from: "education" as const, rule: "referral" as const, openAgencies: [] };

  it("refuses an application to anyone but the court, naming applies", () => {
    const e = errorOf(() =>
      checkHandOver({ ...base, to: "civil_affairs", applies: "protection_order" }),
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.issues).toEqual([{ path: "applies", message: "only with toAgency court" }]);
    expect(() =>
      checkHandOver({ ...base, to: "court", applies: "protection_order" }),
    ).not.toThrow();
  });

  it("refuses a hand-over to the same agency, naming the field of the command used", () => {
    const referral = errorOf(() => checkHandOver({ ...base, to: "education" }));
    expect(referral.message).toBe("A ticket cannot be handed to its own agency.");
    expect(referral.issues).toEqual([{ path: "toAgency", message: "must be another agency" }]);
    const transfer = errorOf(() => checkHandOver({ ...base, rule: "transfer", to: "education" }));
    expect(transfer.issues).toEqual([{ path: "suggestAgency", message: "must be another agency" }]);
  });

  it("refuses an agency that already holds an open ticket, saying which", () => {
    const e = errorOf(() =>
      checkHandOver({ ...base, to: "police", openAgencies: ["education", "police"] }),
    );
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toBe("The agency police already holds an open ticket on this case.");
    expect(() => checkHandOver({ ...base, to: "health", openAgencies: ["police"] })).not.toThrow();
  });
});

describe("extendedCloseDue", () => {
  const NOW = new Date("2026-05-10T00:00:00.000Z");
  const ticket = {
    extended: false,
    closeDueAt: "2026-05-20T00:00:00.000Z",
    extendableUntil: "2026-06-19T00:00:00.000Z",
  };
  const outside = {
    path: "dueAt",
    message: "must be after 2026-05-20T00:00:00.000Z and no later than 2026-06-19T00:00:00.000Z",
  };

  it("needs the new due time, naming dueAt", () => {
    const e = errorOf(() => extendedCloseDue(ticket, undefined, NOW));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.issues).toEqual([{ path: "dueAt", message: "required for extend" }]);
  });

  it("moves the close-due time to any instant after it up to the bound, inclusive", () => {
    expect(extendedCloseDue(ticket, "2026-05-20T00:00:00.001Z", NOW)).toBe(
      "2026-05-20T00:00:00.001Z",
    );
    expect(extendedCloseDue(ticket, "2026-06-19T08:00:00+08:00", NOW)).toBe(
      "2026-06-19T00:00:00.000Z",
    );
  });

  it("refuses the current close-due time itself and anything past the bound", () => {
    for (const requested of ["2026-05-20T00:00:00.000Z", "2026-06-19T00:00:00.001Z"]) {
      const e = errorOf(() => extendedCloseDue(ticket, requested, NOW));
      expect(e.message).toBe("The new due time is outside what the policy allows.");
      expect(e.issues, requested).toEqual([outside]);
    }
  });

  it("refuses a time not after now, even when the ticket is already overdue", () => {
    // Overdue: the close-due time has passed; now itself is not a later due time.
    const overdue = { ...ticket, closeDueAt: "2026-05-01T00:00:00.000Z" };
    expect(() => extendedCloseDue(overdue, NOW.toISOString(), NOW)).toThrow(InvalidInputError);
    expect(extendedCloseDue(overdue, "2026-05-10T00:00:00.001Z", NOW)).toBe(
      "2026-05-10T00:00:00.001Z",
    );
  });

  it("extends once, and only a ticket with both a close clock and a bound", () => {
    expect(
      errorOf(() => extendedCloseDue({ ...ticket, extended: true }, "2026-06-01T00:00:00Z", NOW))
        .message,
    ).toBe("This ticket was already extended once.");
    for (const t of [
      { ...ticket, closeDueAt: null },
      { ...ticket, extendableUntil: null },
    ]) {
      const e = errorOf(() => extendedCloseDue(t, "2026-06-01T00:00:00Z", NOW));
      expect(e).toBeInstanceOf(ConflictError);
      expect(e.message).toBe("This ticket has no close clock to extend.");
    }
  });
});
