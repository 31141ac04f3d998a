/**
 * The tamper-evident audit trail: each event is sealed by the SHA-256 of its RFC 8785 (JCS)
 * canonical JSON, and carries the previous event's hash, so altering, removing or reordering any
 * event breaks every link after it. Anyone can re-verify a trail with any JCS library.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { AgencyCode } from "../agencies.ts";
import type { Role } from "../schemas.ts";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditActor {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly agency?: AgencyCode;
}

/** An event as a change proposes it: the store gives it its time and seals it onto the chain. */
export interface EventDraft {
  readonly actor: AuditActor;
  readonly action: string;
  readonly ticketId?: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** An event as served, before it is sealed. `details` must never hold a child's personal data. */
export interface UnsealedAuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: AuditActor;
  readonly action: string;
  readonly ticketId?: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
}

export interface AuditEvent extends UnsealedAuditEvent {
  readonly hash: string;
}

/** Hex SHA-256 of a value's JCS form: how every sealed record of the audit trails is hashed. */
export function jcsHash(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new TypeError("audit record is not serialisable");
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

/** The hash of an event: hex SHA-256 of the JCS form of the event without its `hash`. */
export function hashEvent(event: UnsealedAuditEvent): string {
  const { hash: _ignored, ...unsealed } = event as AuditEvent;
  return jcsHash(unsealed);
}

interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** The next event after `head`, sealed. */
export function sealNext(
  head: ChainHead,
  event: Omit<UnsealedAuditEvent, "seq" | "prevHash">,
): AuditEvent {
  const unsealed: UnsealedAuditEvent = {
    seq: head.seq + 1,
    at: event.at,
    actor: event.actor,
    action: event.action,
    ...(event.ticketId !== undefined ? { ticketId: event.ticketId } : {}),
    details: event.details,
    prevHash: head.hash,
  };
  return { ...unsealed, hash: hashEvent(unsealed) };
}

/** Seal several events in order after `head`. */
export function sealAll(
  head: ChainHead,
  events: readonly Omit<UnsealedAuditEvent, "seq" | "prevHash">[],
): AuditEvent[] {
  const sealed: AuditEvent[] = [];
  let current = head;
  for (const e of events) {
    const next = sealNext(current, e);
    sealed.push(next);
    current = next;
  }
  return sealed;
}

/** A verification's answer: what it looked at and, when that does not hold, the problem. */
export type Verdict<Seen, Failure = unknown> =
  | ({ readonly valid: true } & Seen)
  | ({ readonly valid: false; readonly problem: string } & Seen & Failure);

export type ChainVerdict = Verdict<
  { readonly events: number; readonly head: string },
  { readonly firstBadSeq: number }
>;

/** Verify a whole trail, oldest first. Names the first event that does not hold. */
export function verifyChain(events: readonly AuditEvent[]): ChainVerdict {
  let prev = EMPTY_HEAD;
  for (const [i, event] of events.entries()) {
    const expectedSeq = i + 1;
    const fail = (problem: string): ChainVerdict => ({
      valid: false,
      events: events.length,
      head: events.at(-1)?.hash ?? GENESIS_HASH,
      firstBadSeq: expectedSeq,
      problem,
    });
    if (event.seq !== expectedSeq) return fail(`expected seq ${expectedSeq}, found ${event.seq}`);
    if (event.prevHash !== prev.hash) return fail("prevHash does not match the previous event");
    if (hashEvent(event) !== event.hash) return fail("hash does not match the event's content");
    prev = { seq: event.seq, hash: event.hash };
  }
  return { valid: true, events: events.length, head: prev.hash };
}
