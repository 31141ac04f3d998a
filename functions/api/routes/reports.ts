import { FiledReportSchema, ReportStatusSchema, reportInputSchema } from "@cp/domain";
import { filedReportAnswer, fileReport, getReportStatus, listMyReports } from "@cp/store";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import { apiRoute, json, jsonBody, listOf, PageQuerySchema, reply } from "../openapi.ts";

const getRoute = apiRoute({
  method: "get",
  path: "/v1/reports/{reportId}",
  summary: "The status of one of the caller's reports",
  request: { params: z.object({ reportId: z.string().min(1).max(64) }) },
  responses: { 200: json(ReportStatusSchema, "The report's status.") },
});

const listRoute = apiRoute({
  method: "get",
  path: "/v1/reports",
  summary: "The caller's own reports, newest first",
  request: { query: PageQuerySchema.extend({ mine: z.literal("true") }) },
  responses: { 200: json(listOf(ReportStatusSchema), "A page of reports.") },
});

/** Filing, with the dates judged against the app's clock (a child is under 18 *now*). */
const fileRouteAt = (now: () => number) =>
  apiRoute({
    method: "post",
    path: "/v1/reports",
    summary: "File a mandatory report (强制报告)",
    request: {
      headers: z.object({ "idempotency-key": z.string().min(1).max(128).optional() }),
      body: jsonBody(reportInputSchema(now)),
    },
    responses: { 201: json(FiledReportSchema, "The report is stored.") },
  });

export function reportRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  const fileRoute = fileRouteAt(() => deps.store.clock.now().getTime());
  app.openapi(fileRoute, async (c) => {
    const who = c.get("identity");
    const { "idempotency-key": key } = c.req.valid("header");
    const filed = await fileReport(deps.store, who, c.req.valid("json"), key);
    return c.json(filedReportAnswer(filed), 201);
  });
  app.openapi(getRoute, async (c) =>
    c.json(
      await getReportStatus(deps.store, c.get("identity"), c.req.valid("param").reportId),
      200,
    ),
  );
  app.openapi(listRoute, async (c) => {
    const { limit } = c.req.valid("query");
    const page = await paged(c, deps, (cursor) =>
      listMyReports(deps.store, c.get("identity"), { limit, ...(cursor ? { cursor } : {}) }),
    );
    return reply(c, page, 200);
  });
}
