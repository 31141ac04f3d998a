/**
 * The report being written, kept on the device (sealed, see vault.ts) as the reporter types, so
 * a reload, a trip to another page or a call to 110 does not lose it. One draft per user; it is
 * removed once the report is in the outbox.
 *
 * Writes run one after another: sealing is asynchronous, so a save begun just before the report
 * was filed could otherwise land after the draft was removed and bring it back.
 */
import { createStore, del, get, set } from "idb-keyval";
import { type Sealed, seal, unseal } from "./vault.ts";

const drafts = createStore("cp-reporter-drafts", "drafts");

export interface Draft<T> {
  readonly savedAt: string;
  readonly values: T;
}

let writes: Promise<unknown> = Promise.resolve();
function inOrder(write: () => Promise<void>): Promise<void> {
  const next = writes.then(write, write);
  writes = next.catch(() => undefined);
  return next;
}

export function saveDraft<T>(owner: string, values: T): Promise<void> {
  const draft: Draft<T> = { savedAt: new Date().toISOString(), values };
  return inOrder(async () => set(owner, await seal(draft), drafts));
}

export async function loadDraft<T>(owner: string): Promise<Draft<T> | undefined> {
  return unseal<Draft<T>>(await get<Sealed>(owner, drafts));
}

export function clearDraft(owner: string): Promise<void> {
  return inOrder(() => del(owner, drafts));
}
