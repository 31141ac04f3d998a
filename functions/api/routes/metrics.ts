/** Supervision metrics (supervisors' figures, docs/decisions/0006-metrics-and-audit.md): for supervisors only. */
import {
  AGENCY_CODES,
  boundedText,
  CalendarDateSchema,
  CodeSchema,
  countSchema,
  ForbiddenError,
  hasRole,
  type Identity,
  IdSchema,
  InstantSchema,
  MAX_AREA_TOWNSHIPS,
  millisSchema,
  ReferenceNoSchema,
} from "@cp/domain";
import { METRICS_TIME_ZONE, parseWindow } from "@cp/domain/sla/metrics";
import { GROUP_BY, overdueTickets, responseTimes } from "@cp/store/metrics";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import { errorResponses, json, listOf, PageQuerySchema, reply, security } from "../openapi.ts";

/** Supervisors audit response times; the figures carry no personal data but are theirs to read. */
export function mustSupervise(who: Identity) {
  if (!hasRole(who, "supervisor")) {
    throw new ForbiddenError("Only supervisors read supervision metrics.");
  }
}

const ms = millisSchema().nullable();

export const ResponseTimeRowSchema = z
  .object({
    key: boundedText(100),
    cases: countSchema().describe(
      "Cases first routed in the window; counted per category, township and in total, not per agency (a case may have several).",
    ),
    tickets: countSchema(),
    accepted: countSchema().describe("Tickets ever accepted: in progress or closed."),
    closed: countSchema().describe("已办结"),
    declined: countSchema().describe("已退回 (declined while pending)"),
    pending: countSchema().describe("待接收: tickets − accepted − declined"),
    inProgress: countSchema().describe("办理中: accepted − closed"),
    open: countSchema().describe("未办结: pending + in progress"),
    overdue: countSchema().describe(
      "超期未办: open tickets whose running clock ran out, judged at reading time",
    ),
    acceptP50Ms: ms,
    acceptP90Ms: ms,
    acceptMaxMs: ms,
    closeP50Ms: ms,
    closeP90Ms: ms,
    closeMaxMs: ms,
    acceptSlaMet: countSchema(),
    acceptSlaBreached: countSchema(),
    closeSlaMet: countSchema(),
    closeSlaBreached: countSchema(),
  })
  .openapi("ResponseTimeRow");

const responseTimesRoute = createRoute({
  method: "get",
  path: "/v1/metrics/response-times",
  summary: "Time to accept and to close, SLA met and breached, open and overdue, per group",
  description:
    "Over tickets created in the window. `from`/`to`: ISO 8601 dates (local days, Asia/Shanghai, both included) or instants with an offset (`Z`, `+08:00`…; `to` excluded), widened to the whole local days they touch. The answer states the effective window: `fromDay`..`toDay` (both included) and, as instants, `from` (included) to `to` (excluded). Durations are read from histograms at minute resolution, three significant figures, rounded down.",
  security,
  request: {
    query: z.object({
      from: z.string().min(8).max(40),
      to: z.string().min(8).max(40),
      groupBy: z.enum(GROUP_BY).default("agency"),
    }),
  },
  responses: {
    200: json(
      z.object({
        from: InstantSchema.describe("Where the effective window starts (included)."),
        to: InstantSchema.describe("Where the effective window ends (excluded)."),
        fromDay: CalendarDateSchema.describe("The effective window's first local day."),
        toDay: CalendarDateSchema.describe("The effective window's last local day (included)."),
        timeZone: z.literal(METRICS_TIME_ZONE),
        groupBy: z.enum(GROUP_BY),
        /** One row per agency, category or township: townships are the most. */
        rows: z.array(ResponseTimeRowSchema).max(MAX_AREA_TOWNSHIPS),
      }),
      "The figures per group.",
    ),
    ...errorResponses,
  },
});

const OverdueTicketSchema = z
  .object({
    ticketId: IdSchema,
    caseId: IdSchema,
    referenceNo: ReferenceNoSchema,
    agency: CodeSchema,
    kind: CodeSchema,
    status: CodeSchema,
    createdAt: InstantSchema,
    dueKind: z.enum(["accept", "close"]),
    dueAt: InstantSchema,
    lateMs: millisSchema(),
  })
  .openapi("OverdueTicket");

const overdueRoute = createRoute({
  method: "get",
  path: "/v1/metrics/overdue",
  summary: "Open tickets past the due time that runs now, most late first",
  security,
  request: { query: PageQuerySchema.extend({ agency: z.enum(AGENCY_CODES).optional() }) },
  responses: {
    200: json(listOf(OverdueTicketSchema), "A page of overdue tickets."),
    ...errorResponses,
  },
});

export function metricsRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(responseTimesRoute, async (c) => {
    mustSupervise(c.get("identity"));
    const q = c.req.valid("query");
    const window = parseWindow(q.from, q.to);
    const figures = await responseTimes(deps.store, window, q.groupBy);
    return reply(c, { ...figures, ...window, timeZone: METRICS_TIME_ZONE }, 200);
  });
  app.openapi(overdueRoute, async (c) => {
    mustSupervise(c.get("identity"));
    const { limit, agency } = c.req.valid("query");
    const page = await paged(c, deps, (cursor) =>
      overdueTickets(deps.store, {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(agency ? { agency } : {}),
      }),
    );
    return reply(c, page, 200);
  });
}
