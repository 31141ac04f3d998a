import {
  AcceptTicketSchema,
  AgencyCodeSchema,
  CloseTicketSchema,
  DeclineTicketSchema,
  InboxTicketSchema,
  ReferTicketSchema,
  TICKET_STATUSES,
  TicketActionSchema,
  TicketCommandResultSchema,
  TicketDetailSchema,
  UrgeSchema,
} from "@cp/domain";
import {
  acceptTicket,
  allAuditEvents,
  closeTicket,
  declineTicket,
  eventsAsSeenBy,
  getCase,
  inbox,
  recordAction,
  referTicket,
  ticketView,
  URGE_INTERVAL_MS,
  urgeTicket,
  visibleTicket,
} from "@cp/store";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import {
  apiRoute,
  expectedVersion,
  IfMatchHeaderSchema,
  json,
  jsonBody,
  listOf,
  PageQuerySchema,
  reply,
} from "../openapi.ts";

const TicketIdParam = z.object({ ticketId: z.string().min(1).max(64) });

const inboxRoute = apiRoute({
  method: "get",
  path: "/v1/tickets",
  summary: "An agency's inbox: pending first, soonest due first",
  request: {
    query: PageQuerySchema.extend({
      status: z.enum(TICKET_STATUSES).optional(),
      agency: AgencyCodeSchema.optional(),
    }),
  },
  responses: { 200: json(listOf(InboxTicketSchema), "A page of tickets.") },
});

const getRoute = apiRoute({
  method: "get",
  path: "/v1/tickets/{ticketId}",
  summary: "A ticket with its case summary and timeline",
  request: { params: TicketIdParam },
  responses: {
    200: json(TicketDetailSchema, "The ticket."),
  },
});

const command = <T extends z.ZodType>(name: string, summary: string, body: T, status: 200 | 201) =>
  apiRoute({
    method: "post",
    path: `/v1/tickets/{ticketId}/${name}`,
    summary,
    request: { params: TicketIdParam, headers: IfMatchHeaderSchema, body: jsonBody(body) },
    responses: {
      [status]: json(TicketCommandResultSchema, "The ticket after the command."),
    } as { 200: ReturnType<typeof json<typeof TicketCommandResultSchema>> },
  });

const urgeRoute = apiRoute({
  method: "post",
  path: "/v1/tickets/{ticketId}/urge",
  summary: "催办: urge the agency on an overdue ticket (supervisors; audited, notified)",
  description: `A supervisor urges the agency holding an open ticket whose running clock ran out: one \`ticket_urged\` event on the case's audit chain names the supervisor, the ticket and the clock, and the agency's queue carries the notice to its channels. A ticket is urged at most once per ${URGE_INTERVAL_MS / 60_000} minutes, whoever urges: a repeat answers 409 naming when the next urge may be sent. A ticket that is not overdue answers 409. Who may call it: supervisor. Quota: write.`,
  request: { params: TicketIdParam, body: jsonBody(z.strictObject({})) },
  responses: { 201: json(UrgeSchema, "The urge, as sent.") },
});

export function ticketRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(inboxRoute, async (c) => {
    const { cursor: _sealed, ...q } = c.req.valid("query");
    const page = await paged(c, deps, (cursor) =>
      inbox(deps.store, c.get("identity"), { ...q, ...(cursor ? { cursor } : {}) }),
    );
    return reply(c, page, 200);
  });

  app.openapi(urgeRoute, async (c) => {
    const urge = await urgeTicket(deps.store, c.get("identity"), c.req.valid("param").ticketId);
    return reply(c, urge, 201);
  });

  app.openapi(getRoute, async (c) => {
    const who = c.get("identity");
    const ticket = await visibleTicket(deps.store, who, c.req.valid("param").ticketId);
    const [kase, events] = await Promise.all([
      getCase(deps.store, who, ticket.caseId),
      allAuditEvents(deps.store, ticket.caseId),
    ]);
    const access = kase.childrenMasked ? "supervisor" : "agency";
    const timeline = await eventsAsSeenBy(deps.store, who, ticket.caseId, access, events);
    c.header("ETag", `"${ticket.version}"`);
    return reply(
      c,
      { ticket: ticketView(ticket, deps.store.clock.now()), case: kase, timeline },
      200,
    );
  });

  const commands = [
    ["accept", "Accept a pending ticket", AcceptTicketSchema, acceptTicket, 200],
    [
      "decline",
      "Decline a pending ticket, or transfer it (移送)",
      DeclineTicketSchema,
      declineTicket,
      200,
    ],
    ["actions", "Record a measure taken", TicketActionSchema, recordAction, 200],
    ["refer", "Ask another agency to act on the case (转介)", ReferTicketSchema, referTicket, 201],
    ["close", "Close an accepted ticket with its outcome", CloseTicketSchema, closeTicket, 200],
  ] as const;
  for (const [name, summary, schema, run, status] of commands) {
    app.openapi(command(name, summary, schema, status), async (c) => {
      const { ticketId } = c.req.valid("param");
      const { "if-match": ifMatch } = c.req.valid("header");
      // biome-ignore lint/suspicious/noExplicitAny: each command pairs its own schema and body type
      const body = c.req.valid("json") as any;
      const result = await run(
        deps.store,
        c.get("identity"),
        ticketId,
        body,
        expectedVersion(ifMatch),
      );
      c.header("ETag", `"${result.ticket.version}"`);
      return reply(
        c,
        { ticket: result.ticket, ...(result.created ? { created: result.created } : {}) },
        status,
      );
    });
  }
}
