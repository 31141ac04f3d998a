/**
 * The bench's load phases alone, for working on them, each with the CPU seconds it cost this
 * process (API, SQS emulator, pollers) and DynamoDB Local's JVM, and each AWS call timed:
 *
 *   raw     the case-opening transaction straight to DynamoDB Local (the storage ceiling)
 *   api     filing through the API, no pollers running
 *   routed  filing through the API with the pollers on and report → inbox probes, then the drain
 *
 *   npx tsx tests/bench/load-phase.ts      (on a quiet machine: it is minutes of load)
 *
 * Env: BENCH_PHASES (default "warm,raw,api,routed"; "warm" is 5 s of raw writes that warm the JVM),
 * BENCH_SECONDS (default 15), BENCH_CPU_PROFILE=<prefix> (a CPU profile of this process per phase).
 * Prints JSON; writes no page.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { createRouterHandler, type RouterStats } from "@cp/functions/router/handler";
import { type Poller, startPoller } from "@cp/local/pollers";
import type { LocalStack } from "@cp/local/stack";
import { allQueues, queueUrls } from "@cp/store";
import { startIdleStack } from "./idle-stack.ts";
import { timeCalls } from "./instruments.ts";
import { arnOf } from "./sqs-event.ts";
import { measureRawWrites, percentile, probeInboxLatency, runApiLoad } from "./throughput.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PHASES = (process.env.BENCH_PHASES ?? "warm,raw,api,routed").split(",");
const PROFILE = process.env.BENCH_CPU_PROFILE;
const step = (message: string) => process.stderr.write(`load-phase: ${message}\n`);
const round1 = (n: number) => Math.round(n * 10) / 10;

function startPollers(stack: LocalStack, stats: RouterStats): Poller[] {
  const router = createRouterHandler(stack.store, () => undefined, stats);
  const dispatch = createDispatchHandler(stack.store, () => undefined);
  return allQueues.map((q) => {
    const url = stack.store.config.queueUrlPrefix + q.name;
    return startPoller(
      stack.store.clients.sqs,
      url,
      arnOf(url),
      q.consumer === "router" ? router : dispatch,
      () => undefined,
    );
  });
}

async function intakeDepth(stack: LocalStack) {
  const out = await stack.store.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrls(stack.store.config).intake,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  const a = out.Attributes ?? {};
  return (
    Number(a.ApproximateNumberOfMessages ?? 0) +
    Number(a.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

const stack = await startIdleStack();
let pollers: Poller[] = [];
try {
  // Every AWS call of the stack's clients, timed by command.
  let calls = new Map<string, number[]>();
  timeCalls(stack.store.clients, (name, ms) => {
    calls.set(name, [...(calls.get(name) ?? []), ms]);
  });

  const port = new URL(stack.dynamoEndpoint).port;
  const javaPid = execFileSync("pgrep", ["-f", `DynamoDBLocal.jar.*-port ${port}`], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")[0];
  const javaCpu = () => {
    const f = readFileSync(`/proc/${javaPid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  };
  const nodeCpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  /** `work` with the CPU seconds it cost, the load average, the calls it made; profiled if asked. */
  const phase = async <T>(name: string, work: () => Promise<T>) => {
    const inspector = PROFILE ? new Session() : undefined;
    if (inspector) {
      inspector.connect();
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.start");
    }
    calls = new Map();
    const [j, n, t, load] = [javaCpu(), nodeCpu(), performance.now(), os.loadavg()[0] ?? 0];
    const result = await work();
    const out = {
      phase: name,
      result,
      cpuSeconds: {
        wall: round1((performance.now() - t) / 1000),
        java: round1(javaCpu() - j),
        node: round1(nodeCpu() - n),
      },
      loadAverage: [round1(load), round1(os.loadavg()[0] ?? 0)],
      calls: Object.fromEntries(
        [...calls].map(([call, ms]) => [
          call,
          { n: ms.length, p50: round1(percentile(ms, 50)), p90: round1(percentile(ms, 90)) },
        ]),
      ),
    };
    if (inspector) {
      const { profile } = await inspector.post("Profiler.stop");
      writeFileSync(`${PROFILE}.${name}.cpuprofile`, JSON.stringify(profile));
      inspector.disconnect();
    }
    step(JSON.stringify(out));
    return out;
  };

  const results = [];
  // Series 10 and up: no load files about a child the probes (series 2) file about.
  let run = 10;
  for (const name of PHASES) {
    run++;
    if (name === "warm") await measureRawWrites(stack, 5, 10);
    if (name === "raw") results.push(await phase(name, () => measureRawWrites(stack, SECONDS, 10)));
    if (name === "api") results.push(await phase(name, () => runApiLoad(stack, SECONDS, 10, run)));
    if (name === "routed") {
      const stats: RouterStats = { routed: 0, duplicates: 0 };
      pollers = startPollers(stack, stats);
      results.push(
        await phase(name, async () => {
          const load = runApiLoad(stack, SECONDS, 10, run);
          const [api, inbox] = await Promise.all([load, probeInboxLatency(stack, load, 250, 120)]);
          const ended = performance.now();
          while ((await intakeDepth(stack)) > 0 && performance.now() - ended < 120_000) {
            await new Promise((r) => setTimeout(r, 250));
          }
          const drainSeconds = round1((performance.now() - ended) / 1000);
          return { api, inbox, routed: stats.routed, drainSeconds };
        }),
      );
    }
  }
  console.log(JSON.stringify(results, null, 1));
} finally {
  await Promise.all(pollers.map((p) => p.stop()));
  await stack.stop();
}
process.exit(0);
