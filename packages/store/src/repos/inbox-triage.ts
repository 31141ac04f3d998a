/**
 * What an officer triages an inbox by, beside each ticket: whether the child is in danger now,
 * the townships, the children's age bands (never a name or a birth date). Read in one batch per
 * inbox page from the cases' records; reading it is not a view of the child's data, so it is not
 * audited as one.
 */

import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { type AgeBand, ageBand, type HarmCategory } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { caseFromItem } from "../crypto/sealed-records.ts";
import { keys } from "../keys.ts";

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
  const unique = [...new Set(caseIds)];
  const found = new Map<string, Triage>();
  const now = ctx.clock.now();
  // BatchGet takes at most 100 keys
  for (let i = 0; i < unique.length; i += 100) {
    const out = await ctx.clients.ddb.send(
      new BatchGetCommand({
        RequestItems: {
          [ctx.config.mainTableName]: {
            Keys: unique.slice(i, i + 100).map(keys.case),
            ProjectionExpression: "caseId, children, townships, immediateDanger, categories",
          },
        },
      }),
    );
    for (const item of out.Responses?.[ctx.config.mainTableName] ?? []) {
      const kase = await caseFromItem(ctx.cipher, item);
      found.set(kase.caseId, {
        immediateDanger: kase.immediateDanger,
        townships: kase.townships,
        ageBands: [...new Set(kase.children.map((c) => ageBand(c, now)))],
        categories: kase.categories,
      });
    }
  }
  return found;
}
