/**
 * Bundle size and cold start of each Lambda, against a minimal Hono "hello" bundle built and
 * started the same way.
 *
 * The build uses the infrastructure's own esbuild options (`infra/bundling.ts`) when they are
 * there, so the sizes are the deployed sizes; otherwise equivalent options (node22, ESM,
 * minified, `@aws-sdk/*` external as the Lambda runtime provides it).
 *
 * A cold start is a fresh Node process that imports the bundle and answers one event whose AWS
 * calls go to the local stack; it is timed from spawn to exit, repeated, and the median kept.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BuildOptions, build } from "esbuild";

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
  /** `wallMs` over the hello bundle's. */
  readonly ratio: number;
  /** Every run answered without an error. */
  readonly ok: boolean;
  /** The first error seen, when a run failed. */
  readonly error?: string;
}

interface Sample {
  readonly wallMs: number;
  readonly importMs: number;
  readonly firstEventMs: number;
  readonly ok: boolean;
  readonly error?: string;
}

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

type InfraBundling = { esbuildOptions: (name: "router", outfile: string) => BuildOptions };

/** The deployed build options for an entry, or equivalent ones when `infra/` is absent. */
async function buildOptions(entry: string, outfile: string): Promise<BuildOptions> {
  const infraModule = path.join(REPO_ROOT, "infra", "bundling.ts");
  if (existsSync(infraModule)) {
    const infra = (await import(pathToFileURL(infraModule).href)) as InfraBundling;
    return { ...infra.esbuildOptions("router", outfile), entryPoints: [entry], outfile };
  }
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ["module", "main"],
    external: ["@aws-sdk/*"],
    banner: {
      js: "import{createRequire as __cpCreateRequire}from'node:module';const require=__cpCreateRequire(import.meta.url);",
    },
    absWorkingDir: REPO_ROOT,
    logLevel: "silent",
  };
}

/** Bundle one entry; returns the output file and its size in bytes. */
export async function bundle(name: string, entry: string) {
  const outfile = path.join(OUT_DIR, name, "index.mjs");
  await build(await buildOptions(entry, outfile));
  return { outfile, bytes: statSync(outfile).size };
}

function coldStartOnce(outfile: string, event: unknown, env: Readonly<Record<string, string>>) {
  return new Promise<Sample>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CHILD], {
      env: {
        ...process.env,
        ...env,
        BENCH_BUNDLE: pathToFileURL(outfile).href,
        BENCH_EVENT: JSON.stringify(event),
        POWERTOOLS_LOG_LEVEL: "ERROR",
        NODE_NO_WARNINGS: "1",
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
        resolve({ wallMs, importMs: Number.NaN, firstEventMs: Number.NaN, ok: false, error });
      }
    });
  });
}

/**
 * Build each Lambda and the hello bundle, then cold-start each `runs` times (after one warm-up
 * spawn that fills the OS file cache) and report medians and the ratio to hello.
 */
export async function measureColdStarts(
  lambdas: readonly LambdaUnderTest[],
  hello: LambdaUnderTest,
  runs = 10,
): Promise<ColdStart[]> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const measured: Omit<ColdStart, "ratio">[] = [];
  for (const lambda of [hello, ...lambdas]) {
    const { outfile, bytes } = await bundle(lambda.name, lambda.entry);
    await coldStartOnce(outfile, lambda.event(-1), lambda.env ?? {});
    const samples = [];
    for (let run = 0; run < runs; run++) {
      samples.push(await coldStartOnce(outfile, lambda.event(run), lambda.env ?? {}));
    }
    measured.push({
      name: lambda.name,
      bytes,
      runs,
      wallMs: median(samples.map((s) => s.wallMs)),
      importMs: median(samples.map((s) => s.importMs)),
      firstEventMs: median(samples.map((s) => s.firstEventMs)),
      ok: samples.every((s) => s.ok),
      ...(samples.find((s) => s.error)?.error
        ? { error: samples.find((s) => s.error)?.error }
        : {}),
    });
  }
  const base = measured[0]?.wallMs ?? 1;
  return measured.map((m) => ({ ...m, ratio: Math.round((m.wallMs / base) * 100) / 100 }));
}

/** An API Gateway HTTP API (payload 2.0) event for a GET without a token. */
export function httpApiEvent(rawPath: string) {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: "",
    headers: { host: "bench.local", accept: "application/json" },
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      domainName: "bench.local",
      domainPrefix: "bench",
      http: {
        method: "GET",
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
