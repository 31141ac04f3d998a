/**
 * What the phone's outboxes (reports, visits) share: an item is written to IndexedDB, its body
 * sealed (vault.ts), before it is sent; with no connection, or a network error, a 5xx or a 429,
 * it stays and is retried (sync.ts) under the same key, which the API uses to store it once;
 * an answer that it can never be accepted (4xx but 401) removes it; a 401 waits for the next
 * sign-in. Each outbox says where an item goes and what is kept once it went.
 */
import { createStore, del, entries, set } from "idb-keyval";
import { ApiError } from "../api/client.ts";
import { startSync } from "./sync.ts";
import { type Sealed, seal, unseal } from "./vault.ts";

export interface StoredItem {
  /** The item's key in the store, and the key the API stores it under. */
  readonly key: string;
  /** Whose item it is: only that user's session sends it. */
  readonly owner: string;
  readonly createdAt: string;
  readonly sealed: Sealed;
  readonly attempts: number;
}

/** Whether the failure means "try again later" rather than "this item is wrong". */
const retryable = (e: unknown) =>
  e instanceof ApiError && (e.isNetwork || e.status >= 500 || e.status === 429);

export type Sent<A> =
  | { readonly state: "sent"; readonly answer: A }
  | { readonly state: "queued"; readonly key: string };

export function sealedOutbox<I extends StoredItem, B, A>(options: {
  readonly database: string;
  readonly store: string;
  /** Sends the opened body; the key goes with it so the API stores the item once. */
  readonly post: (item: I, body: B, token: string) => Promise<A>;
  /** What to keep on the device once the item went (before it leaves the outbox). */
  readonly kept?: (item: I, body: B, answer: A) => Promise<void>;
}) {
  const outbox = createStore(options.database, options.store);
  const listeners = new Set<() => void>();
  const sentListeners = new Set<(key: string, answer: A) => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  const drop = async (key: string) => {
    await del(key, outbox);
    changed();
  };

  async function stored(owner: string): Promise<I[]> {
    const all = await entries<string, I>(outbox);
    return all
      .map(([, v]) => v)
      .filter((r) => r.owner === owner && r.sealed !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async function send(item: I, token: string): Promise<A> {
    const body = await unseal<B>(item.sealed);
    if (body === undefined) {
      // sealed with a key this device no longer has: it can never be sent
      await drop(item.key);
      throw new ApiError(400, "unreadable");
    }
    const answer = await options.post(item, body, token);
    await options.kept?.(item, body, answer);
    await drop(item.key);
    for (const l of sentListeners) l(item.key, answer);
    return answer;
  }

  let flushing: Promise<number> | undefined;

  /** Send every waiting item of this user; answers how many went. One flush at a time. */
  function flush(owner: string, token: string): Promise<number> {
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
            await drop(item.key);
          }
        }
      } finally {
        flushing = undefined;
      }
      return sent;
    })();
    return flushing;
  }

  return {
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Told of every item the outbox sends, by its key. */
    onSent(listener: (key: string, answer: A) => void): () => void {
      sentListeners.add(listener);
      return () => sentListeners.delete(listener);
    },
    /** This user's waiting items, oldest first, with their bodies opened. */
    async queued(owner: string): Promise<{ item: I; body: B | undefined }[]> {
      const items = await stored(owner);
      return Promise.all(items.map(async (item) => ({ item, body: await unseal<B>(item.sealed) })));
    },
    /** Keep the item on the device, then try to send it now. */
    async submit(
      fields: Omit<I, "sealed" | "attempts" | "createdAt">,
      body: B,
      token: string,
    ): Promise<Sent<A>> {
      const item = {
        ...fields,
        createdAt: new Date().toISOString(),
        sealed: await seal(body),
        attempts: 0,
      } as I;
      await set(item.key, item, outbox);
      changed();
      if (!navigator.onLine) return { state: "queued", key: item.key };
      try {
        return { state: "sent", answer: await send(item, token) };
      } catch (e) {
        if (retryable(e)) return { state: "queued", key: item.key };
        // Refused as invalid or not allowed: it would never be accepted, so it leaves the outbox.
        await drop(item.key);
        throw e;
      }
    },
    flush,
    /** Flush when the connection returns and every `everyMs` (sync.ts). */
    startSync(owner: string, token: () => string | undefined, everyMs = 5_000) {
      return startSync(flush, owner, token, everyMs);
    },
  };
}
