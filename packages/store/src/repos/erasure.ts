/**
 * Erasure of a case's personal data (个人信息保护法 Art. 47) by destroying its data key, and the
 * legal hold that forbids it. The rule of when is the domain's (retention.ts `erasureVerdict`):
 * closed, not held, its retention period over. One transaction removes the wrapped key and the
 * children from the case, the input from each report and the child fingerprints that would link
 * a new report to it, and appends `case_erased` to the trail — ids, dates and counts, no personal
 * data. Every other copy sealed under the key (the trail's statements, older report versions in a
 * backup) is unreadable from then on; the trail's hashes, over ciphertext, still verify.
 */
import {
  actorOf,
  ConflictError,
  DEFAULT_RETENTION,
  type ErasureVerdict,
  erasureVerdict,
  type Identity,
  NotFoundError,
} from "@cp/domain";
import { commitCaseChange, readCase } from "../case-transaction.ts";
import type { TransactItem } from "../change.ts";
import type { StoreContext } from "../context.ts";
import { keys } from "../keys.ts";
import { mainItems } from "../query.ts";
import type { CaseRecord } from "../records.ts";

export interface ErasureOutcome {
  readonly caseId: string;
  readonly erasedAt: string;
  /** False when the case had been erased before (a repeated request changes nothing). */
  readonly erased: boolean;
  readonly retainedUntil?: string;
}

const REFUSALS = {
  open: "An open case is not erased: agencies still act on it and a new report may join it.",
  legal_hold: "The case is under a legal hold: it is kept until the hold is lifted.",
  retention: "The case's retention period has not ended.",
} as const;

const retentionOf = (ctx: StoreContext) => ctx.config.retention ?? DEFAULT_RETENTION;

/** Why an erasure is refused, as a 409 naming the rule (and the date it lifts, for retention). */
function refusal(verdict: Extract<ErasureVerdict, { allowed: false }>): ConflictError {
  if (verdict.refusal === "already_erased") return new ConflictError("Already erased.");
  const until =
    verdict.refusal === "retention" && verdict.retainedUntil
      ? ` Kept until ${verdict.retainedUntil}.`
      : "";
  return new ConflictError(`${REFUSALS[verdict.refusal]}${until}`);
}

/** Erase the case's personal data now, if the rule allows it; a repeat answers as the first did. */
export async function eraseCase(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
): Promise<ErasureOutcome> {
  const before = await readCase(ctx, caseId);
  if (!before) throw new NotFoundError("Case");
  if (before.erasedAt) return { caseId, erasedAt: before.erasedAt, erased: false };
  const fingerprintItems = await mainItems(ctx, before.fingerprints.map(keys.child), {
    consistent: true,
  });
  const outcome = await commitCaseChange(ctx, caseId, (current, now) => {
    const verdict = erasureVerdict(current, now, retentionOf(ctx));
    if (!verdict.allowed) throw refusal(verdict);
    const erasedAt = now.toISOString();
    const { dataKey: _key, notFiled: _notFiled, ...kept } = current;
    const next: CaseRecord = { ...kept, children: [], fingerprints: [], erasedAt };
    const items: TransactItem[] = [
      ...current.reportIds.map((reportId) => ({
        Update: {
          TableName: ctx.config.mainTableName,
          Key: keys.report(reportId),
          UpdateExpression: "REMOVE #input SET erasedAt = :at",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#input": "input" },
          ExpressionAttributeValues: { ":at": erasedAt },
        },
      })),
      // The fingerprints that would link a new report of the same child to this case.
      ...fingerprintItems
        .filter((i) => i.caseId === caseId)
        .map((i) => ({
          Delete: {
            TableName: ctx.config.mainTableName,
            Key: { pk: i.pk as string, sk: i.sk as string },
            ConditionExpression: "caseId = :c",
            ExpressionAttributeValues: { ":c": caseId },
          },
        })),
    ];
    return {
      next,
      items,
      events: [
        {
          actor: actorOf(who),
          action: "case_erased",
          details: {
            dataClass: "case_personal_data",
            ground: "retention_ended",
            retainedUntil: verdict.retainedUntil,
            reports: current.reportIds.length,
            children: current.children.length,
          },
        },
      ],
      result: { caseId, erasedAt, erased: true, retainedUntil: verdict.retainedUntil },
    };
  }).catch(async (error: unknown) => {
    // Erased meanwhile by another request: the same answer as a repeat.
    const now = await readCase(ctx, caseId);
    if (now?.erasedAt) return { caseId, erasedAt: now.erasedAt, erased: false };
    throw error;
  });
  // This process's copy of the opened key goes too (others expire from their caches).
  if (before.dataKey) ctx.cipher.forget(before.dataKey);
  return outcome;
}

/** Place (with a reason, kept sealed in the trail) or lift a legal hold on a case. */
export async function setLegalHold(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
  request: { readonly held: boolean; readonly reason: string },
): Promise<{ readonly caseId: string; readonly held: boolean }> {
  return commitCaseChange(ctx, caseId, (current, now) => {
    if (current.erasedAt) throw new ConflictError("The case was erased: there is nothing to hold.");
    const { legalHold: _hold, ...rest } = current;
    const unchanged = Boolean(current.legalHold) === request.held;
    return {
      next: request.held
        ? { ...rest, legalHold: current.legalHold ?? { at: now.toISOString(), by: who.sub } }
        : rest,
      items: [],
      events: unchanged
        ? []
        : [
            {
              actor: actorOf(who),
              action: request.held ? "legal_hold_placed" : "legal_hold_lifted",
              details: { reason: request.reason },
            },
          ],
      result: { caseId, held: request.held },
    };
  });
}
