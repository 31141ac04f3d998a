/**
 * `npm run report:progress -- --period 2026H1 [--format xlsx|csv] [--out FILE]`: the half-yearly
 * progress report from the store, the same figures as `GET /v1/reports/progress`. It finds the
 * local stack by itself (store-target.ts); a deployed stack is read through its environment.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parsePeriod } from "@cp/domain/sla/metrics";
import type { StoreContext } from "@cp/store";
import { progressCsv, progressReport, progressXlsx } from "@cp/store/metrics";
import { runCli, UsageError } from "./cli.ts";
import { storeWithoutPersonalData } from "./store-target.ts";

const HELP = `usage: npm run report:progress -- --period PERIOD [--format xlsx|csv] [--out FILE] [--local-stack STATE_FILE]

The half-yearly progress report (the figures of GET /v1/reports/progress) as a file.
  --period       a half year: 2026H1 (January to June) or 2026H2 (July to December)
  --format       xlsx (default) or csv
  --out          the file to write; default progress-PERIOD.FORMAT
  --local-stack  the state file of the local stack to read; default: the one \`npm start\`
                 writes (.local-stack/state.json, or CP_LOCAL_STACK)
For a deployed stack, leave out --local-stack and set MAIN_TABLE_NAME, AWS_REGION and AWS credentials.

example: npm run report:progress -- --period 2026H1 --format xlsx --out progress.xlsx`;

async function writeProgressReport(
  ctx: StoreContext,
  options: { period: string; format: "csv" | "xlsx"; out: string },
) {
  const report = await progressReport(ctx, parsePeriod(options.period));
  const bytes = options.format === "csv" ? await progressCsv(report) : await progressXlsx(report);
  writeFileSync(options.out, bytes);
  return report;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      period: { type: "string" },
      format: { type: "string", default: "xlsx" },
      out: { type: "string" },
      "local-stack": { type: "string" },
    },
  });
  const format = values.format;
  if (!values.period) throw new UsageError("--period is missing (e.g. --period 2026H1)");
  if (format !== "csv" && format !== "xlsx") {
    throw new UsageError(`--format must be xlsx or csv, not ${format}`);
  }
  const period = parsePeriod(values.period).name;
  const { ctx, description } = storeWithoutPersonalData(values["local-stack"]);
  const out = values.out ?? `progress-${period}.${format}`;
  const report = await writeProgressReport(ctx, { period, format, out });
  console.log(
    `${out}: ${report.total.tickets} tickets, ${report.total.cases} cases in ${report.period}, from ${description}`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli("report:progress", HELP, main);
}
