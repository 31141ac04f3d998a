/**
 * What the 儿童主任's phone keeps of their children so the day works with no signal: the last
 * list and each file last opened, sealed at rest (vault.ts) and kept per user. Shown with the
 * time they were fetched when the API cannot be reached; replaced at the next answer.
 */
import { createStore, get, set } from "idb-keyval";
import { ApiError } from "../api/client.ts";
import { type Sealed, seal, unseal } from "./vault.ts";

const cache = createStore("cp-care-cache", "answers");

export interface Cached<T> {
  readonly fetchedAt: string;
  readonly value: T;
}

const keyOf = (owner: string, what: string) => `${owner}|${what}`;

async function keep<T>(owner: string, what: string, value: T): Promise<void> {
  const entry: Cached<T> = { fetchedAt: new Date().toISOString(), value };
  await set(keyOf(owner, what), await seal(entry), cache);
}

export async function kept<T>(owner: string, what: string): Promise<Cached<T> | undefined> {
  return unseal<Cached<T>>(await get<Sealed>(keyOf(owner, what), cache));
}

/**
 * Fetch and keep; when there is no connection, what was kept (with its time) instead. Any other
 * failure (404, 403) is not hidden behind an old copy.
 */
export async function fetchOrKept<T>(
  owner: string,
  what: string,
  fetch: () => Promise<T>,
): Promise<Cached<T> & { readonly fromDevice: boolean }> {
  try {
    const value = await fetch();
    void keep(owner, what, value);
    return { fetchedAt: new Date().toISOString(), value, fromDevice: false };
  } catch (e) {
    if (!(e instanceof ApiError && e.isNetwork)) throw e;
    const old = await kept<T>(owner, what);
    if (!old) throw e;
    return { ...old, fromDevice: true };
  }
}
