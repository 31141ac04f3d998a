/**
 * What an officer triages an inbox by, beside each ticket: whether the child is in danger now,
 * the townships, the children's age bands (never a name or a birth date). Read in one batch per
 * inbox page from the cases' records, in the batch that reads the page's tickets; reading it is
 * not a view of the child's data, so it is not audited as one.
 */

import { type AgeBand, ageBand, type HarmCategory } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { caseFromItem } from "../crypto/sealed-records.ts";
import { keys } from "../keys.ts";
import type { Item } from "../query.ts";

export interface Triage {
  readonly immediateDanger: boolean;
  readonly townships: readonly string[];
  readonly ageBands: readonly AgeBand[];
  readonly categories: readonly HarmCategory[];
}

/** What triage reads of a case: its item and its children's item (decision 0018). */
export const triageKeys = (caseId: string) => [keys.case(caseId), keys.caseChildren(caseId)];

/**
 * Each case's triage, from the items `triageKeys` named, read in the caller's batch beside
 * whatever else it read (an inbox page reads its tickets in the same one).
 */
export async function triageFrom(
  ctx: Pick<StoreContext, "cipher" | "clock">,
  items: readonly Item[],
): Promise<Map<string, Triage>> {
  const found = new Map<string, Triage>();
  const now = ctx.clock.now();
  const is = (i: Item, key: (caseId: string) => { sk: string }) =>
    typeof i.caseId === "string" && i.sk === key(i.caseId).sk;
  const childrenOf = new Map(
    items.filter((i) => is(i, keys.caseChildren)).map((i) => [String(i.caseId), i] as const),
  );
  // Each case has its own key: opened together, a cold page costs one round of key unwraps, not one per case.
  const cases = await Promise.all(
    items
      .filter((i) => is(i, keys.case))
      .map((item) => caseFromItem(ctx.cipher, item, childrenOf.get(String(item.caseId)))),
  );
  for (const kase of cases) {
    found.set(kase.caseId, {
      immediateDanger: kase.immediateDanger,
      townships: kase.townships,
      ageBands: [...new Set(kase.children.map((c) => ageBand(c, now)))],
      categories: kase.categories,
    });
  }
  return found;
}
