/** Supervision metrics (supervisors' figures, docs/decisions/0006-metrics-and-audit.md): for supervisors only. */
import {
  AGENCY_CODES,
  ForbiddenError,
  hasRole,
  type Identity,
  OverdueTicketSchema,
  ResponseTimesSchema,
} from "@cp/domain";
import { GROUP_BY, METRICS_TIME_ZONE, parseWindow } from "@cp/domain/sla/metrics";
import { overdueTickets, responseTimes } from "@cp/store/metrics";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import { apiRoute, json, listOf, PageQuerySchema, reply } from "../openapi.ts";

/** Supervisors audit response times; the figures carry no personal data but are theirs to read. */
export function mustSupervise(who: Identity) {
  if (!hasRole(who, "supervisor")) {
    throw new ForbiddenError("Only supervisors read supervision metrics.");
  }
}

const responseTimesRoute = apiRoute({
  method: "get",
  path: "/v1/metrics/response-times",
  summary: "Time to accept and to close, SLA met and breached, open and overdue, per group",
  description:
    "Over tickets created in the window. `from`/`to`: ISO 8601 dates (local days, Asia/Shanghai, both included) or instants with an offset (`Z`, `+08:00`…; `to` excluded), widened to the whole local days they touch. The answer states the effective window: `fromDay`..`toDay` (both included) and, as instants, `from` (included) to `to` (excluded). Durations are read from histograms at minute resolution, three significant figures, rounded down.",
  request: {
    query: z.object({
      from: z.string().min(8).max(40),
      to: z.string().min(8).max(40),
      groupBy: z.enum(GROUP_BY).default("agency"),
    }),
  },
  responses: {
    200: json(ResponseTimesSchema, "The figures per group."),
  },
});

const overdueRoute = apiRoute({
  method: "get",
  path: "/v1/metrics/overdue",
  summary: "Open tickets past the due time that runs now, most late first",
  request: { query: PageQuerySchema.extend({ agency: z.enum(AGENCY_CODES).optional() }) },
  responses: {
    200: json(listOf(OverdueTicketSchema), "A page of overdue tickets."),
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
