/**
 * The access log: who read a child's personal data (`child_data_viewed`) and who was refused a
 * ticket, case or report (`access_denied`, 个人信息保护法 Art. 51; 等级保护 level-3 audit). It is
 * its own append-only partition of the audit table, never the case's chain: a read takes no
 * lock on the case, so readers cannot make an agency's write fail, and the case's chain records
 * only changes to the case.
 *
 * - **Merged** per (actor, action, record, minute): the first access of a window is written with
 *   a conditional Put, repeats within it find the entry and write nothing.
 * - **Chained** per case (the domain's audit/access-chain.ts): each entry links to the one before
 *   it, and the case's access head (`keys.accessHead`) moves with it in the same transaction,
 *   under a condition on its seq; two accesses racing for the head take turns. The head is the
 *   case's access log's own, never the case's version: a read still takes no lock on the case.
 *   `verifyCaseAccessLog` catches an entry removed, altered or cut off. The table only takes
 *   PutItem.
 * - **Kept** 400 days (`expiresAt`), beyond the six months an access log must be kept.
 * - **Refusals are counted** per caller and minute (an `ADD` on a counter item in the main
 *   table, `keys.refusalCounter`), for an operator to read in the table; the burst alarm itself
 *   is raised from the security log's metric (functions/api/security-log.ts).
 * - **A refusal costs the same whether the record exists or not**: a caller reaching for an id
 *   that does not exist is logged under the unknown partition with the same two writes, so the
 *   time of a 404 tells nothing about existence.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AccessAction,
  type AccessDraft,
  type AccessEntry,
  type AccessHead,
  type AccessLogVerdict,
  type AuditActor,
  actorOf,
  chainAccess,
  DAY,
  EMPTY_ACCESS_HEAD,
  type Identity,
  MINUTE,
  verifyAccessLog,
} from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { keys, partitions } from "../keys.ts";
import { partitionItems } from "../query.ts";

interface DeniedAccess {
  /** What the caller reached for: "ticket", "ticket_command", "case", "report". */
  readonly via: string;
  readonly ticketId?: string;
  readonly reportId?: string;
}

/** How long an entry is kept: more than the six months an access log must be. */
const ACCESS_LOG_RETENTION_MS = 400 * DAY;
/** Repeated accesses by one actor to one record within this window are one entry. */
const ACCESS_WINDOW_MS = MINUTE;
/** How long an access waits its turn at the case's access head before it gives up. */
const APPEND_FOR_MS = 10_000;

/** The case an access to a missing record is logged under. */
const UNKNOWN_CASE = "-";

const windowOf = (at: Date) =>
  new Date(Math.floor(at.getTime() / ACCESS_WINDOW_MS) * ACCESS_WINDOW_MS).toISOString();

/** The access an entry stands for, before it is chained (pure: tested without a table). */
export function accessEntry(
  caseId: string,
  action: AccessAction,
  actor: AuditActor,
  details: Readonly<Record<string, unknown>>,
  at: Date,
): AccessDraft {
  return { caseId, action, actor, window: windowOf(at), at: at.toISOString(), details };
}

/** What makes two accesses "the same" within a window: actor, action and the record reached. */
export function accessEntryKey(entry: AccessDraft) {
  const id = entry.details.ticketId ?? entry.details.reportId;
  const record = `${String(entry.details.via)}${id ? `:${String(id)}` : ""}`;
  return keys.accessEntry(entry.caseId, entry.window, entry.actor.sub, entry.action, record);
}

async function accessHeadOf(ctx: StoreContext, caseId: string): Promise<AccessHead> {
  const out = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.auditTableName,
      Key: keys.accessHead(caseId),
      ConsistentRead: true,
    }),
  );
  const item = out.Item as (AccessHead & { pk: string }) | undefined;
  return item
    ? { seq: item.seq, hash: item.hash, ...(item.at ? { at: item.at } : {}) }
    : EMPTY_ACCESS_HEAD;
}

/** One more refusal by this caller in this window (expires after a day). */
const refusalCount = (ctx: StoreContext, draft: AccessDraft) => ({
  TableName: ctx.config.mainTableName,
  Key: keys.refusalCounter(draft.actor.sub, draft.window),
  UpdateExpression: "ADD refusals :one SET expiresAt = :exp",
  ExpressionAttributeValues: {
    ":one": 1,
    ":exp": Math.floor((ctx.clock.now().getTime() + DAY) / 1000),
  },
});

/** Full jitter: accesses that lost the race for the head spread out instead of colliding again. */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

async function append(ctx: StoreContext, draft: AccessDraft, countRefusal: boolean) {
  const started = Date.now();
  const key = accessEntryKey(draft);
  for (let attempt = 0; ; attempt++) {
    const head = await accessHeadOf(ctx, draft.caseId);
    const entry = chainAccess(head, draft);
    const expiresAt = Math.floor((Date.parse(entry.at) + ACCESS_LOG_RETENTION_MS) / 1000);
    try {
      await ctx.clients.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: ctx.config.auditTableName,
                Item: { ...key, entry, expiresAt },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: ctx.config.auditTableName,
                Item: {
                  ...keys.accessHead(draft.caseId),
                  seq: entry.seq,
                  hash: entry.hash,
                  at: entry.at,
                },
                ...(head.seq === 0
                  ? { ConditionExpression: "attribute_not_exists(pk)" }
                  : {
                      ConditionExpression: "seq = :seq",
                      ExpressionAttributeValues: { ":seq": head.seq },
                    }),
              },
            },
            ...(countRefusal ? [{ Update: refusalCount(ctx, draft) }] : []),
          ],
        }),
      );
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [entryReason] = error.CancellationReasons ?? [];
      if (entryReason?.Code === "ConditionalCheckFailed") {
        // The entry of this window exists: the access is merged into it. Count the refusal alone.
        if (countRefusal) await countOnly(ctx, draft);
        return;
      }
      // Another access moved the head first: chain after it.
      if (Date.now() - started > APPEND_FOR_MS) throw error;
      await pause(attempt);
    }
  }
}

async function countOnly(ctx: StoreContext, draft: AccessDraft) {
  await ctx.clients.ddb.send(new UpdateCommand(refusalCount(ctx, draft)));
}

/**
 * A refused access, logged whether or not the record exists (`caseId` undefined: it does not),
 * so both refusals do the same work.
 */
export async function recordAccessDenied(
  ctx: StoreContext,
  who: Identity,
  caseId: string | undefined,
  denied: DeniedAccess,
): Promise<void> {
  const details = {
    via: denied.via,
    ...(denied.ticketId ? { ticketId: denied.ticketId } : {}),
    ...(denied.reportId ? { reportId: denied.reportId } : {}),
  };
  const entry = accessEntry(
    caseId ?? UNKNOWN_CASE,
    "access_denied",
    actorOf(who),
    details,
    ctx.clock.now(),
  );
  await append(ctx, entry, true);
}

/** A read of a child's personal fields, logged before they are served. */
export async function recordAccess(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
  details: Readonly<Record<string, unknown>>,
): Promise<void> {
  await append(
    ctx,
    accessEntry(caseId, "child_data_viewed", actorOf(who), details, ctx.clock.now()),
    false,
  );
}

/** A case's access log, oldest window first. */
export async function accessLogOf(ctx: StoreContext, caseId: string): Promise<AccessEntry[]> {
  const items = await partitionItems(ctx, ctx.config.auditTableName, partitions.accessLog(caseId));
  return items.filter((i) => i.entry !== undefined).map((i) => i.entry as AccessEntry);
}

/** Whether the case's access log is whole: every entry kept links to the next, up to the head. */
export async function verifyCaseAccessLog(
  ctx: StoreContext,
  caseId: string,
): Promise<AccessLogVerdict> {
  const [entries, head] = await Promise.all([accessLogOf(ctx, caseId), accessHeadOf(ctx, caseId)]);
  return verifyAccessLog(entries, head, ctx.clock.now(), ACCESS_LOG_RETENTION_MS);
}
