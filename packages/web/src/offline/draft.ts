/**
 * The report being written, kept on the device (sealed, see vault.ts) as the reporter types, so
 * a reload, a trip to another page or a call to 110 does not lose it. One draft per user; it is
 * removed once the report is in the outbox.
 */
import { createStore, del, get, set } from "idb-keyval";
import { type Sealed, seal, unseal } from "./vault.ts";

const drafts = createStore("cp-reporter-drafts", "drafts");

export interface Draft<T> {
  readonly savedAt: string;
  readonly values: T;
}

export async function saveDraft<T>(owner: string, values: T): Promise<void> {
  const draft: Draft<T> = { savedAt: new Date().toISOString(), values };
  await set(owner, await seal(draft), drafts);
}

export async function loadDraft<T>(owner: string): Promise<Draft<T> | undefined> {
  return unseal<Draft<T>>(await get<Sealed>(owner, drafts));
}

export async function clearDraft(owner: string): Promise<void> {
  await del(owner, drafts);
}
