/**
 * After `stryker run` (`npm run test:mutation`): the score of its JSON report, overall and for the
 * domain package, written to `docs/mutation.json` so that the bench's page can show the latest
 * score beside the other figures without running Stryker itself (it takes long; it is not part
 * of `npm test`).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const REPORT = fileURLToPath(new URL("../../reports/mutation/mutation.json", import.meta.url));
export const MUTATION_SUMMARY = fileURLToPath(new URL("../../docs/mutation.json", import.meta.url));

export interface MutationScore {
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly timedOut: number;
  readonly ignored: number;
  /** (killed + timed out) / (killed + timed out + survived + no coverage), in percent. */
  readonly score: number;
}

export interface MutationSummary {
  readonly generatedAt: string;
  readonly all: MutationScore;
  readonly domain: MutationScore;
}

type Report = { files: Record<string, { mutants: { status: string }[] }> };

function scoreOf(statuses: readonly string[]): MutationScore {
  const count = (s: string) => statuses.filter((x) => x === s).length;
  const killed = count("Killed");
  const timedOut = count("Timeout");
  const survived = count("Survived");
  const noCoverage = count("NoCoverage");
  const valid = killed + timedOut + survived + noCoverage;
  return {
    killed,
    survived,
    noCoverage,
    timedOut,
    ignored: count("Ignored"),
    score: valid === 0 ? 0 : Math.round(((killed + timedOut) / valid) * 1000) / 10,
  };
}

export function summarize(report: Report, generatedAt: string): MutationSummary {
  const statuses = (filter: (file: string) => boolean) =>
    Object.entries(report.files)
      .filter(([file]) => filter(file))
      .flatMap(([, f]) => f.mutants.map((m) => m.status));
  return {
    generatedAt,
    all: scoreOf(statuses(() => true)),
    domain: scoreOf(statuses((file) => file.includes("packages/domain/"))),
  };
}

/** The last summary written, if any. */
export function readMutationSummary(): MutationSummary | undefined {
  return existsSync(MUTATION_SUMMARY)
    ? (JSON.parse(readFileSync(MUTATION_SUMMARY, "utf8")) as MutationSummary)
    : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const summary = summarize(
    JSON.parse(readFileSync(REPORT, "utf8")) as Report,
    new Date().toISOString(),
  );
  writeFileSync(MUTATION_SUMMARY, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `mutation score: domain ${summary.domain.score}%, all mutated files ${summary.all.score}% (docs/mutation.json)`,
  );
}
