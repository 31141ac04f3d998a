/**
 * The reporter's outbox: every report is first written to IndexedDB with its own
 * Idempotency-Key, then sent. A report written with no connection stays on the device and is
 * sent when the connection returns; a send whose answer was lost is retried with the same key,
 * and the API answers the first result again instead of filing it twice (sealed-outbox.ts).
 *
 *   submit ──▶ put(outbox) ──▶ POST /v1/reports (Idempotency-Key) ──201──▶ del(outbox), keep receipt
 *                                     │ no network / 5xx
 *                                     └──▶ stays; retried on `online`, on a timer, on app start
 *
 * The body is sealed at rest (vault.ts): a child's name and identity number are on the phone
 * only as ciphertext. When a report goes out, its receipt is kept (receipts.ts) and whoever
 * waits for it (the queued screen) hears of it.
 */
import { request } from "../api/client.ts";
import type { FiledReport } from "../api/types.ts";
import { keepReceipt, type ReportSummary, summarise } from "./receipts.ts";
import { type StoredItem, sealedOutbox } from "./sealed-outbox.ts";

/** A waiting report as the pages see it: its summary, not the child's details. */
export type QueuedReport = Omit<StoredItem, "sealed"> & ReportSummary;

const reports = sealedOutbox<StoredItem, unknown, FiledReport>({
  database: "cp-reporter",
  store: "outbox",
  post: (item, body, token) =>
    request<FiledReport>("POST", "/v1/reports", {
      body,
      token,
      headers: { "idempotency-key": item.key },
    }),
  kept: (item, body, filed) => keepReceipt(item.owner, filed, body),
});

export const onOutboxChange = reports.onChange;

/** Told of every report the outbox sends, by its Idempotency-Key. */
export const onReportFiled = reports.onSent;

export async function queuedReports(owner: string): Promise<QueuedReport[]> {
  return (await reports.queued(owner)).map(({ item: { sealed: _s, ...rest }, body }) => ({
    ...rest,
    ...summarise(body),
  }));
}

export type SubmitResult =
  | { readonly state: "filed"; readonly filed: FiledReport }
  | { readonly state: "queued"; readonly key: string };

/** Keep the report on the device, then try to send it now. */
export async function submitReport(
  body: unknown,
  owner: string,
  token: string,
): Promise<SubmitResult> {
  const sent = await reports.submit({ key: crypto.randomUUID(), owner }, body, token);
  return sent.state === "sent" ? { state: "filed", filed: sent.answer } : sent;
}

/** Send every queued report of this user; answers how many were filed. */
export const flushOutbox = reports.flush;

/** Flush when the connection returns and every `everyMs` (sync.ts). */
export const startOutboxSync = reports.startSync;
