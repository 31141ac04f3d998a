/**
 * What a supervisor's verification tells them (audit/chain.ts): the whole verdict — which event,
 * which of the three checks failed, and the head the trail ends at — so a report of tampering
 * says what was found, not just that something was.
 */
import { type AuditEvent, EMPTY_HEAD, hashEvent, sealAll, sealNext, verifyChain } from "@cp/domain";
import { describe, expect, it } from "vitest";

const actor = { sub: "officer.police", roles: ["officer" as const], agency: "police" as const };
const trail = (): AuditEvent[] =>
  sealAll(EMPTY_HEAD, [
    { at: "2026-11-27T08:00:00.000Z", actor, action: "report_filed", details: {} },
    {
      at: "2026-11-27T08:01:00.000Z",
      actor,
      action: "ticket_accepted",
      ticketId: "T1",
      details: {},
    },
    {
      at: "2026-11-27T08:02:00.000Z",
      actor,
      action: "action_recorded",
      ticketId: "T1",
      details: { type: "home_visit" },
    },
  ]);

describe("verifyChain verdicts", () => {
  it("names a gap in the numbering, with the count and the last event's hash", () => {
    const t = trail();
    const gap = [t[0], t[2]] as AuditEvent[];
    expect(verifyChain(gap)).toEqual({
      valid: false,
      events: 2,
      head: t[2]?.hash,
      firstBadSeq: 2,
      problem: "expected seq 2, found 3",
    });
  });

  it("names a broken link", () => {
    const t = trail();
    const other = sealNext(
      { seq: 1, hash: "f".repeat(64) },
      {
        at: "2026-11-27T08:01:00.000Z",
        actor,
        action: "ticket_accepted",
        details: {},
      },
    );
    expect(verifyChain([t[0] as AuditEvent, other])).toEqual({
      valid: false,
      events: 2,
      head: other.hash,
      firstBadSeq: 2,
      problem: "prevHash does not match the previous event",
    });
  });

  it("names an edited event", () => {
    const t = trail();
    t[0] = { ...(t[0] as AuditEvent), action: "report_withdrawn" };
    expect(verifyChain(t)).toEqual({
      valid: false,
      events: 3,
      head: t[2]?.hash,
      firstBadSeq: 1,
      problem: "hash does not match the event's content",
    });
  });
});

describe("sealNext", () => {
  it("keeps the ticket an event is about, inside what the hash covers", () => {
    const e = sealNext(EMPTY_HEAD, {
      at: "2026-11-27T08:01:00.000Z",
      actor,
      action: "ticket_accepted",
      ticketId: "T1",
      details: {},
    });
    expect(e).toMatchObject({ seq: 1, ticketId: "T1", prevHash: EMPTY_HEAD.hash });
    const { ticketId: _, ...withoutTicket } = e;
    expect(hashEvent(withoutTicket)).not.toBe(e.hash);
    expect(hashEvent(e)).toBe(e.hash);
  });
});
