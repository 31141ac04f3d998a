/**
 * The domain's failures: the API maps each `kind` to one HTTP status (functions/api/problem.ts),
 * so a wrong kind is a wrong status; the message is what the caller reads.
 */
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PreconditionFailedError,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

describe("domain errors", () => {
  it("gives each failure its kind, name and message", () => {
    const invalid = new InvalidInputError("bad", [
      { path: "children.0.birthDate", message: "in the future" },
    ]);
    expect([invalid.kind, invalid.name, invalid.message]).toEqual([
      "invalid",
      "InvalidInputError",
      "bad",
    ]);
    expect(invalid.issues).toEqual([{ path: "children.0.birthDate", message: "in the future" }]);
    expect(new InvalidInputError("bad").issues).toEqual([]);

    const forbidden = new ForbiddenError();
    expect([forbidden.kind, forbidden.name, forbidden.message]).toEqual([
      "forbidden",
      "ForbiddenError",
      "This role may not do this.",
    ]);
    expect(new ForbiddenError("Only a supervisor rules.").message).toBe("Only a supervisor rules.");

    const conflict = new ConflictError("already closed");
    expect([conflict.kind, conflict.name, conflict.message]).toEqual([
      "conflict",
      "ConflictError",
      "already closed",
    ]);

    const stale = new PreconditionFailedError("stale");
    expect([stale.kind, stale.name, stale.message]).toEqual([
      "precondition",
      "PreconditionFailedError",
      "stale",
    ]);
  });

  it("answers a refused read with the same words as a missing one", () => {
    const missing = new NotFoundError("Ticket");
    const refused = new NotFoundError("Ticket", true);
    expect([missing.kind, missing.name, missing.message]).toEqual([
      "not_found",
      "NotFoundError",
      "Ticket not found.",
    ]);
    expect(refused.message).toBe(missing.message);
    expect([missing.refused, refused.refused]).toEqual([false, true]);
  });
});
