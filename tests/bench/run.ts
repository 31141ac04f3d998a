/**
 * `npm run bench`: start a local stack on free ports, measure, print one table, and write
 * `docs/performance.json` and `docs/performance.md`.
 *
 *   1. cost of each business operation (requests, capacity units, messages), pollers off
 *   2. one report's whole life in capacity units, requests and money
 *   3. where one filing's milliseconds go
 *   4. bundle size, cold start and peak memory of each Lambda against a Hono "hello" and an
 *      "SDK hello", memory against what the CDK app configures
 *   5. raw case-opening transactions against DynamoDB Local: the storage ceiling
 *   5a. the report form on a throttled phone (the built web app, Chromium)
 *   6. sustained filing through the API with autocannon, pollers stopped (the filing rate); the
 *      router then works off that backlog alone; then filing again with the pollers on and
 *      report → inbox probes
 *
 * Env: BENCH_SECONDS (load phases, default 15), BENCH_COLD_RUNS (default 10),
 * BENCH_MEMORY_EVENTS (filings in the warm API run, default 100). For working on one part:
 * BENCH_ONLY=cold runs only step 4 and prints it (no page written), BENCH_ONLY=web only step 5a
 * (the built web app's first page and the throttled form, printed), BENCH_FUNCTIONS=sweeper,router
 * limits step 4 to those functions, BENCH_COLD_PROFILE=<dir> writes each cold process's CPU
 * profile there; tests/bench/load-phase.ts runs the load phases alone.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { createRouterHandler, type RouterStats } from "@cp/functions/router/handler";
import { type Poller, startPoller } from "@cp/local/pollers";
import { type LocalStack, startLocalStack } from "@cp/local/stack";
import { allQueues, queueUrls, readReport } from "@cp/store";
import { freePort } from "../support/free-port.ts";
import {
  httpApiEvent,
  type LambdaUnderTest,
  measureColdStarts,
  sqsEvent,
  type Yardsticks,
} from "./bundles.ts";
import { configuredFunctions, idleCosts } from "./configured-memory.ts";
import { cpuMeter } from "./cpu-meter.ts";
import { measureFilingBreakdown } from "./filing-breakdown.ts";
import { installMeter } from "./instruments.ts";
import { BENCH_AUDIENCE, BENCH_ISSUER, type JwksStub, startJwksStub } from "./jwks-stub.ts";
import { startKmsStub } from "./kms-stub.ts";
import { measureLifecycle } from "./lifecycle.ts";
import { readMutationSummary } from "./mutation-summary.ts";
import { measureOperations } from "./operations.ts";
import {
  type BenchResults,
  judgeTargets,
  type Machine,
  renderTable,
  writePerformancePages,
} from "./report.ts";
import { reportBody } from "./sample-reports.ts";
import { arnOf, receiveEvent } from "./sqs-event.ts";
import { measureThrottledForm } from "./throttled-form.ts";
import { measureRawWrites, probeInboxLatency, runApiLoad } from "./throughput.ts";
import { measureFirstPageJs } from "./web-delivery.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
const CONNECTIONS = 10;
/** Filings a warm API instance answers in the memory run (and reports the router then routes). */
const MEMORY_EVENTS = Number(process.env.BENCH_MEMORY_EVENTS ?? 100);

const step = (message: string) => process.stderr.write(`bench: ${message}\n`);

function machine(loadAtStart: number): Machine {
  // `java -version` writes to stderr.
  const java = execFileSync("sh", ["-c", "java -version 2>&1 | head -1"], {
    encoding: "utf8",
  }).trim();
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    java: java || "unknown",
    loadAverage: { start: loadAtStart, end: Math.round((os.loadavg()[0] ?? 0) * 10) / 10 },
  };
}

/**
 * Events of up to 10 records (the event source's batch size) from what the queues hold. The
 * messages are deleted as they are taken: the warm instance handles them, and the pollers of
 * the load phase must not find them again.
 */
async function queuedEvents(receiver: SQSClient, urls: readonly string[], max: number) {
  const events: unknown[] = [];
  let records = 0;
  for (const url of urls) {
    while (records < max) {
      const event = await receiveEvent(receiver, url, 10, 0);
      if (event.Records.length === 0) break;
      await receiver.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: event.Records.map((r, i) => ({
            Id: String(i),
            ReceiptHandle: r.receiptHandle,
          })),
        }),
      );
      events.push(event);
      records += event.Records.length;
    }
  }
  return events;
}

/** The Lambdas to cold-start, each with events whose AWS calls the local stack serves. */
async function lambdasUnderTest(
  stack: LocalStack,
  kmsEndpoint: string,
  jwks: JwksStub,
  receiver: SQSClient,
): Promise<{ yardsticks: Yardsticks; lambdas: LambdaUnderTest[] }> {
  // Reports for the router to route, one per cold run (and the warm-up and the warm run), each by
  // a reporter of its own so that the filing quota never refuses one.
  const reports: { reportId: string; caseId: string }[] = [];
  for (let i = 0; i <= COLD_RUNS + 1; i++) {
    const token = await stack.issuer.sign({ roles: ["reporter"] }, `bench.cold.${i}`);
    const res = await fetch(`${stack.apiUrl}/v1/reports`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(reportBody(i, { categories: ["dropout"], immediateDanger: false }, 3)),
    });
    if (res.status !== 201)
      throw new Error(`filing a report for the router answered ${res.status}`);
    const { reportId } = (await res.json()) as { reportId: string };
    // The filer is not told the case; the bench reads it where the router does.
    reports.push({ reportId, caseId: String((await readReport(stack.store, reportId))?.caseId) });
  }
  const urls = queueUrls(stack.store.config);
  const fn = (name: string) => path.join(REPO_ROOT, "functions", name, "index.ts");
  // What the deployed functions find in their environment, pointed at loopback.
  const env = { AWS_ENDPOINT_URL_KMS: kmsEndpoint, PERSONAL_DATA_KEY_ID: "alias/cp-bench" };
  const apiEnv = {
    ...env,
    STAGE: "bench",
    JWT_ISSUER: BENCH_ISSUER,
    JWT_AUDIENCE: BENCH_AUDIENCE,
    JWKS_URL: jwks.jwksUrl,
  };
  const supervisor = await jwks.sign({ roles: ["supervisor"] }, "bench.supervisor");
  const police = await jwks.sign({ roles: ["officer"], agency: "police" }, "bench.police");
  const progressEvent = (format: string) =>
    httpApiEvent("/v1/reports/progress", {
      token: supervisor,
      query: `period=${new Date().getUTCFullYear()}H${new Date().getUTCMonth() < 6 ? 1 : 2}&format=${format}`,
    });
  const only = process.env.BENCH_FUNCTIONS?.split(",");
  const lambdas: LambdaUnderTest[] = [
    {
      name: "api",
      entry: fn("api"),
      event: () => httpApiEvent("/v1/health"),
      env: apiEnv,
      // Filings by reporters of their own, an officer's inbox page after every tenth, and the
      // OpenAPI document once (built on first request).
      warmEvents: async () => {
        const events: unknown[] = [httpApiEvent("/v1/openapi.json")];
        for (let i = 0; i < MEMORY_EVENTS; i++) {
          const reporter = await jwks.sign({ roles: ["reporter"] }, `bench.memory.${i}`);
          const body = reportBody(i, { categories: ["physical_abuse"], immediateDanger: true }, 4);
          events.push(httpApiEvent("/v1/reports", { method: "POST", token: reporter, body }));
          if (i % 10 === 9) {
            events.push(
              httpApiEvent("/v1/tickets", { token: police, query: "status=pending&limit=50" }),
            );
          }
        }
        return events;
      },
    },
    {
      name: "progress",
      entry: fn("progress"),
      event: () => progressEvent("xlsx"),
      env: apiEnv,
      warmEvents: async () => [progressEvent("csv"), progressEvent("xlsx"), progressEvent("xlsx")],
    },
    {
      name: "router",
      entry: fn("router"),
      event: (run) => {
        const r = reports[run + 1] as { reportId: string; caseId: string };
        return sqsEvent(arnOf(urls.intake), r, r.caseId, r.reportId);
      },
      env,
      // The intake messages of the API's warm run (and of the reports filed above).
      warmEvents: () => queuedEvents(receiver, [urls.intake], MEMORY_EVENTS * 2),
    },
    {
      name: "dispatch",
      entry: fn("dispatch"),
      event: (run) => {
        const r = reports[run + 1] as { reportId: string; caseId: string };
        const notice = {
          event: "ticket_created",
          noticeId: `bench-${run}-${r.reportId}`,
          caseId: r.caseId,
          referenceNo: "SGL-BENCH",
          agency: "education",
        };
        return sqsEvent(arnOf(urls.agency("education")), notice, r.caseId, notice.noticeId);
      },
      env,
      // The agency notices the router's runs produced.
      warmEvents: () =>
        queuedEvents(
          receiver,
          allQueues
            .filter((q) => q.consumer !== "router")
            .map((q) => stack.store.config.queueUrlPrefix + q.name),
          MEMORY_EVENTS * 4,
        ),
    },
    {
      name: "sweeper",
      entry: fn("sweeper"),
      event: () => ({ source: "scheduler" }),
      env,
      warmEvents: async () => Array.from({ length: 10 }, () => ({ source: "scheduler" })),
    },
  ];
  const helloQueue = await stack.store.clients.sqs.send(
    new CreateQueueCommand({ QueueName: "cp-bench-hello" }),
  );
  const yardsticks: Yardsticks = {
    hello: {
      name: "hello",
      entry: fileURLToPath(new URL("./hello/index.ts", import.meta.url)),
      event: () => httpApiEvent("/"),
    },
    sdkHello: {
      name: "sdk hello",
      entry: fileURLToPath(new URL("./sdk-hello/index.ts", import.meta.url)),
      event: () => httpApiEvent("/"),
      env: {
        HELLO_TABLE_NAME: stack.store.config.mainTableName,
        HELLO_QUEUE_URL: String(helloQueue.QueueUrl),
      },
    },
  };
  return { yardsticks, lambdas: lambdas.filter((l) => !only || only.includes(l.name)) };
}

/** A client of the local SQS emulator, for what the bench receives itself. */
const localSqs = (stack: LocalStack) =>
  new SQSClient({
    endpoint: stack.sqsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });

/** Step 4: each function bundled and cold-started against the stack, beside the yardsticks. */
async function coldStartsOn(stack: LocalStack) {
  const kms = await startKmsStub(stack.personalDataKey);
  const jwks = await startJwksStub();
  const receiver = localSqs(stack);
  return lambdasUnderTest(stack, kms.endpoint, jwks, receiver)
    .then(({ yardsticks, lambdas }) => measureColdStarts(lambdas, yardsticks, COLD_RUNS))
    .finally(async () => {
      receiver.destroy();
      await Promise.all([kms.stop(), jwks.stop()]);
    });
}

/** The pollers the stack would run, started here once the per-operation counts are taken. */
async function startPollers(stack: LocalStack, stats: RouterStats): Promise<Poller[]> {
  const quiet = () => undefined;
  const router = createRouterHandler(stack.store, quiet, stats);
  const dispatch = createDispatchHandler(stack.store, quiet);
  const onError = () => undefined;
  return allQueues.map((q) => {
    const url = stack.store.config.queueUrlPrefix + q.name;
    return startPoller(
      stack.store.clients.sqs,
      url,
      arnOf(url),
      q.consumer === "router" ? router : dispatch,
      onError,
    );
  });
}

async function queueDepth(stack: LocalStack, url: string): Promise<number> {
  const out = await stack.store.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  const a = out.Attributes ?? {};
  return (
    Number(a.ApproximateNumberOfMessages ?? 0) +
    Number(a.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

async function main() {
  const loadAtStart = Math.round((os.loadavg()[0] ?? 0) * 10) / 10;
  const errors: string[] = [];
  step("starting the local stack on free ports");
  const stack = await startLocalStack({
    apiPort: 0,
    dynamoPort: await freePort(),
    sqsPort: await freePort(),
    pollers: false,
    // The sweep would interleave its queries with the measured operations; load phases below
    // run without it too, so that the figures are the request path's alone.
    sweepIntervalMs: 0,
    log: (level, message, fields) => {
      if (level === "error") errors.push(`${message} ${JSON.stringify(fields ?? {})}`);
    },
  });
  let pollers: Poller[] = [];
  try {
    const meter = installMeter(stack.store.clients);
    if (process.env.BENCH_ONLY === "cold") {
      step(`bundling and cold-starting (${COLD_RUNS} runs each), then a warm run`);
      const cold = await coldStartsOn(stack);
      console.log(JSON.stringify(cold, null, 1));
      return;
    }

    if (process.env.BENCH_ONLY === "web") {
      step("measuring the web app's first page, then the report form on a throttled phone");
      const firstPageJs = measureFirstPageJs();
      if (!firstPageJs) throw new Error("no built web app: run `npm run build:web` first");
      const throttledForm = await measureThrottledForm(stack.apiUrl);
      console.log(JSON.stringify({ firstPageJs, throttledForm }, null, 1));
      return;
    }

    step("counting requests per business operation");
    const operations = await measureOperations(stack, meter);

    step("one report's whole life: file, route, four tickets accepted, acted on, closed");
    const lifecycleReceiver = localSqs(stack);
    const lifecycle = await measureLifecycle(stack, meter, lifecycleReceiver).finally(() =>
      lifecycleReceiver.destroy(),
    );

    step("timing one filing at a time: where its milliseconds go");
    const filingBreakdown = await measureFilingBreakdown(stack);

    step("measuring the web app's first page");
    const firstPageJs = measureFirstPageJs();
    const throttledForm = firstPageJs
      ? (step("opening the report form on a throttled phone (500 kbit/s, 400 ms)"),
        await measureThrottledForm(stack.apiUrl))
      : undefined;
    const mutation = readMutationSummary();

    step("reading each function's memory from the CDK app");
    const configured = configuredFunctions();

    step(`bundling and cold-starting each Lambda (${COLD_RUNS} runs each), then a warm run`);
    const coldStarts = await coldStartsOn(stack);

    const withCpu = cpuMeter(stack.dynamoEndpoint);
    step(`raw TransactWriteItems to DynamoDB Local for ${SECONDS} s`);
    const raw = await withCpu(() => measureRawWrites(stack, SECONDS, CONNECTIONS));
    const rawWrites = raw.result;

    // The filing rate is set against the raw rate with nothing else running in either: in AWS the
    // router is another function with CPUs of its own, here it would share the API's 2 cores.
    step(`filing reports through the API with autocannon for ${SECONDS} s, pollers stopped`);
    const filing = await withCpu(() => runApiLoad(stack, SECONDS, CONNECTIONS, 6));
    const apiLoad = filing.result;

    step("starting the queue pollers; routing the filings above (at most 60 s)");
    const stats: RouterStats = { routed: 0, duplicates: 0 };
    pollers = await startPollers(stack, stats);
    const intake = queueUrls(stack.store.config).intake;
    const backlogStarted = performance.now();
    while ((await queueDepth(stack, intake)) > 0 && performance.now() - backlogStarted < 60_000) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const backlogSeconds = (performance.now() - backlogStarted) / 1000;
    const routerAlone = {
      reports: stats.routed,
      seconds: Math.round(backlogSeconds * 10) / 10,
      perSecond: Math.round((stats.routed / backlogSeconds) * 10) / 10,
    };
    // What is left would be routed during the next phase and delay its probes: taken off the
    // queue (the emulator's PurgeQueue takes 60 s), with the pollers stopped meanwhile.
    if ((await queueDepth(stack, intake)) > 0) {
      await Promise.all(pollers.map((p) => p.stop()));
      await queuedEvents(stack.store.clients.sqs, [intake], 100_000);
      pollers = await startPollers(stack, stats);
    }

    step(`filing through the API for ${SECONDS} s with the pollers on, probing report → inbox`);
    const routedBefore = stats.routed;
    const load = runApiLoad(stack, SECONDS, CONNECTIONS);
    const [apiLoadWhileRouting, inboxLatency] = await Promise.all([
      load,
      probeInboxLatency(stack, load, 250, 120),
    ]);
    const loadEnded = performance.now();

    step("waiting for the router to drain the intake queue");
    while ((await queueDepth(stack, intake)) > 0 && performance.now() - loadEnded < 300_000) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const drainSeconds = Math.round((performance.now() - loadEnded) / 100) / 10;
    const routed = stats.routed - routedBefore;

    const measured = {
      operations,
      scans: meter.total().dynamo.Scan ?? 0,
      coldStarts,
      configuredMemoryMb: configured.memoryMb,
      lifecycle,
      filingBreakdown,
      ...(firstPageJs ? { firstPageJs } : {}),
      ...(throttledForm ? { throttledForm } : {}),
      ...(mutation ? { mutation } : {}),
      idleCost: idleCosts(configured),
      rawWrites,
      apiLoad,
      apiToRawRatio: Math.round((apiLoad.perSecond / rawWrites.perSecond) * 100) / 100,
      filingCpu: {
        raw: raw.cpu,
        rawTransactions: rawWrites.transactions,
        api: filing.cpu,
        filings: apiLoad.requests,
      },
      routerAlone,
      apiLoadWhileRouting,
      inboxLatency,
      routing: {
        reports: routed,
        drainSeconds,
        perSecond: Math.round((routed / (apiLoadWhileRouting.seconds + drainSeconds)) * 10) / 10,
      },
    };
    const results: BenchResults = {
      generatedAt: new Date().toISOString(),
      machine: machine(loadAtStart),
      ...measured,
      targets: judgeTargets(measured),
    };

    console.log(renderTable(results));
    writePerformancePages(path.join(REPO_ROOT, "docs"), results);
    step("wrote docs/performance.json and docs/performance.md");
    if (errors.length > 0) step(`the stack logged ${errors.length} error(s); first: ${errors[0]}`);
  } finally {
    await Promise.all(pollers.map((p) => p.stop()));
    await stack.stop();
  }
}

await main();
// The SDK's keep-alive sockets would hold the process open a little longer than needed.
process.exit(process.exitCode ?? 0);
