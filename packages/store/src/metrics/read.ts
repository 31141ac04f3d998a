/**
 * Reading the aggregates back: one Query per group over the days of the window, folded into the
 * contract's rows. What a request reads depends on the groups and the days, never on how many
 * tickets those days hold (see keys.ts).
 *
 * `overdue` is judged at reading time: tickets of the window still open whose running due time
 * is before now. Hours wholly past come from the aggregates' open-due histogram; the hour now
 * running is counted exactly from the DUE index, which holds only the tickets due in that
 * hour so far.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { AGENCY_CODES, HARM_CATEGORIES, isOverdue, type ResponseTimeRow } from "@cp/domain";
import {
  type DayWindow,
  dueHour,
  type Histogram,
  hourStart,
  maxMs,
  metricsDay,
  percentileMs,
} from "@cp/domain/sla/metrics";
import { statusFigures } from "@cp/domain/sla/statuses";
import type { StoreContext } from "../context.ts";
import { INDEX, metricsKeys, WORK_LIST } from "../keys.ts";
import { indexedItems } from "../query.ts";
import type { TicketRecord } from "../records.ts";
import { groupsOf } from "./contributions.ts";
import { COUNTERS, type Counter, type Dimension, HISTOGRAM_PREFIX, TOTAL_KEY } from "./keys.ts";

/** What reading cost, for benchmarks and logs. */
export interface ReadCost {
  requests: number;
  items: number;
  capacityUnits: number;
}

export const newReadCost = (): ReadCost => ({ requests: 0, items: 0, capacityUnits: 0 });

/** The sum of a group's day aggregates. */
export interface GroupTotals {
  readonly counters: Record<Counter, number>;
  readonly accept: Map<number, number>;
  readonly close: Map<number, number>;
  /** Open tickets by UTC hour (`YYYYMMDDHH`) of their running due time. */
  readonly openDue: Map<string, number>;
}

export const emptyTotals = (): GroupTotals => ({
  counters: Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>,
  accept: new Map(),
  close: new Map(),
  openDue: new Map(),
});

/** Fold one stored day aggregate into running totals. */
export function addAggregate(into: GroupTotals, item: Record<string, unknown>) {
  for (const [attr, value] of Object.entries(item)) {
    if (typeof value !== "number") continue;
    if ((COUNTERS as readonly string[]).includes(attr)) into.counters[attr as Counter] += value;
    else if (attr.startsWith(HISTOGRAM_PREFIX.accept))
      bump(into.accept, Number(attr.slice(2)), value);
    else if (attr.startsWith(HISTOGRAM_PREFIX.close))
      bump(into.close, Number(attr.slice(2)), value);
    else if (attr.startsWith(HISTOGRAM_PREFIX.due)) bump(into.openDue, attr.slice(2), value);
  }
}

function bump<K>(m: Map<K, number>, k: K, n: number) {
  m.set(k, (m.get(k) ?? 0) + n);
}

/** The day aggregates of one group in a window, oldest first. */
async function readGroupDays(
  ctx: StoreContext,
  dimension: Dimension,
  key: string,
  window: DayWindow,
  cost: ReadCost = newReadCost(),
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.mainTableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": metricsKeys.partition(dimension, key),
          ":from": `DAY#${window.fromDay}`,
          ":to": `DAY#${window.toDay}`,
        },
        ExclusiveStartKey: start,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    cost.requests++;
    cost.items += out.Items?.length ?? 0;
    cost.capacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The keys of a dimension: fixed lists for agencies and categories, the registry for townships. */
async function groupKeys(
  ctx: StoreContext,
  dimension: Dimension,
  cost: ReadCost = newReadCost(),
): Promise<string[]> {
  if (dimension === "agency") return [...AGENCY_CODES];
  if (dimension === "category") return [...HARM_CATEGORIES];
  if (dimension === "total") return [TOTAL_KEY];
  const out = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: metricsKeys.townships(),
      ReturnConsumedCapacity: "TOTAL",
    }),
  );
  cost.requests++;
  cost.items += out.Item ? 1 : 0;
  cost.capacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
  const names = out.Item?.names as Set<string> | undefined;
  return names ? [...names].sort() : [];
}

/**
 * Open tickets created in the window, due in the hour now running and already past due.
 * Bounded by the tickets due within one hour, not by the window.
 */
async function overdueThisHour(
  ctx: StoreContext,
  window: DayWindow,
  now: Date,
  cost: ReadCost = newReadCost(),
): Promise<TicketRecord[]> {
  const tickets: TicketRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.mainTableName,
        IndexName: INDEX.workList,
        KeyConditionExpression: "gsi3pk = :due AND gsi3sk BETWEEN :from AND :now",
        ExpressionAttributeValues: {
          ":due": WORK_LIST.due,
          ":from": hourStart(now).toISOString(),
          ":now": now.toISOString(),
        },
        ExclusiveStartKey: start,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    cost.requests++;
    cost.items += out.Items?.length ?? 0;
    cost.capacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
    // The work list carries only what it filters on: the tickets are read by key.
    const found = await indexedItems(ctx, out.Items ?? [], {
      onAnswer: (answer) => {
        cost.requests++;
        cost.capacityUnits += answer.ConsumedCapacity?.[0]?.CapacityUnits ?? 0;
      },
    });
    for (const t of found as TicketRecord[]) {
      const day = metricsDay(t.createdAt);
      if (day >= window.fromDay && day <= window.toDay && isOverdue(t, now)) tickets.push(t);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return tickets;
}

/** How many of `tickets` fall in each group of a dimension. */
function countByGroup(tickets: readonly TicketRecord[], dimension: Dimension) {
  const counts = new Map<string, number>();
  for (const t of tickets) {
    for (const [d, key] of groupsOf(t)) if (d === dimension) bump(counts, key, 1);
  }
  return counts;
}

/** Totals as a row; `overdueNow` is the exact count for the running hour. */
export function rowOf(
  key: string,
  totals: GroupTotals,
  now: Date,
  overdueNow: number,
): ResponseTimeRow {
  const c = totals.counters;
  const currentHour = dueHour(now.toISOString());
  let overdue = overdueNow;
  for (const [hour, n] of totals.openDue) if (hour < currentHour) overdue += n;
  const accept: Histogram = totals.accept;
  const close: Histogram = totals.close;
  const status = statusFigures(c, overdue);
  return {
    key,
    cases: c.cases,
    tickets: status.tickets,
    accepted: c.accepted,
    closed: status.closed,
    declined: status.declined,
    pending: status.pending,
    inProgress: status.inProgress,
    open: status.open,
    overdue: status.overdue,
    acceptP50Ms: percentileMs(accept, 50),
    acceptP90Ms: percentileMs(accept, 90),
    acceptMaxMs: maxMs(accept),
    closeP50Ms: percentileMs(close, 50),
    closeP90Ms: percentileMs(close, 90),
    closeMaxMs: maxMs(close),
    acceptSlaMet: c.acceptSlaMet,
    acceptSlaBreached: c.acceptSlaBreached,
    closeSlaMet: c.closeSlaMet,
    closeSlaBreached: c.closeSlaBreached,
  };
}

/** Fetch `fn` over `inputs` with a bounded number in flight. */
async function mapLimited<T, R>(
  inputs: readonly T[],
  limit: number,
  fn: (input: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await fn(inputs[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

/** A group's days in a window as one fold makes them, and its tickets overdue in the running hour. */
export interface GroupFold<F> {
  readonly key: string;
  readonly folded: F;
  readonly overdueNow: number;
}

/**
 * Every group of a dimension with its days in the window folded by `fold`, and how many of
 * `overdue` (the running hour's overdue tickets, read meanwhile) fall in it: what the metrics API
 * and the progress report both build their rows from. Groups are read 8 at a time.
 */
async function foldGroups<F>(
  ctx: StoreContext,
  dimension: Dimension,
  window: DayWindow,
  overdue: Promise<readonly TicketRecord[]>,
  cost: ReadCost,
  fold: (days: readonly Record<string, unknown>[]) => F,
): Promise<GroupFold<F>[]> {
  const keys = await groupKeys(ctx, dimension, cost);
  const [groups, late] = await Promise.all([
    mapLimited(keys, 8, async (key) => ({
      key,
      folded: fold(await readGroupDays(ctx, dimension, key, window, cost)),
    })),
    overdue.then((tickets) => countByGroup(tickets, dimension)),
  ]);
  return groups.map((g) => ({ ...g, overdueNow: late.get(g.key) ?? 0 }));
}

/** A group's days added up. */
export function totalsOf(days: readonly Record<string, unknown>[]): GroupTotals {
  const totals = emptyTotals();
  for (const day of days) addAggregate(totals, day);
  return totals;
}

/**
 * One read of the metrics over a window as of now: the running hour's overdue tickets (read once,
 * beside the groups) and each dimension's groups with their days folded by `fold`.
 */
export function windowRead(ctx: StoreContext, window: DayWindow, cost: ReadCost = newReadCost()) {
  const now = ctx.clock.now();
  const overdue = overdueThisHour(ctx, window, now, cost);
  return {
    now,
    overdue,
    groups: <F>(dimension: Dimension, fold: (days: readonly Record<string, unknown>[]) => F) =>
      foldGroups(ctx, dimension, window, overdue, cost, fold),
  };
}
