/**
 * What one report costs over its whole life: filed, routed, its four tickets dispatched to their
 * agencies, each accepted, given one measure and closed, every agency notice dispatched. Counted
 * by the meter (capacity units as DynamoDB Local reports them, split into reads and writes) and
 * turned into money with the price tables in `pricing.ts`.
 *
 * Besides the totals, the write units are attributed to what was written (the case item, tickets,
 * audit events, metrics counters…) by the tables and indexes DynamoDB reports
 * (`ReturnConsumedCapacity: INDEXES`) and by the items each write request names, so the page can
 * say what makes a step heavy.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { AGENCY_MEASURES, type AgencyCode } from "@cp/domain";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { createRouterHandler } from "@cp/functions/router/handler";
import type { LocalStack } from "@cp/local/stack";
import { allQueues, queueUrls, readReport, ticketsOfCase } from "@cp/store";
import { type Cost, costBetween, type Meter } from "./instruments.ts";
import { callApi } from "./operations.ts";
import { type Money, PRICE_TABLES, priceOf, type Usage } from "./pricing.ts";
import { reportBody } from "./sample-reports.ts";
import { receiveEvent } from "./sqs-event.ts";

interface LifecycleStep extends Cost {
  readonly step: string;
  readonly httpRequests: number;
  readonly invocations: number;
}

export interface LifecycleCost {
  readonly tickets: number;
  readonly steps: readonly LifecycleStep[];
  readonly total: Cost & Usage;
  /** Items written by what they are, and the table's write units for them (estimated). */
  readonly writesByKind: Readonly<Record<string, { items: number; units: number }>>;
  /** Capacity units by table and index, as DynamoDB reported them. */
  readonly unitsByTable: Readonly<Record<string, number>>;
  readonly money: readonly Money[];
}

type Item = Record<string, unknown>;
const str = (v: unknown) =>
  typeof v === "string" ? v : ((v as { S?: string } | undefined)?.S ?? "");

/** What an item is, from its keys and table. */
function writtenKind(table: string, key: Item): string {
  const pk = str(key.pk);
  const sk = str(key.sk);
  if (table.includes("audit")) return pk.startsWith("ACCESS#") ? "access log entry" : "audit event";
  if (sk.startsWith("PENDING#")) return "pending audit event";
  if (pk.startsWith("CASE#") && sk === "CASE") return "case item";
  if (pk.startsWith("CASE#") && sk.startsWith("CASE#")) return "case children item";
  const prefix = pk.split("#")[0] ?? pk;
  const names: Record<string, string> = {
    TICKET: "ticket",
    METRICS: "metrics counter",
    CHANGED: "changed-case marker",
    REPORT: "report item",
    NOTICE: "notice ledger entry",
  };
  return names[prefix] ?? `${prefix.toLowerCase()} item`;
}

/** Bytes of an item as DynamoDB counts them, roughly: names plus values, from its JSON. */
const approxBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? {}), "utf8");

interface WriteTally {
  kinds: Map<string, { items: number; units: number }>;
  tables: Map<string, number>;
}

/**
 * Middleware that records what each write names and the units per table and index. The table's
 * write units of an item are estimated as DynamoDB bills them, per started KB (an update counted
 * as one KB), twice inside a transaction; index writes are not in the estimate (they are measured
 * per index).
 */
function installWriteAttribution(meter: { ddb: LocalStack["store"]["clients"]["ddb"] }) {
  const tally: WriteTally = { kinds: new Map(), tables: new Map() };
  const note = (table: string, key: Item, bytes: number, transactional: boolean) => {
    const kind = writtenKind(table, key);
    const units = Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
    const entry = tally.kinds.get(kind) ?? { items: 0, units: 0 };
    tally.kinds.set(kind, { items: entry.items + 1, units: entry.units + units });
  };
  meter.ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? "");
      const input = args.input as Record<string, unknown>;
      if ("ReturnConsumedCapacity" in input) input.ReturnConsumedCapacity = "INDEXES";
      if (name === "TransactWriteItemsCommand") {
        for (const entry of (input.TransactItems ?? []) as Item[]) {
          const [op, body] = Object.entries(entry)[0] as [string, Item];
          if (op === "ConditionCheck") continue;
          const item = (body.Item ?? body.Key) as Item;
          note(String(body.TableName), item, body.Item ? approxBytes(body.Item) : 0, true);
        }
      } else if (/^(Put|Update|Delete)ItemCommand$/.test(name)) {
        const item = (input.Item ?? input.Key) as Item;
        note(String(input.TableName), item, input.Item ? approxBytes(input.Item) : 0, false);
      }
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
        TableName?: string;
        Table?: { CapacityUnits?: number };
        GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
      }[]) {
        const table = String(c.TableName);
        const add = (k: string, n = 0) => tally.tables.set(k, (tally.tables.get(k) ?? 0) + n);
        add(table, c.Table?.CapacityUnits);
        for (const [index, u] of Object.entries(c.GlobalSecondaryIndexes ?? {})) {
          add(`${table} index ${index}`, u.CapacityUnits);
        }
      }
      return result;
    },
    { step: "initialize", priority: "low", name: "benchWriteAttribution" },
  );
  return {
    tally,
    remove: () => meter.ddb.middlewareStack.remove("benchWriteAttribution"),
  };
}

/** Take one report through its whole life and count everything it costs. */
export async function measureLifecycle(
  stack: LocalStack,
  meter: Meter,
  receiver: SQSClient,
): Promise<LifecycleCost> {
  const quiet = () => undefined;
  const router = createRouterHandler(stack.store, quiet);
  const dispatch = createDispatchHandler(stack.store, quiet);
  const urls = queueUrls(stack.store.config);
  const agencyUrls = allQueues
    .filter((q) => q.consumer !== "router")
    .map((q) => stack.store.config.queueUrlPrefix + q.name);
  const steps: LifecycleStep[] = [];
  const step = async <T>(
    name: string,
    work: () => Promise<T>,
    calls: { http?: number; invocations?: number | ((r: T) => number) },
  ): Promise<T> => {
    const before = meter.total();
    const result = await work();
    const invocations =
      typeof calls.invocations === "function" ? calls.invocations(result) : calls.invocations;
    steps.push({
      step: name,
      httpRequests: calls.http ?? 0,
      invocations: invocations ?? calls.http ?? 0,
      ...costBetween(before, meter.total()),
    });
    return result;
  };
  const http = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await callApi(stack.apiUrl, token, method, path, body);
    if (res.status >= 300) {
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return res.body;
  };
  /** Dispatch whatever the agency queues hold; returns the number of handler invocations. */
  const dispatchAll = async () => {
    let invocations = 0;
    for (const url of agencyUrls) {
      for (;;) {
        const event = await receiveEvent(receiver, url, 10, 0);
        if (event.Records.length === 0) break;
        const out = await dispatch(event);
        if (out.batchItemFailures.length > 0) throw new Error("a notice failed to dispatch");
        invocations += 1;
      }
    }
    return invocations;
  };

  // Whatever earlier phases left queued is not this report's.
  await dispatchAll();
  const attribution = installWriteAttribution({ ddb: stack.store.clients.ddb });
  const start = meter.total();
  try {
    const reporter = await stack.issuer.sign({ roles: ["reporter"] }, "bench.lifecycle");
    const filed = await step(
      "file the report",
      () =>
        http(
          reporter,
          "POST",
          "/v1/reports",
          reportBody(50, { categories: ["physical_abuse"], immediateDanger: true }, 9),
        ),
      { http: 1 },
    );
    const caseId = String((await readReport(stack.store, String(filed.reportId)))?.caseId);
    const intake = await receiveEvent(receiver, urls.intake);
    await step(
      "route it (tickets created)",
      async () => {
        const out = await router(intake);
        if (out.batchItemFailures.length > 0) throw new Error("routing failed");
      },
      { invocations: 1 },
    );
    await step("dispatch the new tickets' notices", dispatchAll, { invocations: (n) => n });
    const tickets = await ticketsOfCase(stack.store, caseId);
    for (const ticket of tickets) {
      const agency = ticket.agency as AgencyCode;
      const officer = await stack.issuer.sign(
        { roles: ["officer"], agency },
        `bench.lifecycle.${agency}`,
      );
      const measure = AGENCY_MEASURES[agency][0] as string;
      const base = `/v1/tickets/${ticket.ticketId}`;
      await step(
        `accept (${agency})`,
        () => http(officer, "POST", `${base}/accept`, { note: "已接收" }),
        { http: 1 },
      );
      await step(
        `one measure (${agency})`,
        () => http(officer, "POST", `${base}/actions`, { type: measure, note: "已处置" }),
        { http: 1 },
      );
      await step(
        `close (${agency})`,
        () =>
          http(officer, "POST", `${base}/close`, { outcome: measure, summary: "处置完毕，结案" }),
        { http: 1 },
      );
    }
    await step("dispatch the commands' notices", dispatchAll, { invocations: (n) => n });
    const total = costBetween(start, meter.total());
    const httpRequests = steps.reduce((a, s) => a + s.httpRequests, 0);
    const invocations = steps.reduce((a, s) => a + s.invocations, 0);
    // Each message sent is also received and deleted once by the Lambda event source.
    const sqsRequests =
      Object.values(total.sqs).reduce((a, b) => a + b, 0) + 2 * total.messagesSent;
    const usage: Usage = {
      readUnits: total.readUnits,
      writeUnits: total.writeUnits,
      sqsRequests,
      httpRequests,
      lambdaInvocations: invocations,
    };
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      tickets: tickets.length,
      steps,
      total: { ...total, ...usage },
      writesByKind: Object.fromEntries(
        [...attribution.tally.kinds].sort((a, b) => b[1].units - a[1].units),
      ),
      unitsByTable: Object.fromEntries(
        [...attribution.tally.tables].map(([k, v]) => [k, round(v)] as const),
      ),
      money: PRICE_TABLES.map((t) => priceOf(usage, t)),
    };
  } finally {
    attribution.remove();
  }
}
