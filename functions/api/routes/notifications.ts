/**
 * `GET /v1/notifications`: what dispatch delivered to the caller's agency, or, for supervisors,
 * to the supervisors (escalations) or to the agency they name. Newest first.
 */
import {
  type AgencyCode,
  AgencyCodeSchema,
  boundedText,
  CodeSchema,
  countSchema,
  ForbiddenError,
  HARM_CATEGORIES,
  HarmCategorySchema,
  hasRole,
  type Identity,
  IdSchema,
  InstantSchema,
  MAX_TOWNSHIPS,
  ReferenceNoSchema,
} from "@cp/domain";
import { type Audience, listNotifications } from "@cp/store/notifications";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import { apiRoute, json, listOf, PageQuerySchema, reply } from "../openapi.ts";

const ChannelStateSchema = z.object({
  deliveredAt: InstantSchema.optional(),
  attempts: countSchema(),
  lastFailureAt: InstantSchema.optional(),
  lastFailure: boundedText(500).optional(),
});

const NotificationSchema = z
  .object({
    notificationId: IdSchema,
    event: CodeSchema,
    audience: CodeSchema,
    referenceNo: ReferenceNoSchema,
    caseId: IdSchema,
    ticketId: IdSchema.optional(),
    reportId: IdSchema.optional(),
    agency: CodeSchema.optional(),
    kind: CodeSchema.optional(),
    categories: z.array(HarmCategorySchema).max(HARM_CATEGORIES.length).optional(),
    townships: z.array(boundedText(50)).max(MAX_TOWNSHIPS).optional(),
    acceptDueAt: InstantSchema.optional(),
    closeDueAt: InstantSchema.nullable().optional(),
    dueAt: InstantSchema.optional(),
    clock: CodeSchema.optional(),
    createdAt: InstantSchema,
    channels: z.record(z.string(), ChannelStateSchema),
  })
  .openapi("Notification");

const listRoute = apiRoute({
  method: "get",
  path: "/v1/notifications",
  summary: "Notifications delivered to the caller's agency, or to supervisors",
  request: { query: PageQuerySchema.extend({ agency: AgencyCodeSchema.optional() }) },
  responses: {
    200: json(listOf(NotificationSchema), "A page of notifications, newest first."),
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
    const { agency, limit } = c.req.valid("query");
    const audience = audienceFor(c.get("identity"), agency);
    const page = await paged(c, deps, (cursor) =>
      listNotifications(deps.store, audience, { limit, ...(cursor ? { cursor } : {}) }),
    );
    return reply(c, page, 200);
  });
}
