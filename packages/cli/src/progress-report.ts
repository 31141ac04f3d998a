/**
 * `npm run report:progress -- --period 2026H1 [--format xlsx|csv] [--out FILE]`: the semiannual
 * progress report from the store, the same figures as `GET /v1/reports/progress`. It reads the
 * tables the environment names, as a function would (MAIN_TABLE_NAME, AWS credentials; for the
 * local stack, AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parsePeriod } from "@cp/domain/metrics";
import type { StoreContext } from "@cp/store";
import { progressCsv, progressReport, progressXlsx } from "@cp/store/metrics/index";

export async function writeProgressReport(
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
    },
  });
  const format = values.format;
  if (!values.period || (format !== "csv" && format !== "xlsx")) {
    console.error(
      "usage: npm run report:progress -- --period 2026H1 [--format xlsx|csv] [--out FILE]",
    );
    return 2;
  }
  process.env.QUEUE_URL_PREFIX ??= "unused-by-reports/";
  process.env.FINGERPRINT_KEY ??= "unused-by-reports";
  const { storeContext } = await import("@cp/functions/commons/runtime");
  const out = values.out ?? `progress-${values.period}.${format}`;
  const report = await writeProgressReport(storeContext(), { period: values.period, format, out });
  console.log(
    `${out}: ${report.total.tickets} tickets, ${report.total.cases} cases in ${report.period}`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
