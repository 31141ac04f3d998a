/**
 * The items a case change derives from itself, written in the same transaction as the change:
 * the supervision aggregates its ticket transitions move, and the mark that the case's audit
 * chain moved (so the checkpoint schedule knows which heads to sign).
 */
import { addCounters, addNames, type TicketTransition, type TransactItem } from "../change.ts";
import type { StoreConfig } from "../config.ts";
import { changedHour, keys, metricsKeys } from "../keys.ts";
import type { CaseRecord } from "../records.ts";
import { AggregateDeltas } from "./contributions.ts";

interface DerivedContext {
  readonly config: StoreConfig;
}

interface CaseTransition {
  readonly before: CaseRecord;
  readonly after: CaseRecord;
  readonly tickets: readonly TicketTransition[];
  readonly now: Date;
}

/** The aggregate updates of a case change: one item per (group, day), each touched once. */
export function metricsItems(ctx: DerivedContext, change: CaseTransition): TransactItem[] {
  if (change.tickets.length === 0) return [];
  const deltas = new AggregateDeltas();
  for (const { before, after } of change.tickets) {
    if (before) deltas.addTicket(before, -1);
    deltas.addTicket(after, 1);
  }
  const created = change.tickets.filter((t) => !t.before).map((t) => t.after);
  // The first routing of a case is the one that gives it agencies: count the case then.
  if (change.before.agencies.length === 0 && created.length > 0) deltas.addCase(change.after);
  const items: TransactItem[] = deltas
    .nonZero()
    .map(({ key, delta }) => addCounters(ctx.config.mainTableName, key, delta));
  const townships = [...new Set(created.flatMap((t) => t.townships))];
  if (townships.length > 0) {
    items.push(addNames(ctx.config.mainTableName, metricsKeys.townships(), townships));
  }
  return items;
}

const MARKER_TTL_SECONDS = 7 * 24 * 3600;

/** The mark a case change leaves for the checkpoint schedule (idempotent; expires after a week). */
function changedCaseMarker(ctx: { config: StoreConfig }, caseId: string, now: Date) {
  return {
    Put: {
      TableName: ctx.config.mainTableName,
      Item: {
        ...keys.changedCase(changedHour(now), caseId),
        caseId,
        expiresAt: Math.floor(now.getTime() / 1000) + MARKER_TTL_SECONDS,
      },
    },
  };
}

/**
 * The marker, when a change moving the chain needs one: none when the chain already moved in
 * this hour (the case's `chainHour`), whose marker is there (the same key, a week's expiry).
 */
export function markerIfNew(
  ctx: { config: StoreConfig },
  kase: Pick<CaseRecord, "caseId" | "chainHour">,
  now: Date,
): TransactItem[] {
  return kase.chainHour === changedHour(now) ? [] : [changedCaseMarker(ctx, kase.caseId, now)];
}

/** Everything a case change derives, appended after the change's own items and events. */
export function derivedItems(ctx: DerivedContext, change: CaseTransition): TransactItem[] {
  const moved = change.after.auditSeq !== change.before.auditSeq;
  return [
    ...metricsItems(ctx, change),
    ...(moved ? markerIfNew(ctx, change.before, change.now) : []),
  ];
}
