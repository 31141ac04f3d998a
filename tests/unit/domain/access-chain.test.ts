import {
  type AccessEntry,
  type AccessHead,
  type AuditActor,
  chainAccess,
  DAY,
  EMPTY_ACCESS_HEAD,
  MINUTE,
  verifyAccessLog,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const T0 = Date.parse("2026-05-01T08:00:00.000Z");
const RETENTION = 400 * DAY;
const actor: AuditActor = { sub: "officer.court", roles: ["officer"], agency: "court" };

/** A log of `n` entries, one a minute from T0, and its head. */
function logOf(n: number): { entries: AccessEntry[]; head: AccessHead } {
  const entries: AccessEntry[] = [];
  let head: AccessHead = EMPTY_ACCESS_HEAD;
  for (let i = 0; i < n; i++) {
    const at = new Date(T0 + i * MINUTE).toISOString();
    const entry = chainAccess(head, {
      caseId: "C1",
      action: i % 2 ? "access_denied" : "child_data_viewed",
      actor,
      window: at,
      at,
      details: { via: "case" },
    });
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash, at: entry.at };
  }
  return { entries, head };
}

const soon = new Date(T0 + DAY);
const verify = (entries: AccessEntry[], head: AccessHead, now = soon) =>
  verifyAccessLog(entries, head, now, RETENTION);

describe("the access log's chain", () => {
  it("links each entry to the one before and to the head, in any order read", () => {
    const { entries, head } = logOf(5);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    expect(entries[2]?.prevAt).toBe(entries[1]?.at);
    expect(verify([...entries].reverse(), head)).toEqual({ valid: true, entries: 5, firstSeq: 1 });
    expect(verify([], EMPTY_ACCESS_HEAD)).toMatchObject({ valid: true, entries: 0 });
  });

  it("catches an entry removed from the middle", () => {
    const { entries, head } = logOf(5);
    const verdict = verify(
      entries.filter((e) => e.seq !== 3),
      head,
    );
    expect(verdict).toMatchObject({ valid: false, problem: expect.stringContaining("seq 3") });
  });

  it("catches an altered entry, even one re-hashed, by its link", () => {
    const { entries, head } = logOf(4);
    const altered = entries.map((e) =>
      e.seq === 2 ? { ...e, actor: { ...e.actor, sub: "someone.else" } } : e,
    );
    expect(verify(altered, head)).toMatchObject({
      valid: false,
      problem: "entry seq 2 does not match its hash",
    });
    // Re-sealing the altered entry breaks the next entry's link instead.
    const resealed = entries.map((e) =>
      e.seq === 2
        ? chainAccess(
            { seq: 1, hash: e.prevHash, ...(e.prevAt ? { at: e.prevAt } : {}) },
            { ...e, actor: { ...e.actor, sub: "someone.else" } },
          )
        : e,
    );
    expect(verify(resealed, head)).toMatchObject({
      valid: false,
      problem: "entry seq 3 does not link to the entry before it",
    });
  });

  it("catches a tail cut off, and a log emptied before its time", () => {
    const { entries, head } = logOf(4);
    expect(verify(entries.slice(0, 3), head)).toMatchObject({
      valid: false,
      problem: expect.stringContaining("access head at seq 4"),
    });
    expect(verify([], head)).toMatchObject({ valid: false });
  });

  it("accepts a start that expired, and refuses one removed before its time", () => {
    const { entries, head } = logOf(4);
    const kept = entries.filter((e) => e.seq > 2);
    const later = new Date(T0 + RETENTION + 2 * MINUTE);
    expect(verify(kept, head, later)).toEqual({ valid: true, entries: 2, firstSeq: 3 });
    expect(verify(kept, head, soon)).toMatchObject({
      valid: false,
      problem: "entries before seq 3 are missing and were not due to expire",
    });
    expect(verify([], head, new Date(T0 + RETENTION + 4 * MINUTE))).toMatchObject({
      valid: true,
    });
  });
});
