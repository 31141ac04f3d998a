/**
 * The 儿童主任's visit outbox: a visit recorded in a village with no signal is kept on the phone
 * (sealed, vault.ts) and sent when the connection returns (sealed-outbox.ts). Its
 * `clientVisitId`, made on the phone when the visit is recorded, is what the API stores the visit
 * under, so a visit sent twice (a retry after a lost answer, two tabs flushing) is stored once.
 *
 *   record ──▶ put(outbox) ──▶ POST /v1/children/{id}/visits ──2xx──▶ del(outbox)
 *                                   │ no network / 5xx / 429
 *                                   └──▶ stays; retried on `online`, on a timer, on app start
 */
import type { RecordedVisit, VisitBody } from "../api/care.ts";
import { request } from "../api/client.ts";
import { type StoredItem, sealedOutbox } from "./sealed-outbox.ts";

interface StoredVisit extends StoredItem {
  /** The visit's own id, also its key in the outbox. */
  readonly clientVisitId: string;
  readonly childId: string;
}

/** A waiting visit as the pages see it: which child's file, when, not what was found. */
export type QueuedVisit = Pick<StoredVisit, "clientVisitId" | "childId" | "createdAt">;

const visits = sealedOutbox<StoredVisit, VisitBody, RecordedVisit>({
  database: "cp-care",
  store: "visit-outbox",
  post: (item, body, token) =>
    request<RecordedVisit>("POST", `/v1/children/${encodeURIComponent(item.childId)}/visits`, {
      body,
      token,
    }),
});

export const onVisitOutboxChange = visits.onChange;

export async function queuedVisits(owner: string): Promise<QueuedVisit[]> {
  return (await visits.queued(owner)).map(({ item: { clientVisitId, childId, createdAt } }) => ({
    clientVisitId,
    childId,
    createdAt,
  }));
}

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
  const sent = await visits.submit(
    { key: body.clientVisitId, clientVisitId: body.clientVisitId, childId, owner },
    body,
    token,
  );
  return sent.state === "sent" ? { state: "sent", recorded: sent.answer } : { state: "queued" };
}

/** Send every waiting visit of this user; answers how many went. */
export const flushVisits = visits.flush;

/** Flush when the connection returns and every `everyMs` (sync.ts). */
export const startVisitSync = visits.startSync;
