/**
 * Sustained filing through the HTTP API, against the storage ceiling of this machine: the same
 * TransactWriteItems that opens a case, sent straight to DynamoDB Local at the same concurrency.
 * While the load runs, probe reports measure how long a filed report takes to show up in its lead
 * agency's inbox (through the intake queue, the router and the ticket index).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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
  /** Probe filings that did not answer 201, by status. */
  readonly notFiled: Readonly<Record<string, number>>;
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
export async function runApiLoad(
  stack: LocalStack,
  seconds: number,
  connections: number,
  /** The series of children filed about (another run files about other children). */
  run = 1,
): Promise<ApiLoad> {
  // Reporters enough for ~300 reports a second, each under the filing quota.
  const tokens = await Promise.all(
    Array.from({ length: Math.ceil((seconds * 300) / 25) }, (_, i) =>
      stack.issuer.sign({ roles: ["reporter"], org: "压测学校" }, `bench.reporter.${run}.${i}`),
    ),
  );
  const dir = mkdtempSync(path.join(tmpdir(), "cp-bench-"));
  const tokenFile = path.join(dir, "tokens.json");
  writeFileSync(tokenFile, JSON.stringify(tokens), { mode: 0o600 });
  return new Promise<ApiLoad>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        TSX,
        LOAD_CLIENT,
        stack.apiUrl,
        tokenFile,
        String(seconds),
        String(connections),
        String(run),
      ],
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
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
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
  // A reporter per probe, so no probe meets the filing quota; one officer watches the inbox.
  const reporterOf = (n: number) => stack.issuer.sign({ roles: ["reporter"] }, `bench.probe.${n}`);
  const officer = await stack.issuer.sign(
    { roles: ["officer"], agency: "cyberspace" },
    "bench.cyberspace",
  );
  const latencies: number[] = [];
  /** reference number → when its report was filed (201), for probes not yet seen in the inbox. */
  const waiting = new Map<string, number>();
  let probes = 0;
  const notFiled: Record<string, number> = {};
  let loadDone = false;
  let loadEndedAt = Number.POSITIVE_INFINITY;
  void load.finally(() => {
    loadDone = true;
    loadEndedAt = performance.now();
  });
  const probe = async (n: number) => {
    const res = await fetch(`${stack.apiUrl}/v1/reports`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await reporterOf(n)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(
        reportBody(n, { categories: ["online_harm"], immediateDanger: false }, 2),
      ),
    }).catch((error: Error) => {
      // A connection the overloaded server dropped is a probe not filed, not the end of the run.
      const reason = String((error.cause as { code?: string } | undefined)?.code ?? error.name);
      notFiled[reason] = (notFiled[reason] ?? 0) + 1;
      return undefined;
    });
    if (!res) return;
    if (res.status !== 201) {
      notFiled[res.status] = (notFiled[res.status] ?? 0) + 1;
      return;
    }
    // The filer is not told the case; a new case's tickets carry the report's reference number.
    const { referenceNo } = (await res.json()) as { referenceNo: string };
    waiting.set(referenceNo, performance.now());
  };
  // One inbox read every 100 ms for all probes: 10 reads a second, the read quota's refill rate,
  // and light enough not to be load of its own.
  const watcher = (async () => {
    while (!(loadDone && waiting.size === 0 && probes > 0)) {
      if (performance.now() - loadEndedAt > drainSeconds * 1000) return;
      const page = await fetch(`${stack.apiUrl}/v1/tickets?status=pending&limit=100`, {
        headers: { authorization: `Bearer ${officer}` },
      })
        .then((res) => res.json() as Promise<{ items?: { referenceNo: string }[] }>)
        // A dropped connection or a refusal is read again on the next round.
        .catch(() => ({ items: [] }));
      const seenAt = performance.now();
      for (const t of page.items ?? []) {
        const filedAt = waiting.get(t.referenceNo);
        if (filedAt === undefined) continue;
        latencies.push(seenAt - filedAt);
        waiting.delete(t.referenceNo);
      }
      await pause(100);
    }
  })();
  const filing: Promise<void>[] = [];
  while (!loadDone && probes < 90) {
    filing.push(probe(probes++));
    await pause(everyMs);
  }
  await Promise.all(filing);
  await watcher;
  return {
    probes,
    seen: latencies.length,
    notFiled,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    maxMs: Math.round(Math.max(...latencies)),
  };
}
