/**
 * `npx tsx tests/bench/care-rollup-cost.ts`: what one roll-up reading (一市一库, 一乡一账, a
 * village's 一户一档) costs at 1 000 and at 50 000 children. A local stack (DynamoDB Local) on
 * free ports, pollers off.
 *
 * The geography is fixed — the city's 11 townships, 6 villages each — and the children grow, as
 * they do when a survey fills the files in: 50 000 is what a whole prefecture could hold, far more
 * than the city. Each synthetic child's counters are computed by the code a file's transaction
 * runs (`rollupContribution`); since the transaction only `ADD`s them to the city, township,
 * village and household items, the per-item sums are written directly (the integration test
 * `care-files.test.ts` holds roll-ups equal to real files). The read side is the real one:
 * `readRollup`, counting requests, items and read capacity units.
 *
 * A village's reading returns one row per household, so it reads one item per household of the
 * village: that grows with the village, not with the city, and is reported beside the target.
 */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  CARE_NEEDS,
  CHILD_CIRCUMSTANCES,
  HELP_KINDS,
  ManualClock,
  RISK_LEVELS,
  type RollupSubject,
  rollupContribution,
} from "@cp/domain";
import type { LocalStack } from "@cp/local/stack";
import { careKeys, type ReadCost, readRollup } from "@cp/store/care";
import { startIdleStack } from "./idle-stack.ts";

const TOWNSHIPS = [
  "建塘镇",
  "尼西乡",
  "小中甸镇",
  "虎跳峡镇",
  "金江镇",
  "上江乡",
  "三坝乡",
  "洛吉乡",
  "五境乡",
  "东旺乡",
  "格咱乡",
];
const VILLAGES_PER_TOWNSHIP = 6;
const CHILDREN_PER_HOUSEHOLD = 2;
const TODAY = "2044-03-15";
const READS = 5;

/** A date `n` days from `date` (calendar dates, no time zone). */
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let seed = 16;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]) => xs[int(xs.length)] as T;
const some = <T>(xs: readonly T[], p: number) => xs.filter(() => random() < p);

interface Placed {
  readonly township: string;
  readonly village: string;
  readonly household: string;
  readonly subject: RollupSubject;
}

/** Child `i`: its place (households fill up village by village) and what its file counts. */
function syntheticChild(i: number, villages: number): Placed {
  const villageIndex = i % villages;
  const township = TOWNSHIPS[villageIndex % TOWNSHIPS.length] as string;
  const village = `村${Math.floor(villageIndex / TOWNSHIPS.length) + 1}`;
  const household = `H${Math.floor(i / villages / CHILDREN_PER_HOUSEHOLD)}`;
  const circumstances = some(CHILD_CIRCUMSTANCES, 0.2);
  const contacts = int(12);
  const problemsFound = random() < 0.1 ? 1 + int(2) : 0;
  return {
    township,
    village,
    household,
    subject: {
      circumstances: circumstances.length > 0 ? circumstances : ["left_behind"],
      risk: pick(RISK_LEVELS),
      needs: some(CARE_NEEDS, 0.15),
      helpGiven: Object.fromEntries(some(HELP_KINDS, 0.1).map((k) => [k, 1 + int(3)])),
      problemsFound,
      problemsSolved: problemsFound > 0 ? int(problemsFound + 1) : 0,
      contacts,
      homeVisits: int(contacts / 3 + 1),
      lateVisits: int(2),
      // Due dates as clocks leave them: some past (overdue), most within the next period.
      contactDueOn: addDays(TODAY, int(45) - 10),
      homeVisitDueOn: addDays(TODAY, int(110) - 15),
      active: true,
    },
  };
}

type Key = { pk: string; sk: string };

/** The aggregate items `n` children's files leave, and the area registries. */
function aggregatesOf(n: number) {
  const villages = TOWNSHIPS.length * VILLAGES_PER_TOWNSHIP;
  const items = new Map<string, { key: Key; sums: Map<string, number> }>();
  const add = (key: Key, contribution: Map<string, number>) => {
    const entry = items.get(key.pk) ?? { key, sums: new Map() };
    for (const [a, v] of contribution) entry.sums.set(a, (entry.sums.get(a) ?? 0) + v);
    items.set(key.pk, entry);
  };
  const registries = new Map<string, { key: Key; names: Set<string> }>();
  const register = (key: Key, name: string) => {
    const id = `${key.pk}|${key.sk}`;
    const entry = registries.get(id) ?? { key, names: new Set() };
    entry.names.add(name);
    registries.set(id, entry);
  };
  for (let i = 0; i < n; i++) {
    const c = syntheticChild(i, villages);
    const contribution = rollupContribution(c.subject);
    add(careKeys.rollupCity(), contribution);
    add(careKeys.rollupTownship(c.township), contribution);
    add(careKeys.rollupVillage(c.township, c.village), contribution);
    add(careKeys.rollupHousehold(c.township, c.village, c.household), contribution);
    register(careKeys.areasCity(), c.township);
    register(careKeys.areasTownship(c.township), c.village);
    register(careKeys.areasVillage(c.township, c.village), c.household);
  }
  return [
    ...[...items.values()].map(({ key, sums }) => ({ ...key, ...Object.fromEntries(sums) })),
    ...[...registries.values()].map(({ key, names }) => ({ ...key, names })),
  ];
}

async function putAll(stack: LocalStack, items: readonly Record<string, unknown>[]) {
  const table = stack.store.config.mainTableName;
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {
      [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (Object.keys(request).length > 0) {
      const out = await stack.store.clients.ddb.send(
        new BatchWriteCommand({ RequestItems: request }),
      );
      request = (out.UnprocessedItems ?? {}) as typeof request;
    }
  }
}

interface Reading {
  readonly cost: ReadCost;
  readonly parts: number;
  readonly children: number;
  readonly medianMs: number;
}

async function measure(
  stack: LocalStack,
  area: { township?: string; village?: string },
): Promise<Reading> {
  const ctx = { ...stack.store, clock: new ManualClock(`${TODAY}T04:00:00.000Z`) };
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof readRollup>> | undefined;
  for (let r = 0; r < READS; r++) {
    const t0 = performance.now();
    last = await readRollup(ctx, area);
    times.push(performance.now() - t0);
  }
  if (!last) throw new Error("no reading");
  const partsSum = last.parts.reduce((n, p) => n + p.children, 0);
  if (partsSum !== last.total.children)
    throw new Error(`parts count ${partsSum} children, the total ${last.total.children}`);
  times.sort((a, b) => a - b);
  return {
    cost: last.cost,
    parts: last.parts.length,
    children: last.total.children,
    medianMs: times[Math.floor(times.length / 2)] as number,
  };
}

async function main() {
  const stack = await startIdleStack();
  try {
    const areas = [
      { label: "city (一市一库)", area: {}, target: true },
      { label: "township (一乡一账)", area: { township: "尼西乡" }, target: true },
      { label: "village (一户一档)", area: { township: "尼西乡", village: "村1" }, target: false },
    ];
    const readings: Record<string, Record<number, Reading>> = {};
    for (const n of [1_000, 50_000]) {
      const items = aggregatesOf(n);
      const t0 = performance.now();
      await putAll(stack, items);
      console.log(
        `seeded the aggregates of ${n} children: ${items.length} items in ${Math.round(performance.now() - t0)} ms`,
      );
      for (const a of areas) {
        const r = await measure(stack, a.area);
        if (a.label.startsWith("city") && r.children !== n)
          throw new Error(`the city counts ${r.children} children, expected ${n}`);
        readings[a.label] = { ...readings[a.label], [n]: r };
      }
    }
    console.log(
      "\none roll-up reading (GET /v1/care/rollups), fixed geography: 11 townships × 6 villages",
    );
    console.log(
      "area                 parts@1k parts@50k items@1k items@50k ratio  RCU@1k RCU@50k ratio  ms@1k ms@50k",
    );
    let worst = 0;
    for (const a of areas) {
      const x = readings[a.label]?.[1_000] as Reading;
      const y = readings[a.label]?.[50_000] as Reading;
      const itemRatio = y.cost.items / x.cost.items;
      const rcuRatio = y.cost.readCapacityUnits / x.cost.readCapacityUnits;
      if (a.target) worst = Math.max(worst, itemRatio, rcuRatio);
      console.log(
        [
          a.label.padEnd(19),
          `${x.parts}`.padStart(8),
          `${y.parts}`.padStart(9),
          `${x.cost.items}`.padStart(8),
          `${y.cost.items}`.padStart(9),
          `${itemRatio.toFixed(2)}×`.padStart(6),
          x.cost.readCapacityUnits.toFixed(1).padStart(7),
          y.cost.readCapacityUnits.toFixed(1).padStart(7),
          `${rcuRatio.toFixed(2)}×`.padStart(6),
          x.medianMs.toFixed(1).padStart(6),
          y.medianMs.toFixed(1).padStart(6),
          a.target ? "" : " (one item per household: grows with the village)",
        ].join(" "),
      );
    }
    console.log(
      `\ncity and township readings at 50 000 children / at 1 000 (items and RCU): at most ${worst.toFixed(2)}× (target ≤ 1.2×)`,
    );
    process.exitCode = worst <= 1.2 ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

await main();
