/**
 * What an officer triages an inbox by, beside each ticket: whether the child is in danger now,
 * the townships, the children's age bands (never a name or a birth date). Read in one batch per
 * inbox page from the cases' records; reading it is not a view of the child's data, so it is not
 * audited as one.
 */

import { type AgeBand, ageBand, type HarmCategory } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { caseFromItem } from "../crypto/sealed-records.ts";
import { keys } from "../keys.ts";
import { mainItems } from "../query.ts";

interface Triage {
  readonly immediateDanger: boolean;
  readonly townships: readonly string[];
  readonly ageBands: readonly AgeBand[];
  readonly categories: readonly HarmCategory[];
}

export async function inboxTriage(
  ctx: StoreContext,
  caseIds: readonly string[],
): Promise<Map<string, Triage>> {
  const found = new Map<string, Triage>();
  const now = ctx.clock.now();
  // Each case's item and its children's item (decision 0018), in one batch.
  const items = await mainItems(
    ctx,
    caseIds.flatMap((id) => [keys.case(id), keys.caseChildren(id)]),
    {
      projection: "sk, caseId, children, dataKey, erasedAt, townships, immediateDanger, categories",
    },
  );
  const isCase = (i: Record<string, unknown>) => i.sk === keys.case(String(i.caseId)).sk;
  const childrenOf = new Map(
    items.filter((i) => !isCase(i)).map((i) => [String(i.caseId), i] as const),
  );
  // Each case has its own key: opened together, a cold page costs one round of key unwraps, not one per case.
  const cases = await Promise.all(
    items
      .filter(isCase)
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
