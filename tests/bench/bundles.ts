/**
 * Bundle size, cold start and peak memory of each Lambda, against two yardsticks built and
 * started the same way: a minimal Hono "hello" and an "SDK hello" (Hono, one DynamoDB GetItem,
 * one SQS SendMessage).
 *
 * The build uses the infrastructure's own esbuild options (`infra/bundling.ts`) for each function,
 * so the sizes are the deployed sizes (the SDK clients bundled, exceljs left out of the API); the
 * yardsticks get the same options.
 *
 * A cold start is a fresh Node process that imports the bundle and answers one event whose AWS
 * calls go to the local stack; it is timed from spawn to exit, repeated, and the median kept.
 * Memory: one more process per function answers a run of events one after another, as one warm
 * Lambda instance does, and reports its peak resident set.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { esbuildOptions, FUNCTION_NAMES, type FunctionName } from "../../infra/bundling.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Inside the repository, so that `@aws-sdk/*` resolves from node_modules as on Lambda. */
const OUT_DIR = path.join(REPO_ROOT, "node_modules", ".cache", "cp-bench");
const CHILD = fileURLToPath(new URL("./cold-start-child.mjs", import.meta.url));

export interface LambdaUnderTest {
  readonly name: string;
  readonly entry: string;
  /** A fresh event per run (a router run routes a report of its own). */
  readonly event: (run: number) => unknown;
  /** Extra environment for the function (the API's token settings). */
  readonly env?: Readonly<Record<string, string>>;
  /** The events a warm instance answers in the memory run, made when that run starts. */
  readonly warmEvents?: () => Promise<readonly unknown[]>;
}

export interface ColdStart {
  readonly name: string;
  readonly bytes: number;
  readonly runs: number;
  /** Median spawn-to-exit time of a fresh process answering one event. */
  readonly wallMs: number;
  /** Median time to import the bundle (module load and top-level init). */
  readonly importMs: number;
  /** Median time to answer the first event (first AWS connections included). */
  readonly firstEventMs: number;
  /** Median number of requests the first event sent (AWS calls, and the API's key set). */
  readonly firstEventRequests: number;
  /** `wallMs` over the plain hello bundle's. */
  readonly ratio: number;
  /** `wallMs` over the SDK hello bundle's: the figure the target is set on. */
  readonly sdkRatio: number;
  /** Peak resident set (MB) of one instance: the largest of the cold runs and the warm run. */
  readonly peakRssMb: number;
  /** Events the warm instance answered after its first, and how many of them failed. */
  readonly warmEvents: number;
  readonly warmFailures: number;
  /** Every run answered without an error. */
  readonly ok: boolean;
  /** The first error seen, when a run failed. */
  readonly error?: string;
}

interface Sample {
  readonly wallMs: number;
  readonly importMs: number;
  readonly firstEventMs: number;
  readonly firstEventRequests: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly peakRssMb: number;
  readonly warmEvents: number;
  readonly warmFailures: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const isFunction = (name: string): name is FunctionName =>
  (FUNCTION_NAMES as readonly string[]).includes(name);

/** Bundle one entry; returns the output file and its size in bytes. */
async function bundle(name: string, entry: string) {
  const outfile = path.join(OUT_DIR, name.replace(/\W+/g, "-"), "index.mjs");
  // A function gets its own deployed options; a yardstick those of a worker (nothing left out).
  const options = esbuildOptions(isFunction(name) ? name : "router", outfile);
  await build(isFunction(name) ? options : { ...options, entryPoints: [entry] });
  return { outfile, bytes: statSync(outfile).size };
}
function coldStartOnce(
  outfile: string,
  event: unknown,
  env: Readonly<Record<string, string>>,
  eventsFile?: string,
) {
  return new Promise<Sample>((resolve, reject) => {
    const started = performance.now();
    // BENCH_COLD_PROFILE=<dir>: each cold process writes a CPU profile there (slower; to find
    // where a cold start goes, not to measure it).
    const profile = process.env.BENCH_COLD_PROFILE;
    const flags = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
    const child = spawn(process.execPath, [...flags, CHILD], {
      env: {
        ...process.env,
        ...env,
        BENCH_BUNDLE: pathToFileURL(outfile).href,
        BENCH_EVENT: JSON.stringify(event),
        POWERTOOLS_LOG_LEVEL: "ERROR",
        NODE_NO_WARNINGS: "1",
        ...(eventsFile ? { BENCH_EVENTS_FILE: eventsFile } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    child.once("error", reject);
    child.once("exit", () => {
      const wallMs = performance.now() - started;
      const last = out.trim().split("\n").at(-1) ?? "";
      try {
        resolve({ wallMs, ...(JSON.parse(last) as Omit<Sample, "wallMs">) });
      } catch {
        const error =
          err.split("\n").find((l) => /Error\b/.test(l) && l.length < 300) ?? "no timings";
        resolve({
          wallMs,
          importMs: Number.NaN,
          firstEventMs: Number.NaN,
          firstEventRequests: Number.NaN,
          ok: false,
          error,
          peakRssMb: Number.NaN,
          warmEvents: 0,
          warmFailures: 0,
        });
      }
    });
  });
}

/** The two yardsticks, measured in the same run as the functions. */
export interface Yardsticks {
  readonly hello: LambdaUnderTest;
  readonly sdkHello: LambdaUnderTest;
}

/**
 * Build each Lambda and the yardsticks, spawn each once to fill the OS file cache, then
 * cold-start them in turns — run 1 of every bundle, then run 2 of every bundle, … — so that the
 * machine's load at any moment weighs on the yardsticks as on the functions (a shared machine's
 * load moves within seconds; measured one bundle after another, a ratio mixed two loads). Then
 * one warm instance of each function answers its warm events. Reports medians, ratios to both
 * yardsticks and the peak resident set.
 */
export async function measureColdStarts(
  lambdas: readonly LambdaUnderTest[],
  yardsticks: Yardsticks,
  runs = 10,
): Promise<ColdStart[]> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const all = [yardsticks.hello, yardsticks.sdkHello, ...lambdas];
  const built = [];
  for (const lambda of all) {
    const { outfile, bytes } = await bundle(lambda.name, lambda.entry);
    built.push({ lambda, outfile, bytes, env: lambda.env ?? {}, samples: [] as Sample[] });
    await coldStartOnce(outfile, lambda.event(-1), lambda.env ?? {});
  }
  for (let run = 0; run < runs; run++) {
    for (const b of built)
      b.samples.push(await coldStartOnce(b.outfile, b.lambda.event(run), b.env));
  }
  const measured: Omit<ColdStart, "ratio" | "sdkRatio">[] = [];
  for (const { lambda, outfile, bytes, env, samples } of built) {
    let warm: Sample | undefined;
    if (lambda.warmEvents) {
      const eventsFile = path.join(path.dirname(outfile), "warm-events.json");
      writeFileSync(eventsFile, JSON.stringify(await lambda.warmEvents()));
      warm = await coldStartOnce(outfile, lambda.event(runs), env, eventsFile);
    }
    const each = warm ? [...samples, warm] : samples;
    const error = each.find((s) => s.error)?.error;
    measured.push({
      name: lambda.name,
      bytes,
      runs,
      wallMs: median(samples.map((s) => s.wallMs)),
      importMs: median(samples.map((s) => s.importMs)),
      firstEventMs: median(samples.map((s) => s.firstEventMs)),
      firstEventRequests: median(samples.map((s) => s.firstEventRequests)),
      ok: each.every((s) => s.ok) && (warm?.warmFailures ?? 0) === 0,
      peakRssMb: Math.round(Math.max(...each.map((s) => s.peakRssMb)) * 10) / 10,
      warmEvents: warm?.warmEvents ?? 0,
      warmFailures: warm?.warmFailures ?? 0,
      ...(error ? { error } : {}),
    });
  }
  const hello = measured[0]?.wallMs ?? 1;
  const sdkHello = measured[1]?.wallMs ?? 1;
  return measured.map((m) => ({
    ...m,
    ratio: Math.round((m.wallMs / hello) * 100) / 100,
    sdkRatio: Math.round((m.wallMs / sdkHello) * 100) / 100,
  }));
}

/** An API Gateway HTTP API (payload 2.0) event: a GET without a token unless told otherwise. */
export function httpApiEvent(
  rawPath: string,
  request: { method?: string; token?: string; body?: unknown; query?: string } = {},
) {
  const method = request.method ?? "GET";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: request.query ?? "",
    headers: {
      host: "bench.local",
      accept: "application/json",
      ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      domainName: "bench.local",
      domainPrefix: "bench",
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "bench",
      },
      requestId: "bench",
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

/** An SQS event of one record with this body, as the event source delivers it. */
export function sqsEvent(queueArn: string, body: unknown, groupId: string, dedupId: string) {
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: dedupId,
        receiptHandle: dedupId,
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: now,
          SenderId: "bench",
          ApproximateFirstReceiveTimestamp: now,
          MessageGroupId: groupId,
          MessageDeduplicationId: dedupId,
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: queueArn,
        awsRegion: "us-east-1",
      },
    ],
  };
}
