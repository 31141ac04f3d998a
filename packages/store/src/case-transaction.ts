/**
 * Every change to a case goes through `commitCaseChange`: it reads the case, lets the caller
 * build the change against that state, seals the change's audit events onto the case's chain, and
 * writes all of it in one TransactWriteItems guarded by the case's version. A concurrent change
 * to the same case cancels the transaction; the change is then rebuilt on the fresh state, so
 * the chain never forks and no event is lost.
 *
 *   read case ─▶ build(case) ─▶ seal events ─▶ transact [case v→v+1, items…, events…]
 *        ▲                                              │ cancelled on the case or in conflict
 *        └──────────────────── retry ◀──────────────────┘
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEvent } from "@cp/domain";
import { ConflictError, NotFoundError, sealAll } from "@cp/domain";
import type { CaseChange, TransactItem } from "./change.ts";
import type { StoreContext } from "./context.ts";
import { caseFromItem, caseItem } from "./crypto/sealed-records.ts";
import { keys } from "./keys.ts";
import { derivedItems } from "./metrics/hook.ts";
import type { CaseRecord } from "./records.ts";

const MAX_ATTEMPTS = 12;

export async function readCase(ctx: StoreContext, caseId: string): Promise<CaseRecord | undefined> {
  const out = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.case(caseId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? caseFromItem(ctx.cipher, out.Item) : undefined;
}

export function auditItem(ctx: StoreContext, caseId: string, event: AuditEvent): TransactItem {
  return {
    Put: {
      TableName: ctx.config.auditTableName,
      Item: { ...keys.audit(caseId, event.seq), caseId, event },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** Whether a cancelled transaction failed only on the case item (or on a transient conflict). */
function retryable(error: TransactionCanceledException): boolean {
  const reasons = error.CancellationReasons ?? [];
  return reasons.every(
    (r, i) =>
      r.Code === "None" ||
      r.Code === "TransactionConflict" ||
      (i === 0 && r.Code === "ConditionalCheckFailed"),
  );
}

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));

/**
 * Apply a change to an existing case. `build` may throw a domain error (NotFound, Conflict) to
 * refuse the change; it is called again on fresh state when the case moved underneath.
 * `onConflict` maps a failed condition on one of the change's own items to an error.
 */
export async function commitCaseChange<R>(
  ctx: StoreContext,
  caseId: string,
  build: (current: CaseRecord, now: Date) => Promise<CaseChange<R>> | CaseChange<R>,
  onConflict: (reasonIndex: number) => Error = () =>
    new ConflictError("The record changed meanwhile; read it again."),
): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const current = await readCase(ctx, caseId);
    if (!current) throw new NotFoundError("Case");
    const now = ctx.clock.now();
    const change = await build(current, now);
    const events = sealAll(
      { seq: current.auditSeq, hash: current.auditHash },
      change.events.map((e) => ({ ...e, at: now.toISOString() })),
    );
    const head = events.at(-1) ?? { seq: current.auditSeq, hash: current.auditHash };
    const nextCase: CaseRecord = {
      ...change.next,
      auditSeq: head.seq,
      auditHash: head.hash,
      version: current.version + 1,
    };
    try {
      await ctx.clients.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: ctx.config.mainTableName,
                Item: await caseItem(ctx.cipher, nextCase),
                ConditionExpression: "version = :v",
                ExpressionAttributeValues: { ":v": current.version },
              },
            },
            ...change.items,
            ...events.map((e) => auditItem(ctx, caseId, e)),
            ...derivedItems(ctx, {
              before: current,
              after: nextCase,
              tickets: change.tickets ?? [],
              now,
            }),
          ],
        }),
      );
      return change.result;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      if (retryable(error) && attempt < MAX_ATTEMPTS) {
        await pause(attempt);
        continue;
      }
      const failed = (error.CancellationReasons ?? []).findIndex(
        (r, i) => i > 0 && r.Code === "ConditionalCheckFailed",
      );
      if (failed > 0 && failed <= change.items.length) throw onConflict(failed - 1);
      throw new ConflictError("The case is busy; try again.");
    }
  }
}
