/**
 * The access log: who read a child's personal data (`child_data_viewed`) and who was refused a
 * ticket, case or report (`access_denied`, 个人信息保护法 Art. 51; 等级保护 level-3 audit). It is
 * its own append-only partition of the audit table, never the case's chain: a read takes no
 * lock on the case, so readers cannot make an agency's write fail, and the case's chain records
 * only changes to the case.
 *
 * - **Merged** per (actor, action, record, minute): the first access of a window is written with
 *   a conditional Put, repeats within it find the entry and write nothing. Entries are sealed
 *   (each carries the hash of its own content), and the table only takes PutItem.
 * - **Kept** 400 days (`expiresAt`), beyond the six months an access log must be kept.
 * - **Refusals are counted** per caller and minute (an `ADD` on a counter item in the main
 *   table, `keys.refusalCounter`), for an operator to read in the table; the burst alarm itself
 *   is raised from the security log's metric (functions/api/security-log.ts).
 * - **A refusal costs the same whether the record exists or not**: a caller reaching for an id
 *   that does not exist is logged under the unknown partition with the same two writes, so the
 *   time of a 404 tells nothing about existence.
 */
import { createHash } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type AuditActor, actorOf, DAY, type Identity, MINUTE } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { keys, partitions } from "../keys.ts";
import { partitionItems } from "../query.ts";

type AccessAction = "child_data_viewed" | "access_denied";

interface DeniedAccess {
  /** What the caller reached for: "ticket", "ticket_command", "case", "report". */
  readonly via: string;
  readonly ticketId?: string;
  readonly reportId?: string;
}

export interface AccessEntry {
  readonly caseId: string;
  readonly action: AccessAction;
  readonly actor: AuditActor;
  /** The start of the minute the entry stands for. */
  readonly window: string;
  /** When the first access of the window happened. */
  readonly at: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** sha-256 over the entry's other fields. */
  readonly hash: string;
}

/** How long an entry is kept: more than the six months an access log must be. */
const ACCESS_LOG_RETENTION_MS = 400 * DAY;
/** Repeated accesses by one actor to one record within this window are one entry. */
const ACCESS_WINDOW_MS = MINUTE;

/** The case an access to a missing record is logged under. */
const UNKNOWN_CASE = "-";

const windowOf = (at: Date) =>
  new Date(Math.floor(at.getTime() / ACCESS_WINDOW_MS) * ACCESS_WINDOW_MS).toISOString();

/** The entry an access stands for (pure: key building and sealing, tested without a table). */
export function accessEntry(
  caseId: string,
  action: AccessAction,
  actor: AuditActor,
  details: Readonly<Record<string, unknown>>,
  at: Date,
): AccessEntry {
  const body = {
    caseId,
    action,
    actor,
    window: windowOf(at),
    at: at.toISOString(),
    details,
  };
  const hash = createHash("sha256").update(JSON.stringify(body)).digest("hex");
  return { ...body, hash };
}

/** What makes two accesses "the same" within a window: actor, action and the record reached. */
export function accessEntryKey(entry: AccessEntry) {
  const id = entry.details.ticketId ?? entry.details.reportId;
  const record = `${String(entry.details.via)}${id ? `:${String(id)}` : ""}`;
  return keys.accessEntry(entry.caseId, entry.window, entry.actor.sub, entry.action, record);
}

async function append(ctx: StoreContext, entry: AccessEntry, countRefusal: boolean) {
  const now = ctx.clock.now();
  try {
    await ctx.clients.ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: ctx.config.auditTableName,
              Item: {
                ...accessEntryKey(entry),
                entry,
                expiresAt: Math.floor((now.getTime() + ACCESS_LOG_RETENTION_MS) / 1000),
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...(countRefusal
            ? [
                {
                  Update: {
                    TableName: ctx.config.mainTableName,
                    Key: keys.refusalCounter(entry.actor.sub, entry.window),
                    UpdateExpression: "ADD refusals :one SET expiresAt = :exp",
                    ExpressionAttributeValues: {
                      ":one": 1,
                      ":exp": Math.floor((now.getTime() + DAY) / 1000),
                    },
                  },
                },
              ]
            : []),
        ],
      }),
    );
  } catch (error) {
    // The entry of this window exists: the access is merged into it. Count the refusal alone.
    if (!(error instanceof TransactionCanceledException)) throw error;
    if (countRefusal) await countOnly(ctx, entry);
  }
}

async function countOnly(ctx: StoreContext, entry: AccessEntry) {
  await ctx.clients.ddb.send(
    new UpdateCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.refusalCounter(entry.actor.sub, entry.window),
      UpdateExpression: "ADD refusals :one SET expiresAt = :exp",
      ExpressionAttributeValues: {
        ":one": 1,
        ":exp": Math.floor((ctx.clock.now().getTime() + DAY) / 1000),
      },
    }),
  );
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
  return items.map((i) => i.entry as AccessEntry);
}
