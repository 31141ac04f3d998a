/**
 * Counting what a business operation costs, without touching product code: middleware on the
 * SDK clients the local stack already uses records every command by name, asks DynamoDB for the
 * capacity it consumed (`ReturnConsumedCapacity: "TOTAL"`) and adds it up.
 *
 * The document client shares its DynamoDBClient's middleware stack, so one middleware sees both
 * the store's document commands and any raw ones.
 */
import type { AwsClients } from "@cp/store";

/** DynamoDB commands that accept `ReturnConsumedCapacity`. */
const CAPACITY_COMMANDS = new Set([
  "GetItemCommand",
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "BatchWriteItemCommand",
  "TransactGetItemsCommand",
  "TransactWriteItemsCommand",
]);

/** Commands whose consumed units are write units (on-demand: write request units). */
const WRITE_COMMANDS = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "BatchWriteItemCommand",
  "TransactWriteItemsCommand",
]);

/** What a stretch of work cost, by service and command. */
export interface Cost {
  /** DynamoDB requests by command name (`TransactWriteItems`, `Query`, …). */
  readonly dynamo: Record<string, number>;
  /** DynamoDB capacity units consumed, as DynamoDB Local reports them. */
  readonly capacityUnits: number;
  /** Of those, the units of reads (GetItem, Query, BatchGetItem, …) and of writes. */
  readonly readUnits: number;
  readonly writeUnits: number;
  /** SQS requests by command name. */
  readonly sqs: Record<string, number>;
  /** Messages put on queues (SendMessage counts 1, SendMessageBatch its entries). */
  readonly messagesSent: number;
}

interface Tally {
  dynamo: Map<string, number>;
  capacityUnits: number;
  writeUnits: number;
  sqs: Map<string, number>;
  messagesSent: number;
}

const emptyTally = (): Tally => ({
  dynamo: new Map(),
  capacityUnits: 0,
  writeUnits: 0,
  sqs: new Map(),
  messagesSent: 0,
});

const bump = (map: Map<string, number>, key: string, by = 1) =>
  map.set(key, (map.get(key) ?? 0) + by);

type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;

function unitsOf(consumed: Capacity): number {
  if (!consumed) return 0;
  const all = Array.isArray(consumed) ? consumed : [consumed];
  return all.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/** A live counter over a set of clients; `measure` brackets one operation. */
export interface Meter {
  /** Everything counted since the meter was installed (or last reset). */
  total(): Cost;
  reset(): void;
  /** Run `work` and return what it cost (the meter must see nothing else meanwhile). */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; cost: Cost }>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function snapshot(t: Tally): Cost {
  return {
    dynamo: Object.fromEntries([...t.dynamo].sort()),
    capacityUnits: round2(t.capacityUnits),
    readUnits: round2(t.capacityUnits - t.writeUnits),
    writeUnits: round2(t.writeUnits),
    sqs: Object.fromEntries([...t.sqs].sort()),
    messagesSent: t.messagesSent,
  };
}

/** The difference of two snapshots (`after − before`). */
export function costBetween(before: Cost, after: Cost): Cost {
  const diff = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(b)
        .map(([k, v]) => [k, v - (a[k] ?? 0)] as const)
        .filter(([, v]) => v !== 0),
    );
  return {
    dynamo: diff(before.dynamo, after.dynamo),
    capacityUnits: round2(after.capacityUnits - before.capacityUnits),
    readUnits: round2(after.readUnits - before.readUnits),
    writeUnits: round2(after.writeUnits - before.writeUnits),
    sqs: diff(before.sqs, after.sqs),
    messagesSent: after.messagesSent - before.messagesSent,
  };
}

const shortName = (commandName: string) => commandName.replace(/Command$/, "");

/**
 * Install counting middleware on the clients. Safe to call once per client: the middleware is
 * named, and a second install replaces nothing but fails loudly.
 */
export function installMeter(clients: AwsClients): Meter {
  let tally = emptyTally();
  clients.ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? "unknown");
      const input = args.input as Record<string, unknown>;
      if (CAPACITY_COMMANDS.has(name)) input.ReturnConsumedCapacity = "TOTAL";
      bump(tally.dynamo, shortName(name));
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: Capacity };
      const units = unitsOf(output.ConsumedCapacity);
      tally.capacityUnits += units;
      if (WRITE_COMMANDS.has(name)) tally.writeUnits += units;
      return result;
    },
    { step: "initialize", priority: "high", name: "benchDynamoMeter" },
  );
  clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? "unknown");
      bump(tally.sqs, shortName(name));
      const input = args.input as { Entries?: unknown[] };
      if (name === "SendMessageCommand") tally.messagesSent += 1;
      if (name === "SendMessageBatchCommand") tally.messagesSent += input.Entries?.length ?? 0;
      return next(args);
    },
    { step: "initialize", priority: "high", name: "benchSqsMeter" },
  );
  const meter: Meter = {
    total: () => snapshot(tally),
    reset: () => {
      tally = emptyTally();
    },
    async measure(work) {
      const before = meter.total();
      const result = await work();
      return { result, cost: costBetween(before, meter.total()) };
    },
  };
  return meter;
}

/** `TransactWriteItems 1, Query 2` — a cost's DynamoDB requests in one line. */
export function describeRequests(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? "—" : entries.map(([k, v]) => `${k} ${v}`).join(", ");
}

/**
 * Time every AWS call of the clients: `onCall` gets the call's name (`DynamoDB Query`,
 * `SQS SendMessage`) and its milliseconds, failed calls included. Returns what stops the timing.
 */
export function timeCalls(
  clients: Pick<AwsClients, "ddb" | "sqs">,
  onCall: (name: string, ms: number) => void,
  middlewareName = "benchCallTimer",
) {
  const timer = (service: string) =>
    ((next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          onCall(
            `${service} ${shortName(String(context.commandName))}`,
            performance.now() - started,
          );
        }
      }) as never;
  clients.ddb.middlewareStack.add(timer("DynamoDB"), { step: "initialize", name: middlewareName });
  clients.sqs.middlewareStack.add(timer("SQS"), { step: "initialize", name: middlewareName });
  return () => {
    clients.ddb.middlewareStack.remove(middlewareName);
    clients.sqs.middlewareStack.remove(middlewareName);
  };
}
