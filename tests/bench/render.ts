/**
 * Render `docs/performance.md` again from `docs/performance.json` (the page is a pure function of
 * the results), adding what is computed rather than measured when the run did not have it yet:
 * the idle cost from the synthesized app, the latest mutation summary. Run after changing the
 * page's wording: `npx tsx tests/bench/render.ts`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configuredFunctions, idleCosts } from "./configured-memory.ts";
import { readMutationSummary } from "./mutation-summary.ts";
import { type BenchResults, judgeTargets, writePerformancePages } from "./report.ts";

const JSON_PATH = fileURLToPath(new URL("../../docs/performance.json", import.meta.url));
const DOCS = fileURLToPath(new URL("../../docs/", import.meta.url));

const stored = JSON.parse(readFileSync(JSON_PATH, "utf8")) as BenchResults;
const mutation = readMutationSummary() ?? stored.mutation;
const {
  targets: _old,
  generatedAt,
  machine,
  ...measured
} = {
  ...stored,
  idleCost: stored.idleCost ?? idleCosts(configuredFunctions()),
  ...(mutation ? { mutation } : {}),
};
const results: BenchResults = {
  generatedAt,
  machine,
  ...measured,
  targets: judgeTargets(measured),
};
writePerformancePages(DOCS, results);
process.stderr.write("rendered docs/performance.md from docs/performance.json\n");
