/**
 * The reporter's outbox: every report is first written to IndexedDB with its own
 * Idempotency-Key, then sent. A report written with no connection stays on the device and is
 * sent when the connection returns; a send whose answer was lost is retried with the same key,
 * and the API answers the first result again instead of filing it twice.
 *
 *   submit ──▶ put(outbox) ──▶ POST /v1/reports (Idempotency-Key) ──201──▶ del(outbox), keep receipt
 *                                     │ no network / 5xx
 *                                     └──▶ stays; retried on `online`, on a timer, on app start
 *
 * The body is sealed at rest (vault.ts): a child's name and identity number are on the phone
 * only as ciphertext. When a report goes out, its receipt is kept (receipts.ts) and whoever
 * waits for it (the queued screen) hears of it.
 */
import { createStore, del, entries, set } from "idb-keyval";
import { ApiError, request } from "../api/client.ts";
import type { FiledReport } from "../api/types.ts";
import { keepReceipt, type ReportSummary, summarise } from "./receipts.ts";
import { startSync } from "./sync.ts";
import { type Sealed, seal, unseal } from "./vault.ts";

interface StoredReport {
  readonly key: string;
  /** Whose report it is: only that user's session sends it. */
  readonly owner: string;
  readonly createdAt: string;
  readonly sealed: Sealed;
  readonly attempts: number;
}

/** A waiting report as the pages see it: its summary, not the child's details. */
export interface QueuedReport extends ReportSummary {
  readonly key: string;
  readonly owner: string;
  readonly createdAt: string;
  readonly attempts: number;
}

const outbox = createStore("cp-reporter", "outbox");
const listeners = new Set<() => void>();
const filedListeners = new Set<(key: string, filed: FiledReport) => void>();

export function onOutboxChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Told of every report the outbox sends, by its Idempotency-Key. */
export function onReportFiled(listener: (key: string, filed: FiledReport) => void): () => void {
  filedListeners.add(listener);
  return () => filedListeners.delete(listener);
}

const changed = () => {
  for (const l of listeners) l();
};

async function stored(owner: string): Promise<StoredReport[]> {
  const all = await entries<string, StoredReport>(outbox);
  return all
    .map(([, v]) => v)
    .filter((r) => r.owner === owner && r.sealed !== undefined)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

function newKey(): string {
  return crypto.randomUUID();
}

export async function queuedReports(owner: string): Promise<QueuedReport[]> {
  const items = await stored(owner);
  return Promise.all(
    items.map(async ({ sealed, ...rest }) => ({ ...rest, ...summarise(await unseal(sealed)) })),
  );
}

async function send(item: StoredReport, token: string): Promise<FiledReport> {
  const body = await unseal(item.sealed);
  if (body === undefined) {
    // sealed with a key this device no longer has: it can never be sent
    await del(item.key, outbox);
    changed();
    throw new ApiError(400, "unreadable");
  }
  const filed = await request<FiledReport>("POST", "/v1/reports", {
    body,
    token,
    headers: { "idempotency-key": item.key },
  });
  await keepReceipt(item.owner, filed, body);
  await del(item.key, outbox);
  changed();
  for (const l of filedListeners) l(item.key, filed);
  return filed;
}

/** Whether the failure means "try again later" rather than "this report is wrong". */
const retryable = (e: unknown) =>
  e instanceof ApiError && (e.isNetwork || e.status >= 500 || e.status === 429);

export type SubmitResult =
  | { readonly state: "filed"; readonly filed: FiledReport }
  | { readonly state: "queued"; readonly key: string };

/** Keep the report on the device, then try to send it now. */
export async function submitReport(
  body: unknown,
  owner: string,
  token: string,
): Promise<SubmitResult> {
  const item: StoredReport = {
    key: newKey(),
    owner,
    createdAt: new Date().toISOString(),
    sealed: await seal(body),
    attempts: 0,
  };
  await set(item.key, item, outbox);
  changed();
  if (!navigator.onLine) return { state: "queued", key: item.key };
  try {
    return { state: "filed", filed: await send(item, token) };
  } catch (e) {
    if (retryable(e)) return { state: "queued", key: item.key };
    // Rejected as invalid (or not allowed): it would never succeed, so it leaves the outbox.
    await del(item.key, outbox);
    changed();
    throw e;
  }
}

let flushing: Promise<number> | undefined;

/** Send every queued report of this user; answers how many were filed. One flush at a time. */
export function flushOutbox(owner: string, token: string): Promise<number> {
  flushing ??= (async () => {
    let sent = 0;
    try {
      for (const item of await stored(owner)) {
        try {
          await send(item, token);
          sent++;
        } catch (e) {
          if (retryable(e)) {
            await set(item.key, { ...item, attempts: item.attempts + 1 }, outbox);
            break;
          }
          if (e instanceof ApiError && e.status === 401) break;
          await del(item.key, outbox);
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
export function startOutboxSync(owner: string, token: () => string | undefined, everyMs = 5_000) {
  return startSync(flushOutbox, owner, token, everyMs);
}
