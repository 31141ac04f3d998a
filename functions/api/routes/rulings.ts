/**
 * A supervisor's ruling on a declined lead ticket of an 意见 Art. 4 case (docs/domain.md,
 * "Declines"): the work list of declines awaiting one, and the ruling itself. Registered before
 * the ticket routes, so that `awaiting-ruling` is never read as a ticket id.
 */
import { DeclineRulingSchema, TicketCommandResultSchema, TicketSchema } from "@cp/domain";
import { declinesAwaitingRuling, ruleOnDeclinedTicket } from "@cp/store";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import {
  apiRoute,
  expectedVersion,
  IfMatchHeaderSchema,
  json,
  jsonBody,
  reply,
} from "../openapi.ts";

const awaitingRoute = apiRoute({
  method: "get",
  path: "/v1/tickets/awaiting-ruling",
  summary: "Declines awaiting a supervisor's ruling",
  description:
    "Declined lead tickets of 意见 Art. 4 cases whose ruling clock runs, soonest due first, across all agencies. `upholdAllowed` says whether 维持 can be given: it cannot when no police lead would remain on the case. Who may call it: supervisor.",
  responses: {
    200: json(
      z.object({
        items: z
          .array(
            z.object({
              ticket: TicketSchema,
              rulingDueAt: z.string().max(40),
              upholdAllowed: z.boolean(),
            }),
          )
          .max(1000),
      }),
      "The declines awaiting a ruling.",
    ),
  },
});

const ruleRoute = apiRoute({
  method: "post",
  path: "/v1/tickets/{ticketId}/ruling",
  summary: "Rule on a declined Art. 4 lead ticket (撤销 or 维持)",
  description: [
    "`overturn` (撤销): the ticket goes back to pending for the same agency, its clocks fresh from the ruling (the immediate accept clock when the case has immediate danger), and the agency is notified; it cannot be declined again.",
    "`uphold` (维持): the decline stands and `toAgency` leads: a new lead ticket, its open support ticket made the lead, or its open lead kept. Refused (400, naming 意见 Art. 4) when no police lead would remain on the case.",
    "A ruling needs a reason, is given once, and stops the ruling clock; a ticket not awaiting one (never declined, already ruled, accepted since) is 409. One `decline_ruled` audit event names the supervisor, the ruling and the reason.",
    "Who may call it: supervisor (not an officer of the declining agency).",
  ].join("\n\n"),
  request: {
    params: z.object({ ticketId: z.string().min(1).max(64) }),
    headers: IfMatchHeaderSchema,
    body: jsonBody(DeclineRulingSchema),
  },
  responses: {
    200: json(TicketCommandResultSchema, "The ruled ticket, and a lead ticket it created."),
  },
});

export function rulingRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(awaitingRoute, async (c) => {
    const items = await declinesAwaitingRuling(deps.store, c.get("identity"));
    return reply(c, { items }, 200);
  });

  app.openapi(ruleRoute, async (c) => {
    const { ticketId } = c.req.valid("param");
    const { "if-match": ifMatch } = c.req.valid("header");
    const result = await ruleOnDeclinedTicket(
      deps.store,
      c.get("identity"),
      ticketId,
      c.req.valid("json"),
      expectedVersion(ifMatch),
    );
    c.header("ETag", `"${result.ticket.version}"`);
    return reply(
      c,
      { ticket: result.ticket, ...(result.created ? { created: result.created } : {}) },
      200,
    );
  });
}
