/**
 * `npx tsx tests/bench/sweeper-cost.ts`: the sweeper's read cost per run at 1 000 and at 20 000
 * closed tickets, on a DynamoDB Local of its own (free port, stopped at the end).
 *
 * The table holds a fixed set of open tickets — 50 overdue, already escalated and notified (so a
 * run reads them but writes nothing), and 50 not yet due — and a growing number of closed
 * tickets, which carry no `gsi3` entry. The figures are the work-list queries' `ScannedCount`
 * and consumed read capacity (`ReturnConsumedCapacity`), and the escalation records read back.
 * Equal figures at both sizes show a run's cost does not grow with closed tickets.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DAY, HOUR, ManualClock } from "@cp/domain";
import { startDynamo } from "@cp/local/dynamodb";
import { createTable } from "@cp/local/provision";
import {
  auditTable,
  keys,
  mainTable,
  type StoreContext,
  sweep,
  type TicketRecord,
  ticketIndexKeys,
} from "@cp/store";
import { freePort } from "../support/free-port.ts";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const OPEN_OVERDUE = 50;
const OPEN_NOT_DUE = 50;
const SIZES = [1_000, 20_000] as const;

function ticket(n: number, status: TicketRecord["status"], createdAt: Date): TicketRecord {
  const id = `T${String(n).padStart(8, "0")}`;
  return {
    ticketId: id,
    caseId: `C${id}`,
    referenceNo: `SGL-BENCH-${n}`,
    agency: "police",
    kind: "lead",
    status,
    createdAt: createdAt.toISOString(),
    acceptDueAt: new Date(createdAt.getTime() + HOUR).toISOString(),
    closeDueAt: new Date(createdAt.getTime() + 3 * DAY).toISOString(),
    extendableUntil: null,
    extended: false,
    routingRule: { tableVersion: 1, ruleId: "bench", reason: "bench", alsoMatched: [] },
    slaRules: ["police_lead"],
    categories: ["physical_abuse"],
    townships: ["建塘镇"],
    immediateDanger: false,
    version: 1,
    ...(status === "closed"
      ? { acceptedAt: createdAt.toISOString(), closedAt: NOW.toISOString() }
      : {}),
  };
}

async function writeAll(ctx: StoreContext, items: Record<string, unknown>[]) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let request = {
          [mainTable.name]: (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } })),
        };
        while (Object.keys(request).length > 0) {
          const out = await ctx.clients.ddb.send(new BatchWriteCommand({ RequestItems: request }));
          request = (out.UnprocessedItems ?? {}) as typeof request;
        }
      }
    }),
  );
}

const ticketItem = (t: TicketRecord) => ({
  ...keys.ticket(t.ticketId),
  ...t,
  ...ticketIndexKeys(t),
});

async function main() {
  const dynamo = await startDynamo(await freePort());
  try {
    const raw = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await createTable(raw, mainTable);
    await createTable(raw, auditTable);
    const ctx = {
      clients: {
        ddb: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
        // Nothing is sent: every overdue ticket was escalated and notified before.
        sqs: new SQSClient({ endpoint: "http://127.0.0.1:9", region: "us-east-1" }),
      },
      config: {
        mainTableName: mainTable.name,
        auditTableName: auditTable.name,
        queueUrlPrefix: "http://127.0.0.1:9/000000000000/",
        referencePrefix: "SGL",
        fingerprintKey: "bench",
      },
      clock: new ManualClock(NOW),
    } as unknown as StoreContext;

    // The fixed open set: overdue (escalated and notified) and not yet due.
    const overdue = Array.from({ length: OPEN_OVERDUE }, (_, i) =>
      ticket(i, "pending", new Date(NOW.getTime() - 2 * HOUR)),
    );
    const notDue = Array.from({ length: OPEN_NOT_DUE }, (_, i) =>
      ticket(OPEN_OVERDUE + i, "pending", new Date(NOW.getTime() - 10 * 60_000)),
    );
    await writeAll(ctx, [
      ...[...overdue, ...notDue].map(ticketItem),
      ...overdue.map((t) => ({
        ...keys.escalation(t.ticketId, t.acceptDueAt),
        escalationId: `${t.ticketId}#${t.acceptDueAt}`,
        clock: "accept",
        dueAt: t.acceptDueAt,
        escalatedAt: NOW.toISOString(),
        notifiedAt: NOW.toISOString(),
        caseId: t.caseId,
        referenceNo: t.referenceNo,
        ticketId: t.ticketId,
        categories: t.categories,
        townships: t.townships,
      })),
    ]);

    const rows: string[] = [];
    let closed = 0;
    for (const size of SIZES) {
      const more = Array.from({ length: size - closed }, (_, i) =>
        ticket(1_000_000 + closed + i, "closed", new Date(NOW.getTime() - 5 * DAY)),
      );
      await writeAll(ctx, more.map(ticketItem));
      closed = size;
      const started = performance.now();
      const report = await sweep(ctx);
      const ms = performance.now() - started;
      if (
        report.overdueTickets.due !== OPEN_OVERDUE ||
        report.overdueTickets.alreadyEscalated !== OPEN_OVERDUE
      ) {
        throw new Error(`unexpected sweep outcome: ${JSON.stringify(report.overdueTickets)}`);
      }
      rows.push(
        `| ${size.toLocaleString("en")} | ${report.cost.queries} | ${report.cost.itemsRead} | ${report.cost.readCapacityUnits} | ${report.overdueTickets.due} | ${ms.toFixed(0)} |`,
      );
    }
    console.log(
      [
        `Sweeper cost per run (${OPEN_OVERDUE} open overdue + ${OPEN_NOT_DUE} open not-yet-due tickets)`,
        "| closed tickets | work-list queries | items read (ScannedCount) | read capacity units | overdue found | run ms |",
        "|---:|---:|---:|---:|---:|---:|",
        ...rows,
      ].join("\n"),
    );
  } finally {
    await dynamo.stop();
  }
}

await main();
