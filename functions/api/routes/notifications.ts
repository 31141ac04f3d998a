/**
 * `GET /v1/notifications`: what dispatch delivered to the caller's agency, or, for supervisors,
 * to the supervisors (escalations) or to the agency they name. Newest first.
 */
import {
  type AgencyCode,
  AgencyCodeSchema,
  ForbiddenError,
  hasRole,
  type Identity,
} from "@cp/domain";
import { type Audience, listNotifications } from "@cp/store/notifications";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { errorResponses, json, listOf, PageQuerySchema, reply, security } from "../openapi.ts";

const ChannelStateSchema = z.object({
  deliveredAt: z.string().optional(),
  attempts: z.int(),
  lastFailureAt: z.string().optional(),
  lastFailure: z.string().optional(),
});

export const NotificationSchema = z
  .object({
    notificationId: z.string(),
    event: z.string(),
    audience: z.string(),
    referenceNo: z.string(),
    caseId: z.string(),
    ticketId: z.string().optional(),
    reportId: z.string().optional(),
    agency: z.string().optional(),
    kind: z.string().optional(),
    categories: z.array(z.string()).optional(),
    townships: z.array(z.string()).optional(),
    acceptDueAt: z.string().optional(),
    closeDueAt: z.string().nullable().optional(),
    dueAt: z.string().optional(),
    clock: z.string().optional(),
    createdAt: z.string(),
    channels: z.record(z.string(), ChannelStateSchema),
  })
  .openapi("Notification");

const listRoute = createRoute({
  method: "get",
  path: "/v1/notifications",
  summary: "Notifications delivered to the caller's agency, or to supervisors",
  security,
  request: { query: PageQuerySchema.extend({ agency: AgencyCodeSchema.optional() }) },
  responses: {
    200: json(listOf(NotificationSchema), "A page of notifications, newest first."),
    ...errorResponses,
  },
});

/** Whose notifications the caller may read. */
function audienceFor(who: Identity, agency: AgencyCode | undefined): Audience {
  if (hasRole(who, "supervisor")) return agency ?? "supervisors";
  if (hasRole(who, "officer") && who.agency) {
    if (agency && agency !== who.agency) {
      throw new ForbiddenError("An officer sees only their own agency's notifications.");
    }
    return who.agency;
  }
  throw new ForbiddenError("Only officers and supervisors receive notifications.");
}

export function notificationRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(listRoute, async (c) => {
    const { agency, limit, cursor } = c.req.valid("query");
    const audience = audienceFor(c.get("identity"), agency);
    return reply(
      c,
      await listNotifications(deps.store, audience, { limit, ...(cursor ? { cursor } : {}) }),
      200,
    );
  });
}
