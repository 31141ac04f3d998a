/** Supervision metrics (supervisors' figures, docs/decisions/0006-metrics-and-audit.md): for supervisors only. */
import { AGENCY_CODES, ForbiddenError, hasRole, type Identity } from "@cp/domain";
import { parseWindow } from "@cp/domain/sla/metrics";
import { GROUP_BY, overdueTickets, responseTimes } from "@cp/store/metrics";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { errorResponses, json, listOf, PageQuerySchema, reply, security } from "../openapi.ts";

/** Supervisors audit response times; the figures carry no personal data but are theirs to read. */
export function mustSupervise(who: Identity) {
  if (!hasRole(who, "supervisor")) {
    throw new ForbiddenError("Only supervisors read supervision metrics.");
  }
}

const ms = z.int().nullable();

export const ResponseTimeRowSchema = z
  .object({
    key: z.string(),
    cases: z.int(),
    tickets: z.int(),
    accepted: z.int(),
    closed: z.int(),
    declined: z.int(),
    open: z.int(),
    overdue: z.int(),
    acceptP50Ms: ms,
    acceptP90Ms: ms,
    acceptMaxMs: ms,
    closeP50Ms: ms,
    closeP90Ms: ms,
    closeMaxMs: ms,
    acceptSlaMet: z.int(),
    acceptSlaBreached: z.int(),
    closeSlaMet: z.int(),
    closeSlaBreached: z.int(),
  })
  .openapi("ResponseTimeRow");

const responseTimesRoute = createRoute({
  method: "get",
  path: "/v1/metrics/response-times",
  summary: "Time to accept and to close, SLA met and breached, open and overdue, per group",
  description:
    "Over tickets created in the window. `from`/`to`: dates (local days, UTC+8, both included) or local midnights as UTC instants (`to` excluded). Durations are read from histograms at minute resolution, three significant figures, rounded down.",
  security,
  request: {
    query: z.object({
      from: z.string().min(10).max(40),
      to: z.string().min(10).max(40),
      groupBy: z.enum(GROUP_BY).default("agency"),
    }),
  },
  responses: {
    200: json(
      z.object({
        from: z.string(),
        to: z.string(),
        groupBy: z.enum(GROUP_BY),
        rows: z.array(ResponseTimeRowSchema),
      }),
      "The figures per group.",
    ),
    ...errorResponses,
  },
});

const OverdueTicketSchema = z
  .object({
    ticketId: z.string(),
    caseId: z.string(),
    referenceNo: z.string(),
    agency: z.string(),
    kind: z.string(),
    status: z.string(),
    createdAt: z.string(),
    dueKind: z.enum(["accept", "close"]),
    dueAt: z.string(),
    lateMs: z.int(),
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
    return reply(c, await responseTimes(deps.store, parseWindow(q.from, q.to), q.groupBy), 200);
  });
  app.openapi(overdueRoute, async (c) => {
    mustSupervise(c.get("identity"));
    const { limit, cursor, agency } = c.req.valid("query");
    const page = await overdueTickets(deps.store, {
      limit,
      ...(cursor ? { cursor } : {}),
      ...(agency ? { agency } : {}),
    });
    return reply(c, page, 200);
  });
}
