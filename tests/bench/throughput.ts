/**
 * Sustained filing through the HTTP API, against the storage ceiling of this machine: the same
 * TransactWriteItems that opens a case, sent straight to DynamoDB Local at the same concurrency.
 * While the load runs, probe reports measure how long a filed report takes to show up in its lead
 * agency's inbox (through the intake queue, the router and the ticket index).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { LocalStack } from "@cp/local/stack";
import { reportBody } from "./sample-reports.ts";

export interface RawWriteRate {
  readonly seconds: number;
  readonly concurrency: number;
  readonly transactions: number;
  readonly perSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
}

export interface ApiLoad {
  readonly seconds: number;
  readonly connections: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface InboxLatency {
  readonly probes: number;
  readonly seen: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The five puts that open a case, as `fileReport` sends them (case, report, ref, child, audit). */
function openCaseTransaction(mainTable: string, auditTable: string) {
  const id = randomUUID();
  const input = reportBody(0, { categories: ["physical_abuse"], immediateDanger: true });
  const now = new Date().toISOString();
  const guarded = (TableName: string, Item: Record<string, unknown>) => ({
    Put: { TableName, Item, ConditionExpression: "attribute_not_exists(pk)" },
  });
  return new TransactWriteCommand({
    TransactItems: [
      guarded(mainTable, {
        pk: `CASE#${id}`,
        sk: "CASE",
        caseId: id,
        status: "open",
        createdAt: now,
        children: input.children,
        fingerprints: [id],
        categories: input.incident.categories,
        townships: ["建塘镇"],
        immediateDanger: true,
        agencies: [],
        openTickets: {},
        auditSeq: 1,
        auditHash: "0".repeat(64),
        version: 1,
      }),
      guarded(mainTable, {
        pk: `REPORT#${id}`,
        sk: "REPORT",
        reportId: id,
        caseId: id,
        receivedAt: now,
        reporterSub: "bench",
        input,
        gsi2pk: "REPORTER#bench",
        gsi2sk: `${now}#${id}`,
        gsi3pk: "OUTBOX",
        gsi3sk: `${now}#${id}`,
      }),
      guarded(mainTable, { pk: `REF#${id}`, sk: "REF", reportId: id }),
      guarded(mainTable, { pk: `CHILD#${id}`, sk: "CHILD", caseId: id }),
      guarded(auditTable, {
        pk: `CASE#${id}`,
        sk: "0000000001",
        caseId: id,
        event: {
          seq: 1,
          at: now,
          action: "report_received",
          prevHash: "0".repeat(64),
          hash: "0".repeat(64),
        },
      }),
    ],
  });
}

/** How many case-opening transactions DynamoDB Local takes per second from `concurrency` loops. */
export async function measureRawWrites(
  stack: LocalStack,
  seconds: number,
  concurrency: number,
): Promise<RawWriteRate> {
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
  );
  const { mainTableName, auditTableName } = stack.store.config;
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          await ddb.send(openCaseTransaction(mainTableName, auditTableName));
          latencies.push(performance.now() - t);
        }
      }),
    );
  } finally {
    ddb.destroy();
  }
  const elapsed = (performance.now() - started) / 1000;
  return {
    seconds: round1(elapsed),
    concurrency,
    transactions: latencies.length,
    perSecond: round1(latencies.length / elapsed),
    latencyP50Ms: round1(percentile(latencies, 50)),
    latencyP99Ms: round1(percentile(latencies, 99)),
  };
}

const LOAD_CLIENT = fileURLToPath(new URL("./load-client.ts", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));

/** Run autocannon in a child process against the stack's API for `seconds`. */
export function runApiLoad(
  stack: LocalStack,
  token: string,
  seconds: number,
  connections: number,
): Promise<ApiLoad> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [TSX, LOAD_CLIENT, stack.apiUrl, token, String(seconds), String(connections), "1"],
      { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_NO_WARNINGS: "1" } },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`the load client exited with ${code}`));
      const r = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
        requests: number;
        durationSeconds: number;
        requestsPerSecond: number;
        latencyP50Ms: number;
        latencyP99Ms: number;
        non2xx: number;
        errors: number;
        timeouts: number;
      };
      resolve({
        seconds: round1(r.durationSeconds),
        connections,
        requests: r.requests,
        perSecond: round1(r.requestsPerSecond),
        latencyP50Ms: r.latencyP50Ms,
        latencyP99Ms: r.latencyP99Ms,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      });
    });
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * While `load` runs, file a probe report every `everyMs` (online harm: cyberspace leads, an
 * agency the load does not touch, so its inbox holds only probes) and time filed (201) → ticket
 * in the cyberspace officer's pending inbox. Probes still unseen when the load ends are awaited,
 * up to `drainSeconds` after it.
 */
export async function probeInboxLatency(
  stack: LocalStack,
  load: Promise<unknown>,
  everyMs: number,
  drainSeconds: number,
): Promise<InboxLatency> {
  const reporter = await stack.issuer.tokenFor("doctor.he");
  const officer = await stack.issuer.sign(
    { roles: ["officer"], agency: "cyberspace", name: "网信办值班员" },
    "officer.cyberspace.bench",
  );
  if (!reporter) throw new Error("doctor.he is not a demo user");
  const latencies: number[] = [];
  let probes = 0;
  let loadDone = false;
  let loadEndedAt = Number.POSITIVE_INFINITY;
  void load.finally(() => {
    loadDone = true;
    loadEndedAt = performance.now();
  });
  const inboxHas = async (caseId: string) => {
    const res = await fetch(`${stack.apiUrl}/v1/tickets?status=pending&limit=100`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    const page = (await res.json()) as { items?: { caseId: string }[] };
    return (page.items ?? []).some((t) => t.caseId === caseId);
  };
  const probe = async (n: number) => {
    const res = await fetch(`${stack.apiUrl}/v1/reports`, {
      method: "POST",
      headers: { authorization: `Bearer ${reporter}`, "content-type": "application/json" },
      body: JSON.stringify(
        reportBody(n, { categories: ["online_harm"], immediateDanger: false }, 2),
      ),
    });
    if (res.status !== 201) return;
    const { caseId } = (await res.json()) as { caseId: string };
    const filedAt = performance.now();
    const giveUp = () => performance.now() - loadEndedAt > drainSeconds * 1000;
    while (!giveUp()) {
      if (await inboxHas(caseId)) {
        latencies.push(performance.now() - filedAt);
        return;
      }
      await pause(25);
    }
  };
  const running: Promise<void>[] = [];
  while (!loadDone && probes < 90) {
    running.push(probe(probes++));
    await pause(everyMs);
  }
  await Promise.all(running);
  return {
    probes,
    seen: latencies.length,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    maxMs: Math.round(Math.max(...latencies)),
  };
}
