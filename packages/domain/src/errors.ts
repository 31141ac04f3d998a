/**
 * Every failure the domain can raise, in one file. The API maps each class to one HTTP status
 * (functions/api/problem.ts); nothing else decides a status code.
 */

/** A field-level problem, with zod-style path. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind:
    | "invalid"
    | "forbidden"
    | "not_found"
    | "conflict"
    | "precondition"
    | "unavailable";
}

/** Input that breaks a rule of the domain (a wrong field, an unknown measure). 400. */
export class InvalidInputError extends DomainError {
  readonly kind = "invalid";
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = "InvalidInputError";
  }
}

/** A role that may never do this. 403. */
export class ForbiddenError extends DomainError {
  readonly kind = "forbidden";
  constructor(message = "This role may not do this.") {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** Not there, or not the caller's to see: the two are indistinguishable on purpose. 404. */
export class NotFoundError extends DomainError {
  readonly kind = "not_found";
  /**
   * `refused`: the object exists but is not the caller's. The answer is the same 404; only the
   * security log tells the two apart.
   */
  constructor(
    what: string,
    readonly refused = false,
  ) {
    super(`${what} not found.`);
    this.name = "NotFoundError";
  }
}

/**
 * The version the caller named (If-Match) is not the current one: they acted on a stale read.
 * 412 (RFC 9110 §13.1.1), not 409: the request was conditional and its condition is false.
 */
export class PreconditionFailedError extends DomainError {
  readonly kind = "precondition";
  constructor(message: string) {
    super(message);
    this.name = "PreconditionFailedError";
  }
}

/** A state conflict: the transition is not allowed from the current state, or a stale version. 409. */
export class ConflictError extends DomainError {
  readonly kind = "conflict";
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}
