// One cold start: import a bundle, answer one event, print the timings as the last line.
const started = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const imported = performance.now();
let ok = true;
let error;
try {
  const result = await handler(JSON.parse(process.env.BENCH_EVENT), {});
  const failures = result?.batchItemFailures?.length ?? 0;
  const status = result?.statusCode ?? 200;
  ok = failures === 0 && status < 500;
} catch (e) {
  ok = false;
  error = String(e?.message ?? e).slice(0, 200);
}
const answered = performance.now();
const line = JSON.stringify({
  importMs: imported - started,
  firstEventMs: answered - imported,
  ok,
  error,
});
process.stdout.write(`\n${line}\n`, () => process.exit(0));
