/**
 * Every change to a case goes through `commitCaseChange`: it reads the case, lets the caller
 * build the change against that state, and writes the change with its audit events in one
 * TransactWriteItems. Two shapes, chosen by what the change touches (decision record 0009):
 *
 * - **A change to the case itself** (its status, open tickets, agencies, reports…) is guarded by
 *   the case's version and chain head, and seals its events straight onto the case's chain,
 *   together with any events still pending.
 * - **A change beside the case** (a measure, a note, an accept that leaves the case as it was)
 *   is guarded only by its own items' conditions (the ticket's version), never by the case's
 *   version. When nobody else is moving the chain, its events go straight onto the chain in the
 *   same transaction, guarded by the chain head alone. When the head moves meanwhile, its events
 *   are written as pending events in the same transaction instead, so an event exists if and
 *   only if its change does, and agencies working on different tickets of one case never wait on
 *   each other. The pending events are then sealed onto the chain in order by `sealPending`; any
 *   sealer seals every pending event of the case, so a sealer that loses a race finds its events
 *   sealed by the winner.
 *
 *   read case ─▶ build(case) ─▶ case moves? ─yes─▶ transact [case v→v+1 & head, items, events, pending→chain]
 *                                    └────no────▶ transact [items, head, events, pending→chain]
 *                                                    └─head moved─▶ transact [items, pending events] ─▶ seal pending
 *   A transaction cancelled by a concurrent change is rebuilt on fresh state.
 */
import { isDeepStrictEqual } from "node:util";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEvent, UnsealedAuditEvent } from "@cp/domain";
import { ConflictError, NotFoundError, sealAll } from "@cp/domain";
import type { CaseChange, TransactItem } from "./change.ts";
import type { StoreContext } from "./context.ts";
import {
  type CaseKeyRef,
  caseFromItem,
  caseItems,
  sealStatements,
} from "./crypto/sealed-records.ts";
import { newId } from "./ids.ts";
import { changedHour, keys, partitions } from "./keys.ts";
import { derivedItems, markerIfNew, metricsItems } from "./metrics/hook.ts";
import { mainItem } from "./query.ts";
import type { CaseRecord } from "./records.ts";

/**
 * A change whose transaction is cancelled by a concurrent one (on the case, or a transient
 * conflict) is rebuilt on fresh state for as long as this allows; only a change that cannot be
 * made (a condition on its own items) or a case busy for this long is refused.
 */
const RETRY_FOR_MS = 10_000;
/** How long a command waits for its events to be sealed before answering (they stay pending). */
const SEAL_WAIT_MS = 20_000;
const MAX_PAUSE_MS = 100;
/** Pending events sealed per transaction (a transaction holds at most 100 items). */
const SEAL_BATCH = 40;
/** The most items one TransactWriteItems may hold. */
const MAX_TRANSACT_ITEMS = 100;

type EventDraft = Omit<UnsealedAuditEvent, "seq" | "prevHash">;

interface PendingEvent {
  readonly pk: string;
  readonly sk: string;
  readonly draft: EventDraft;
}

/**
 * A case as stored: its item and its children's item, in one consistent Query (their sort keys
 * begin with `CASE`; the case's pending events, `PENDING#…`, are not read). `childrenInline`: the
 * case item still carries its children, as it did before they had an item of their own.
 */
async function loadCase(ctx: StoreContext, caseId: string) {
  const { pk, sk } = keys.case(caseId);
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :case)",
      ExpressionAttributeValues: { ":pk": pk, ":case": sk },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  const item = items.find((i) => i.sk === sk);
  if (!item) return undefined;
  const children = items.find((i) => i.sk === keys.caseChildren(caseId).sk);
  return {
    record: await caseFromItem(ctx.cipher, item, children),
    childrenInline: item.children !== undefined,
  };
}

export async function readCase(ctx: StoreContext, caseId: string): Promise<CaseRecord | undefined> {
  return (await loadCase(ctx, caseId))?.record;
}

/** What a reader of a case's sealed values needs: its wrapped key, or that it was erased. */
export async function caseKeyRef(
  ctx: StoreContext,
  caseId: string,
): Promise<CaseKeyRef | undefined> {
  const out = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.case(caseId),
      ProjectionExpression: "dataKey, erasedAt",
      ConsistentRead: true,
    }),
  );
  return out.Item as CaseKeyRef | undefined;
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

/** The case's events committed but not yet on its chain, oldest first (`keysOnly`: their keys alone). */
async function pendingEvents(
  ctx: StoreContext,
  caseId: string,
  { limit = SEAL_BATCH, keysOnly = false } = {},
): Promise<PendingEvent[]> {
  const partition = partitions.pendingEvents(caseId);
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": partition.pk, ":prefix": partition.skPrefix },
      ...(keysOnly ? { ProjectionExpression: "pk, sk" } : {}),
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return (out.Items ?? []) as PendingEvent[];
}

/** Whether the case has events committed but not yet sealed onto its chain (one small Query). */
export const hasPendingEvents = async (ctx: StoreContext, caseId: string): Promise<boolean> =>
  (await pendingEvents(ctx, caseId, { limit: 1, keysOnly: true })).length > 0;

const takePending = (ctx: StoreContext, p: PendingEvent): TransactItem => ({
  Delete: {
    TableName: ctx.config.mainTableName,
    Key: { pk: p.pk, sk: p.sk },
    ConditionExpression: "attribute_exists(pk)",
  },
});

/** The case's own fields, without what the transaction sets (version and chain head). */
const caseFields = ({
  version: _v,
  auditSeq: _s,
  auditHash: _h,
  chainHour: _c,
  ...rest
}: CaseRecord) => JSON.parse(JSON.stringify(rest)) as unknown;

const cancelledOnlyBy = (error: TransactionCanceledException, ok: (i: number) => boolean) =>
  (error.CancellationReasons ?? []).every(
    (r, i) =>
      r.Code === "None" ||
      r.Code === "TransactionConflict" ||
      (r.Code === "ConditionalCheckFailed" && ok(i)),
  );

/** Full jitter, capped: commits that lose a race spread out instead of colliding again. */
const pause = (attempt: number) =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(MAX_PAUSE_MS, 5 * 2 ** attempt)),
  );

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
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadCase(ctx, caseId);
    if (!loaded) throw new NotFoundError("Case");
    const stored = loaded.record;
    // A case from before cases had keys gets its own with its next change: from then on its
    // values and statements are sealed under it (older values keep their own keys).
    const current: CaseRecord =
      stored.dataKey || stored.erasedAt
        ? stored
        : { ...stored, dataKey: await ctx.cipher.newSubjectKey() };
    const now = ctx.clock.now();
    const change = await build(current, now);
    // Statements are sealed under the case's key before the chain hashes them: the trail holds
    // no statement in clear, and destroying the key erases them while every hash still holds.
    const drafts = await Promise.all(
      change.events.map(async (e) => ({
        ...e,
        details: await sealStatements(ctx.cipher, caseId, change.next, e.details),
        at: now.toISOString(),
      })),
    );
    const next = { ...change.next, version: current.version, auditSeq: 0, auditHash: "" };
    const movesCase = !isDeepStrictEqual(caseFields(next), caseFields(stored));
    const own = change.items.length;
    // In both shapes the change's own items come first, from index `firstOwn`.
    const firstOwn = movesCase ? 1 : 0;
    let pendingKeys: string[] = [];
    try {
      if (movesCase) {
        // The children's item is written only when they change (or are sealed anew, or still sit
        // on the case item), so most changes to the case write a small item.
        const writeChildren =
          loaded.childrenInline ||
          current.dataKey !== stored.dataKey ||
          !isDeepStrictEqual(change.next.children, stored.children);
        await commitWithCase(ctx, current, change, drafts, now, writeChildren);
      } else if (!(await commitBesideCaseSealed(ctx, current, change, drafts, now))) {
        pendingKeys = await commitBesideCase(ctx, current, change, drafts, now);
      }
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const notOwn = (i: number) => i < firstOwn || i >= firstOwn + own;
      const again =
        cancelledOnlyBy(error, notOwn) ||
        (change.rebuildOnItemConflict && cancelledOnlyBy(error, () => true));
      if (again && Date.now() - started < RETRY_FOR_MS) {
        await pause(attempt);
        continue;
      }
      const failed = (error.CancellationReasons ?? []).findIndex(
        (r, i) => !notOwn(i) && r.Code === "ConditionalCheckFailed",
      );
      if (failed >= 0) throw onConflict(failed - firstOwn);
      throw new ConflictError("The case is busy; try again.");
    }
    if (pendingKeys.length > 0) await sealThrough(ctx, caseId, pendingKeys.at(-1) as string);
    return change.result;
  }
}

/** A change to the case itself: guarded by its version and head; seals pending events too. */
async function commitWithCase<R>(
  ctx: StoreContext,
  current: CaseRecord,
  change: CaseChange<R>,
  drafts: readonly EventDraft[],
  now: Date,
  writeChildren: boolean,
) {
  const pending = await pendingEvents(ctx, current.caseId);
  const events = sealAll({ seq: current.auditSeq, hash: current.auditHash }, [
    ...pending.map((p) => p.draft),
    ...drafts,
  ]);
  const head = events.at(-1) ?? { seq: current.auditSeq, hash: current.auditHash };
  const nextCase: CaseRecord = {
    ...change.next,
    auditSeq: head.seq,
    auditHash: head.hash,
    ...(events.length > 0 ? { chainHour: changedHour(now) } : {}),
    version: current.version + 1,
  };
  const items = await caseItems(ctx.cipher, nextCase);
  const table = ctx.config.mainTableName;
  // After the change's own items, so that their places in a cancellation stay as the caller counts.
  const children: TransactItem[] = !writeChildren
    ? []
    : items.children
      ? [{ Put: { TableName: table, Item: items.children } }]
      : [{ Delete: { TableName: table, Key: keys.caseChildren(current.caseId) } }];
  await ctx.clients.ddb.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: items.kase,
            ConditionExpression: "version = :v AND auditSeq = :s",
            ExpressionAttributeValues: { ":v": current.version, ":s": current.auditSeq },
          },
        },
        ...change.items,
        ...children,
        ...events.map((e) => auditItem(ctx, current.caseId, e)),
        ...pending.map((p) => takePending(ctx, p)),
        ...derivedItems(ctx, {
          before: current,
          after: nextCase,
          tickets: change.tickets ?? [],
          now,
        }),
      ],
    }),
  );
}

/**
 * A change beside the case, sealed in its own transaction when nobody else is moving the chain:
 * its items under their own conditions, its events (after any still pending) straight onto the
 * chain, guarded by the chain head alone (`auditSeq`), not by the case's version. This is the
 * common case, one writer at a time, and it costs one transaction instead of two and writes no
 * pending event. Returns false, having written nothing, when the head moved or was being moved
 * meanwhile (or the change is too large for one transaction): the caller then takes the pending
 * path, which does not contend on the case. A failed condition on the change's own items is
 * thrown as it is, for `commitCaseChange` to judge as on the pending path (own items come first
 * in both).
 *
 * Pending events are read after the change was built: a change to the same ticket committed
 * before the build read the ticket is among them (and sealed before this one); one committed
 * after would fail this change's condition on the ticket. Events of one ticket therefore keep
 * their order on the chain.
 */
async function commitBesideCaseSealed<R>(
  ctx: StoreContext,
  current: CaseRecord,
  change: CaseChange<R>,
  drafts: readonly EventDraft[],
  now: Date,
): Promise<boolean> {
  if (drafts.length === 0) return false;
  const pending = await pendingEvents(ctx, current.caseId);
  if (pending.length >= SEAL_BATCH) return false;
  const events = sealAll({ seq: current.auditSeq, hash: current.auditHash }, [
    ...pending.map((p) => p.draft),
    ...drafts,
  ]);
  const head = events.at(-1) as AuditEvent;
  const items: TransactItem[] = [
    ...change.items,
    moveChainHead(ctx, current, head, now),
    ...events.map((e) => auditItem(ctx, current.caseId, e)),
    ...pending.map((p) => takePending(ctx, p)),
    ...markerIfNew(ctx, current, now),
    ...metricsItems(ctx, { before: current, after: current, tickets: change.tickets ?? [], now }),
  ];
  if (items.length > MAX_TRANSACT_ITEMS) return false;
  try {
    await ctx.clients.ddb.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const own = change.items.length;
    const ownFailed = (error.CancellationReasons ?? []).some(
      (r, i) => i < own && r.Code === "ConditionalCheckFailed",
    );
    if (ownFailed) throw error;
    return false;
  }
}

/**
 * A change beside the case: its items under their own conditions and its events as pending
 * events, in one transaction. Returns the pending events' sort keys, in order.
 */
async function commitBesideCase<R>(
  ctx: StoreContext,
  current: CaseRecord,
  change: CaseChange<R>,
  drafts: readonly EventDraft[],
  now: Date,
): Promise<string[]> {
  const id = newId();
  const pending = drafts.map((draft, i) => ({
    ...keys.pendingEvent(current.caseId, `${draft.at}#${id}#${String(i).padStart(3, "0")}`),
    caseId: current.caseId,
    draft,
  }));
  const items: TransactItem[] = [
    ...change.items,
    ...pending.map((item) => ({
      Put: {
        TableName: ctx.config.mainTableName,
        Item: item,
        ConditionExpression: "attribute_not_exists(pk)",
      },
    })),
    ...metricsItems(ctx, { before: current, after: current, tickets: change.tickets ?? [], now }),
  ];
  if (items.length > 0) {
    await ctx.clients.ddb.send(new TransactWriteCommand({ TransactItems: items }));
  }
  return pending.map((p) => p.sk);
}

/**
 * Move the case's chain head to `head`, guarded only by the head it was read at (never the case's
 * version), so changes beside the case and sealers race on the chain alone.
 */
function moveChainHead(
  ctx: StoreContext,
  current: Pick<CaseRecord, "caseId" | "auditSeq">,
  head: AuditEvent,
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: ctx.config.mainTableName,
      Key: keys.case(current.caseId),
      UpdateExpression: "SET auditSeq = :seq, auditHash = :hash, chainHour = :hour",
      ConditionExpression: "auditSeq = :s",
      ExpressionAttributeValues: {
        ":seq": head.seq,
        ":hash": head.hash,
        ":hour": changedHour(now),
        ":s": current.auditSeq,
      },
    },
  };
}

/**
 * Seal the case's pending events onto its chain, oldest first, in one transaction that moves
 * the head, writes the sealed events and deletes the pending ones: "none" when nothing is pending,
 * "lost" when another change moved the head first (the caller may look whether its events were
 * sealed meanwhile).
 */
async function sealOnce(ctx: StoreContext, caseId: string): Promise<"none" | "sealed" | "lost"> {
  const [current, pending] = await Promise.all([readCase(ctx, caseId), pendingEvents(ctx, caseId)]);
  if (!current || pending.length === 0) return "none";
  const events = sealAll(
    { seq: current.auditSeq, hash: current.auditHash },
    pending.map((p) => p.draft),
  );
  const head = events.at(-1) as AuditEvent;
  const now = ctx.clock.now();
  try {
    await ctx.clients.ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          moveChainHead(ctx, current, head, now),
          ...events.map((e) => auditItem(ctx, caseId, e)),
          ...pending.map((p) => takePending(ctx, p)),
          ...markerIfNew(ctx, current, now),
        ],
      }),
    );
    return "sealed";
  } catch (error) {
    if (error instanceof TransactionCanceledException) return "lost";
    throw error;
  }
}

async function stillPending(ctx: StoreContext, caseId: string, sk: string) {
  const item = await mainItem(ctx, keys.pendingEvent(caseId, sk.slice("PENDING#".length)));
  return item !== undefined;
}

/** Seal until the event under `lastKey` is on the chain (or, after a while, leave it pending). */
async function sealThrough(ctx: StoreContext, caseId: string, lastKey: string) {
  const started = Date.now();
  for (let attempt = 0; Date.now() - started < SEAL_WAIT_MS; attempt++) {
    const outcome = await sealOnce(ctx, caseId);
    if (outcome === "none") return;
    if (!(await stillPending(ctx, caseId, lastKey))) return;
    if (outcome === "lost") await pause(attempt);
  }
}

/**
 * Seal whatever the case still has pending (a command that stopped between its change and the
 * sealing): readers of the chain call this first, so they see every committed event.
 */
export async function sealPending(ctx: StoreContext, caseId: string) {
  const started = Date.now();
  for (let attempt = 0; Date.now() - started < SEAL_WAIT_MS; attempt++) {
    const outcome = await sealOnce(ctx, caseId);
    if (outcome === "none") return;
    if (outcome === "lost") await pause(attempt);
  }
}
