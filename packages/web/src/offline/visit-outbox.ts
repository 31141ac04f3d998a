/**
 * The 儿童主任's visit outbox: a visit recorded in a village with no signal is kept on the phone
 * (sealed, vault.ts) and sent when the connection returns. Its `clientVisitId`, made on the phone
 * when the visit is recorded, is what the API stores the visit under, so a visit sent twice (a
 * retry after a lost answer, two tabs flushing) is stored once.
 *
 *   record ──▶ put(outbox) ──▶ POST /v1/children/{id}/visits ──2xx──▶ del(outbox)
 *                                   │ no network / 5xx / 429
 *                                   └──▶ stays; retried on `online`, on a timer, on app start
 */
import { createStore, del, entries, set } from "idb-keyval";
import type { RecordedVisit, VisitBody } from "../api/care.ts";
import { ApiError, request } from "../api/client.ts";
import { startSync } from "./sync.ts";
import { type Sealed, seal, unseal } from "./vault.ts";

interface StoredVisit {
  readonly clientVisitId: string;
  readonly childId: string;
  /** Whose visit it is: only that user's session sends it. */
  readonly owner: string;
  readonly createdAt: string;
  readonly sealed: Sealed;
}

/** A waiting visit as the pages see it: which child's file, when, not what was found. */
export interface QueuedVisit {
  readonly clientVisitId: string;
  readonly childId: string;
  readonly createdAt: string;
}

const outbox = createStore("cp-care", "visit-outbox");
const listeners = new Set<() => void>();

export function onVisitOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const changed = () => {
  for (const l of listeners) l();
};

async function stored(owner: string): Promise<StoredVisit[]> {
  const all = await entries<string, StoredVisit>(outbox);
  return all
    .map(([, v]) => v)
    .filter((v) => v.owner === owner)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function queuedVisits(owner: string): Promise<QueuedVisit[]> {
  return (await stored(owner)).map(({ clientVisitId, childId, createdAt }) => ({
    clientVisitId,
    childId,
    createdAt,
  }));
}

async function send(item: StoredVisit, token: string): Promise<RecordedVisit> {
  const body = await unseal<VisitBody>(item.sealed);
  if (body === undefined) {
    // sealed with a key this device no longer has: it can never be sent
    await del(item.clientVisitId, outbox);
    changed();
    throw new ApiError(400, "unreadable");
  }
  const recorded = await request<RecordedVisit>(
    "POST",
    `/v1/children/${encodeURIComponent(item.childId)}/visits`,
    { body, token },
  );
  await del(item.clientVisitId, outbox);
  changed();
  return recorded;
}

const retryable = (e: unknown) =>
  e instanceof ApiError && (e.isNetwork || e.status >= 500 || e.status === 429);

export type VisitResult =
  | { readonly state: "sent"; readonly recorded: RecordedVisit }
  | { readonly state: "queued" };

/** Keep the visit on the phone, then try to send it now. */
export async function recordVisit(
  childId: string,
  body: VisitBody,
  owner: string,
  token: string,
): Promise<VisitResult> {
  const item: StoredVisit = {
    clientVisitId: body.clientVisitId,
    childId,
    owner,
    createdAt: new Date().toISOString(),
    sealed: await seal(body),
  };
  await set(item.clientVisitId, item, outbox);
  changed();
  if (!navigator.onLine) return { state: "queued" };
  try {
    return { state: "sent", recorded: await send(item, token) };
  } catch (e) {
    if (retryable(e)) return { state: "queued" };
    // Refused as invalid or not allowed: it would never be accepted, so it leaves the outbox.
    await del(item.clientVisitId, outbox);
    changed();
    throw e;
  }
}

let flushing: Promise<number> | undefined;

/** Send every waiting visit of this user; answers how many went. One flush at a time. */
export function flushVisits(owner: string, token: string): Promise<number> {
  flushing ??= (async () => {
    let sent = 0;
    try {
      for (const item of await stored(owner)) {
        try {
          await send(item, token);
          sent++;
        } catch (e) {
          if (retryable(e) || (e instanceof ApiError && e.status === 401)) break;
          await del(item.clientVisitId, outbox);
          changed();
        }
      }
    } finally {
      flushing = undefined;
    }
    return sent;
  })();
  return flushing;
}

/** Flush when the connection returns and every `everyMs` (sync.ts). */
export function startVisitSync(owner: string, token: () => string | undefined, everyMs = 5_000) {
  return startSync(flushVisits, owner, token, everyMs);
}
