/**
 * Roll-ups (一户一档, 一乡一账, 一市一库): the aggregate items a file change adjusts in its own
 * transaction, and their reading. A reading costs a fixed number of items per area, whatever the
 * number of children: the city item and one per township; a township's item and one per village;
 * a village's and one per household.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { type CareRollup, localDate, rollupDelta, rollupOf } from "@cp/domain";
import { addCounters, addNames, type TransactItem } from "../change.ts";
import type { StoreContext } from "../context.ts";
import { mainItems } from "../query.ts";
import { careKeys } from "./keys.ts";
import { type ChildFileRecord, rollupSubjectOf } from "./records.ts";

type Key = { pk: string; sk: string };

const areaKeys = (r: ChildFileRecord): Key[] => [
  careKeys.rollupCity(),
  careKeys.rollupTownship(r.township),
  careKeys.rollupVillage(r.township, r.village),
  careKeys.rollupHousehold(r.township, r.village, r.householdNo),
];

/** The aggregate updates of a file change: each item touched once, nothing when no figure moves. */
export function rollupItems(
  ctx: StoreContext,
  before: ChildFileRecord | undefined,
  after: ChildFileRecord | undefined,
): TransactItem[] {
  const byKey = new Map<string, { key: Key; delta: Map<string, number> }>();
  const add = (record: ChildFileRecord, delta: Map<string, number>, sign: 1 | -1) => {
    for (const key of areaKeys(record)) {
      const entry = byKey.get(key.pk) ?? { key, delta: new Map() };
      for (const [attr, n] of delta) entry.delta.set(attr, (entry.delta.get(attr) ?? 0) + sign * n);
      byKey.set(key.pk, entry);
    }
  };
  if (before) add(before, rollupDelta(undefined, rollupSubjectOf(before)), -1);
  if (after) add(after, rollupDelta(undefined, rollupSubjectOf(after)), 1);
  const items: TransactItem[] = [];
  for (const { key, delta } of byKey.values()) {
    for (const [attr, n] of delta) if (n === 0) delta.delete(attr);
    if (delta.size > 0) items.push(addCounters(ctx.config.mainTableName, key, delta));
  }
  return items;
}

/** The names of the areas a file belongs to, added to the registry sets (idempotent). */
export function areaItems(ctx: StoreContext, r: ChildFileRecord): TransactItem[] {
  const addName = (key: Key, name: string) => addNames(ctx.config.mainTableName, key, [name]);
  return [
    addName(careKeys.areasCity(), r.township),
    addName(careKeys.areasTownship(r.township), r.village),
    addName(careKeys.areasVillage(r.township, r.village), r.householdNo),
  ];
}

/** What a reading cost: items read and read capacity, as DynamoDB reports it. */
export interface ReadCost {
  requests: number;
  items: number;
  readCapacityUnits: number;
}

const id = (key: { pk: unknown; sk: unknown }) => `${key.pk as string}|${key.sk as string}`;

async function getItem(ctx: StoreContext, key: Key, cost: ReadCost) {
  const out = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: key,
      ReturnConsumedCapacity: "TOTAL",
    }),
  );
  cost.requests++;
  cost.items += out.Item ? 1 : 0;
  cost.readCapacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
  return (out.Item ?? {}) as Record<string, unknown>;
}

async function getMany(ctx: StoreContext, keys: readonly Key[], cost: ReadCost) {
  const items = await mainItems(ctx, keys, {
    onAnswer: (out, got) => {
      cost.requests++;
      cost.items += got.length;
      cost.readCapacityUnits += (out.ConsumedCapacity ?? []).reduce(
        (n, c) => n + (c.CapacityUnits ?? 0),
        0,
      );
    },
  });
  return new Map(items.map((item) => [id(item as Key), item]));
}

const names = (item: Record<string, unknown>) =>
  [...((item.names as Set<string> | undefined) ?? new Set<string>())].sort();

/** An area's roll-up as the API serves it. */
export type RollupView = CareRollup;

/** The roll-up of an area and of each of its parts, overdue counted as of today. */
export async function readRollup(
  ctx: StoreContext,
  area: { township?: string | undefined; village?: string | undefined },
): Promise<RollupView> {
  const today = localDate(ctx.clock.now());
  const { township, village } = area;
  let totalKey: Key;
  let registryKey: Key;
  let partKey: (name: string) => Key;
  let level: RollupView["level"];
  if (township && village) {
    level = "village";
    totalKey = careKeys.rollupVillage(township, village);
    registryKey = careKeys.areasVillage(township, village);
    partKey = (h) => careKeys.rollupHousehold(township, village, h);
  } else if (township) {
    level = "township";
    totalKey = careKeys.rollupTownship(township);
    registryKey = careKeys.areasTownship(township);
    partKey = (v) => careKeys.rollupVillage(township, v);
  } else {
    level = "city";
    totalKey = careKeys.rollupCity();
    registryKey = careKeys.areasCity();
    partKey = (t) => careKeys.rollupTownship(t);
  }
  const cost: ReadCost = { requests: 0, items: 0, readCapacityUnits: 0 };
  const [total, registry] = await Promise.all([
    getItem(ctx, totalKey, cost),
    getItem(ctx, registryKey, cost),
  ]);
  const partNames = names(registry);
  const parts = await getMany(ctx, partNames.map(partKey), cost);
  return {
    level,
    ...(township ? { township } : {}),
    ...(village ? { village } : {}),
    asOf: today,
    total: rollupOf(total, today),
    parts: partNames.map((name) => ({
      name,
      ...rollupOf(parts.get(id(partKey(name))) ?? {}, today),
    })),
    cost,
  };
}

/** Every village known to the roll-ups with its number of children (for the register's coverage). */
export async function villageLoads(ctx: StoreContext) {
  const cost: ReadCost = { requests: 0, items: 0, readCapacityUnits: 0 };
  const townships = names(await getItem(ctx, careKeys.areasCity(), cost));
  const registries = await getMany(ctx, townships.map(careKeys.areasTownship), cost);
  const villages = townships.flatMap((t) =>
    names(registries.get(id(careKeys.areasTownship(t))) ?? {}).map((v) => ({
      township: t,
      village: v,
    })),
  );
  const items = await getMany(
    ctx,
    villages.map((v) => careKeys.rollupVillage(v.township, v.village)),
    cost,
  );
  return villages.map((v) => ({
    ...v,
    children: rollupOf(
      items.get(id(careKeys.rollupVillage(v.township, v.village))) ?? {},
      "0000-00-00",
    ).children,
  }));
}
