/**
 * The access log's own hash chain, one per case (beside the case's chain, never on it: a read
 * takes no lock on the case). Each entry carries the hash of the one before it and when that one
 * happened, and is sealed by the SHA-256 of its RFC 8785 (JCS) form, as the case's events are.
 * The case's access head records the last entry's seq and hash, so a removed, altered or
 * reordered entry breaks a link, and a tail cut off no longer meets the head.
 *
 * Entries expire (retention.ts, `access_log`), oldest first: the chain may start after seq 1,
 * but only where the entry before the first one kept was old enough to have expired — an entry
 * removed before its time is still caught.
 */
import { type AuditActor, GENESIS_HASH, jcsHash, type Verdict } from "./chain.ts";

export type AccessAction = "child_data_viewed" | "access_denied";

/** An access as it happened, before it is chained. */
export interface AccessDraft {
  readonly caseId: string;
  readonly action: AccessAction;
  readonly actor: AuditActor;
  /** The start of the window the entry stands for (repeats within it are merged). */
  readonly window: string;
  /** When the first access of the window happened. */
  readonly at: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AccessEntry extends AccessDraft {
  readonly seq: number;
  /** The previous entry's hash (GENESIS_HASH for the first). */
  readonly prevHash: string;
  /** When the previous entry happened: whether it may have expired is judged from it. */
  readonly prevAt?: string;
  /** SHA-256 of the entry's JCS form without `hash`. */
  readonly hash: string;
}

/** The last entry of a case's access log, as the case's access head records it. */
export interface AccessHead {
  readonly seq: number;
  readonly hash: string;
  readonly at?: string;
}

export const EMPTY_ACCESS_HEAD: AccessHead = { seq: 0, hash: GENESIS_HASH };

function hashOf(entry: Omit<AccessEntry, "hash">): string {
  const { hash: _ignored, ...unsealed } = entry as AccessEntry;
  return jcsHash(unsealed);
}

/** The entry after `head`, sealed. */
export function chainAccess(head: AccessHead, draft: AccessDraft): AccessEntry {
  const unsealed = {
    ...draft,
    seq: head.seq + 1,
    prevHash: head.hash,
    ...(head.at !== undefined ? { prevAt: head.at } : {}),
  };
  return { ...unsealed, hash: hashOf(unsealed) };
}

export type AccessLogVerdict = Verdict<{ readonly entries: number; readonly firstSeq: number }>;

/**
 * Verify a case's access log against its head: the entries (any order) must link from the
 * first one kept to the head, each sealed by its hash. `retentionMs` is how long an entry is
 * kept; only an entry older than that may be missing from the start.
 */
export function verifyAccessLog(
  entries: readonly AccessEntry[],
  head: AccessHead,
  now: Date,
  retentionMs: number,
): AccessLogVerdict {
  const chain = [...entries].sort((a, b) => a.seq - b.seq);
  const firstSeq = chain[0]?.seq ?? head.seq + 1;
  const fail = (problem: string): AccessLogVerdict => ({
    valid: false,
    entries: chain.length,
    firstSeq,
    problem,
  });
  const first = chain[0];
  if (!first && head.seq > 0) {
    // Every entry gone: only when the last was old enough to have expired.
    const last = head.at ? Date.parse(head.at) : Number.NaN;
    return last + retentionMs <= now.getTime()
      ? { valid: true, entries: 0, firstSeq }
      : fail(`the access head is at seq ${head.seq} but no entry is left`);
  }
  if (first && first.seq > 1) {
    const before = first.prevAt ? Date.parse(first.prevAt) : Number.NaN;
    if (!(before + retentionMs <= now.getTime())) {
      return fail(`entries before seq ${first.seq} are missing and were not due to expire`);
    }
  }
  let prev: AccessHead | undefined = first && first.seq > 1 ? undefined : EMPTY_ACCESS_HEAD;
  for (const entry of chain) {
    if (prev && entry.seq !== prev.seq + 1) {
      return fail(`entry seq ${prev.seq + 1} is missing (found ${entry.seq})`);
    }
    if (prev && entry.prevHash !== prev.hash) {
      return fail(`entry seq ${entry.seq} does not link to the entry before it`);
    }
    if (hashOf(entry) !== entry.hash) {
      return fail(`entry seq ${entry.seq} does not match its hash`);
    }
    prev = { seq: entry.seq, hash: entry.hash };
  }
  const last = prev ?? EMPTY_ACCESS_HEAD;
  if (last.seq !== head.seq || last.hash !== head.hash) {
    return fail(`the log ends at seq ${last.seq}, the case's access head at seq ${head.seq}`);
  }
  return { valid: true, entries: chain.length, firstSeq };
}
