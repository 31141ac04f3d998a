import { CalendarDateSchema } from "@cp/domain";
/**
 * The security log for administrators: one UTC day of refused requests (401, 403, 404 on another's
 * record, 429), oldest first. No personal data is in it (packages/store/src/audit/security-log.ts).
 */
import { SECURITY_EVENT_KINDS, securityEvents } from "@cp/store/audit/security-log";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import { apiRoute, json, listOf, PageQuerySchema, reply } from "../openapi.ts";

const SecurityEventSchema = z
  .object({
    at: z.string().max(40),
    kind: z.enum(SECURITY_EVENT_KINDS),
    status: z.union([z.literal(401), z.literal(403), z.literal(404), z.literal(429)]),
    route: z.string().max(200),
    reason: z.string().max(100),
    caller: z.string().max(200).optional(),
  })
  .openapi("SecurityEvent");

const listRoute = apiRoute({
  method: "get",
  path: "/v1/security-events",
  summary: "Refused requests of one day (security log)",
  request: {
    query: PageQuerySchema.extend({
      day: CalendarDateSchema.describe("The UTC day, YYYY-MM-DD."),
    }),
  },
  responses: { 200: json(listOf(SecurityEventSchema), "A page of events.") },
});

export function securityEventRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(listRoute, async (c) => {
    const { day, limit } = c.req.valid("query");
    const page = await paged(c, deps, (cursor) =>
      securityEvents(deps.store, day, { limit, ...(cursor ? { cursor } : {}) }),
    );
    return reply(c, page, 200);
  });
}
