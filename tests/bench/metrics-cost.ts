/**
 * `tsx tests/bench/metrics-cost.ts`: what one metrics request reads at 1 000 and at 50 000
 * tickets in its window. A local stack (DynamoDB Local) on free ports, pollers off.
 *
 * The aggregates of each synthetic ticket (created, accepted, closed or declined, with
 * log-uniform durations, random agency, category and township) are computed by the same code
 * the case transaction runs (`AggregateDeltas`); since the transaction only `ADD`s, the
 * per-item sums are written directly instead of replaying 200 000 transactions. The read side is
 * the real one: `responseTimes`, counting requests, items and read capacity units.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { AGENCY_CODES, DAY, HARM_CATEGORIES, ManualClock, MINUTE } from "@cp/domain";
import { GROUP_BY } from "@cp/domain/sla/metrics";
import { startLocalStack } from "@cp/local/stack";
import { metricsKeys, type TicketRecord } from "@cp/store";
import { AggregateDeltas, newReadCost, responseTimes } from "@cp/store/metrics";
import { freePort } from "../support/free-port.ts";

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

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
const logUniform = (min: number, max: number) =>
  Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min)));

function syntheticTicket(i: number, month: string): TicketRecord {
  const created = Date.parse(`${month}-01T00:00:00Z`) + random() * 30 * DAY;
  const at = (ms: number) => new Date(created + ms).toISOString();
  const acceptDue = at(pick([15 * MINUTE, 60 * MINUTE, DAY]));
  const closeDue = at(pick([3 * DAY, 30 * DAY]));
  const fate = random();
  const acceptMs = logUniform(MINUTE, 3 * DAY);
  const closeMs = acceptMs + logUniform(HOUR_MS, 40 * DAY);
  const base = {
    ticketId: `bench-${month}-${i}`,
    caseId: `bench-case-${i}`,
    referenceNo: "SGL-BENCH",
    agency: pick(AGENCY_CODES),
    kind: "lead" as const,
    createdAt: at(0),
    acceptDueAt: acceptDue,
    closeDueAt: closeDue,
    extendableUntil: null,
    extended: false,
    routingRule: { tableVersion: 1, ruleId: "bench", reason: "bench", alsoMatched: [] },
    slaRules: [],
    categories: [pick(HARM_CATEGORIES)],
    townships: [pick(TOWNSHIPS)],
    immediateDanger: false,
    version: 1,
  };
  if (fate < 0.05) return { ...base, status: "declined", declinedAt: at(acceptMs) };
  if (fate < 0.15) return { ...base, status: "pending" };
  if (fate < 0.35) return { ...base, status: "accepted", acceptedAt: at(acceptMs) };
  return {
    ...base,
    status: "closed",
    acceptedAt: at(acceptMs),
    closedAt: at(closeMs),
    outcome: "note",
  };
}
const HOUR_MS = 60 * MINUTE;

async function seedWindow(
  stack: Awaited<ReturnType<typeof startLocalStack>>,
  month: string,
  n: number,
) {
  const deltas = new AggregateDeltas();
  for (let i = 0; i < n; i++) {
    const t = syntheticTicket(i, month);
    deltas.addTicket(t, 1);
    deltas.addCase({ createdAt: t.createdAt, categories: t.categories, townships: t.townships });
  }
  const items = deltas.nonZero();
  for (const { key, delta } of items) {
    // A transaction adds one ticket's few attributes; the merged sums may hold hundreds, more
    // than one update expression may carry, so they go in slices.
    const all = [...delta];
    for (let from = 0; from < all.length; from += 50) {
      const entries = all.slice(from, from + 50);
      await stack.store.clients.ddb.send(
        new UpdateCommand({
          TableName: stack.store.config.mainTableName,
          Key: key,
          UpdateExpression: `ADD ${entries.map((_, j) => `#a${j} :v${j}`).join(", ")}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([a], j) => [`#a${j}`, a])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], j) => [`:v${j}`, v])),
        }),
      );
    }
  }
  await stack.store.clients.ddb.send(
    new UpdateCommand({
      TableName: stack.store.config.mainTableName,
      Key: metricsKeys.townships(),
      UpdateExpression: "ADD #names :names",
      ExpressionAttributeNames: { "#names": "names" },
      ExpressionAttributeValues: { ":names": new Set(TOWNSHIPS) },
    }),
  );
  return items.length;
}

async function main() {
  const stack = await startLocalStack({
    apiPort: 0,
    dynamoPort: await freePort(),
    sqsPort: await freePort(),
    pollers: false,
    log: () => undefined,
  });
  try {
    const sizes = [
      { tickets: 1_000, month: "2041-01" },
      { tickets: 50_000, month: "2042-01" },
    ];
    const rows: string[] = [];
    const results: Record<string, Record<number, ReturnType<typeof newReadCost>>> = {};
    for (const s of sizes) {
      const written = await seedWindow(stack, s.month, s.tickets);
      console.log(`seeded ${s.tickets} tickets in ${s.month}: ${written} aggregate items`);
    }
    for (const groupBy of GROUP_BY) {
      results[groupBy] = {};
      for (const s of sizes) {
        const ctx = { ...stack.store, clock: new ManualClock("2043-01-01T00:00:00Z") };
        const cost = newReadCost();
        const window = { fromDay: `${s.month}-01`, toDay: `${s.month}-31` };
        const answer = await responseTimes(ctx, window, groupBy, cost);
        const counted = answer.rows.reduce((n, r) => n + (groupBy === "agency" ? r.tickets : 0), 0);
        if (groupBy === "agency" && counted !== s.tickets)
          throw new Error(`counted ${counted}, expected ${s.tickets}`);
        (results[groupBy] as Record<number, typeof cost>)[s.tickets] = cost;
      }
      const a = results[groupBy]?.[1_000] as ReturnType<typeof newReadCost>;
      const b = results[groupBy]?.[50_000] as ReturnType<typeof newReadCost>;
      rows.push(
        [
          groupBy.padEnd(9),
          `${a.requests}`.padStart(4),
          `${b.requests}`.padStart(4),
          `${a.items}`.padStart(6),
          `${b.items}`.padStart(6),
          `${(b.items / a.items).toFixed(2)}×`.padStart(6),
          a.capacityUnits.toFixed(1).padStart(7),
          b.capacityUnits.toFixed(1).padStart(7),
          `${(b.capacityUnits / a.capacityUnits).toFixed(2)}×`.padStart(6),
        ].join("  "),
      );
    }
    console.log("\none metrics request over a 31-day window (response-times)");
    console.log("groupBy    req@1k req@50k items@1k items@50k ratio  RCU@1k  RCU@50k ratio");
    for (const r of rows) console.log(r);
    const worst = Math.max(
      ...GROUP_BY.map(
        (g) => (results[g]?.[50_000]?.items ?? 0) / (results[g]?.[1_000]?.items ?? 1),
      ),
    );
    console.log(
      `\nitems read at 50 000 tickets / at 1 000: at most ${worst.toFixed(2)}× (target ≤ 1.2×)`,
    );
    process.exitCode = worst <= 1.2 ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

await main();
