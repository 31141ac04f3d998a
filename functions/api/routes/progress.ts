import {
  AGENCY_CODES,
  boundedText,
  CalendarDateSchema,
  CodeSchema,
  HARM_CATEGORIES,
  InstantSchema,
  MAX_AREA_TOWNSHIPS,
  MAX_DOWNLOAD_BYTES,
  ResponseTimeRowSchema,
} from "@cp/domain";
/**
 * `GET /v1/reports/progress?period=2026H1&format=csv|xlsx`: the semiannual progress report as a
 * download; without `format`, the same figures as JSON. Registered before the reports routes so
 * that `progress` is not read as a report id.
 */
import { parsePeriod } from "@cp/domain/sla/metrics";
import { progressCsv, progressReport, progressXlsx } from "@cp/store/metrics";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { apiRoute, reply } from "../openapi.ts";
import { mustSupervise } from "./metrics.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const progressRoute = apiRoute({
  method: "get",
  path: "/v1/reports/progress",
  summary: "The semiannual progress report (半年进展报告), as JSON, CSV or XLSX",
  request: {
    query: z.object({
      period: z
        .string()
        .max(6)
        .regex(/^\d{4}H[12]$/, "a half-year such as 2026H1"),
      format: z.enum(["json", "csv", "xlsx"]).default("json"),
    }),
  },
  responses: {
    200: {
      description: "The report.",
      content: {
        "application/json": {
          schema: z.object({
            period: boundedText(10),
            from: boundedText(40),
            to: boundedText(40),
            generatedAt: InstantSchema,
            agencies: z
              .array(
                z.object({
                  agency: CodeSchema,
                  name: boundedText(100),
                  months: z.array(ResponseTimeRowSchema).max(6),
                  total: ResponseTimeRowSchema,
                }),
              )
              .max(AGENCY_CODES.length),
            categories: z.array(ResponseTimeRowSchema).max(HARM_CATEGORIES.length),
            townships: z.array(ResponseTimeRowSchema).max(MAX_AREA_TOWNSHIPS),
            total: ResponseTimeRowSchema,
            care: z.looseObject({ asOf: CalendarDateSchema }).openapi({
              description:
                "Children's files and visits by township and for the city, as of the report's date",
            }),
          }),
        },
        "text/csv": { schema: z.string().max(MAX_DOWNLOAD_BYTES) },
        [XLSX]: { schema: z.string().max(MAX_DOWNLOAD_BYTES).openapi({ format: "binary" }) },
      },
    },
  },
});

export function progressRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(progressRoute, async (c) => {
    mustSupervise(c.get("identity"));
    const { period, format } = c.req.valid("query");
    const report = await progressReport(deps.store, parsePeriod(period));
    if (format === "json") return reply(c, report, 200);
    const bytes = format === "csv" ? await progressCsv(report) : await progressXlsx(report);
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : XLSX,
      "content-disposition": `attachment; filename="progress-${period}.${format}"`,
    }) as never;
  });
}
