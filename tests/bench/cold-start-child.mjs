// One Lambda instance: import a bundle, answer one event (the cold start), then, when given a
// file of further events, answer those one after another as a warm instance does. Prints the
// timings and the process's peak resident memory as the last line.
import diagnosticsChannel from "node:diagnostics_channel";
import { readFileSync } from "node:fs";

// Every request the function sends (the SDK's through node:http, fetch's through undici), so that
// a first event's time can be read against the round trips it makes.
let requests = 0;
const count = () => {
  requests += 1;
};
diagnosticsChannel.subscribe("http.client.request.start", count);
diagnosticsChannel.subscribe("undici:request:create", count);

/**
 * Peak resident set of this process in MB. Linux's VmHWM belongs to this program's own memory
 * map; getrusage's maxRSS is carried over from the parent across fork and exec, so it would
 * report the bench's own size when that is larger.
 */
function peakRssMb() {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

const started = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const imported = performance.now();
const requestsBefore = requests;
const failed = (result) =>
  (result?.batchItemFailures?.length ?? 0) > 0 || (result?.statusCode ?? 200) >= 500;
let ok = true;
let error;
try {
  const result = await handler(JSON.parse(process.env.BENCH_EVENT), {});
  ok = !failed(result);
  if (!ok) error = String(result?.body ?? JSON.stringify(result)).slice(0, 200);
} catch (e) {
  ok = false;
  error = String(e?.message ?? e).slice(0, 200);
}
const answered = performance.now();
const firstEventRequests = requests - requestsBefore;
let warmEvents = 0;
let warmFailures = 0;
if (process.env.BENCH_EVENTS_FILE) {
  for (const event of JSON.parse(readFileSync(process.env.BENCH_EVENTS_FILE, "utf8"))) {
    warmEvents += 1;
    try {
      const result = await handler(event, {});
      if (failed(result)) {
        warmFailures += 1;
        error ??= String(result?.body ?? JSON.stringify(result)).slice(0, 200);
      }
    } catch (e) {
      warmFailures += 1;
      error ??= String(e?.message ?? e).slice(0, 200);
    }
  }
}
const line = JSON.stringify({
  importMs: imported - started,
  firstEventMs: answered - imported,
  firstEventRequests,
  ok,
  error,
  warmEvents,
  warmFailures,
  peakRssMb: peakRssMb(),
});
process.stdout.write(`\n${line}\n`, () => process.exit(0));
