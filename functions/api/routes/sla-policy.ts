/**
 * The SLA policy as versioned data, like the routing rules: supervisors and admins read every
 * version; an admin stores a new one, which times the reports filed after it. A change below the
 * statutory floor is refused with the statute named (400 problem+json).
 */
import {
  ForbiddenError,
  hasRole,
  type Identity,
  SlaPolicyInputSchema,
  verifyChain,
} from "@cp/domain";
import { putSlaPolicy, slaPolicyAudit, slaPolicyVersions } from "@cp/store/repos/sla-policy";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { errorResponses, json, jsonBody, reply, security } from "../openapi.ts";

const VersionSchema = z
  .object({
    version: z.int(),
    effectiveFrom: z.string(),
    changedBy: z.string(),
    note: z.string().optional(),
    table: z.looseObject({
      version: z.int(),
      rules: z.array(z.unknown()),
      defaultRule: z.unknown(),
      clocks: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi("SlaPolicyVersion");

const getRoute = createRoute({
  method: "get",
  path: "/v1/sla-policy",
  summary: "The SLA policy in force, every past version (newest first), and its audit verdict",
  security,
  responses: {
    200: json(
      z.object({
        current: VersionSchema,
        versions: z.array(VersionSchema),
        audit: z.object({ valid: z.boolean(), events: z.int(), head: z.string() }),
      }),
      "The versions.",
    ),
    ...errorResponses,
  },
});

const putRoute = createRoute({
  method: "put",
  path: "/v1/sla-policy",
  summary:
    "Store a new version of the SLA policy (admin); it times reports filed after it. Below the statutory floor: 400 naming the statute",
  security,
  request: { body: jsonBody(SlaPolicyInputSchema) },
  responses: { 200: json(VersionSchema, "The new version, in force now."), ...errorResponses },
});

function mayRead(who: Identity) {
  if (!hasRole(who, "supervisor") && !hasRole(who, "admin")) {
    throw new ForbiddenError("Only supervisors and admins read the SLA policy.");
  }
}

export function slaPolicyRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(getRoute, async (c) => {
    mayRead(c.get("identity"));
    const [versions, events] = await Promise.all([
      slaPolicyVersions(deps.store),
      slaPolicyAudit(deps.store),
    ]);
    const verdict = verifyChain(events);
    const newestFirst = [...versions].reverse();
    return reply(
      c,
      {
        current: newestFirst[0],
        versions: newestFirst,
        audit: { valid: verdict.valid, events: verdict.events, head: verdict.head },
      },
      200,
    );
  });
  app.openapi(putRoute, async (c) => {
    const who = c.get("identity");
    if (!hasRole(who, "admin")) throw new ForbiddenError("Only admins change the SLA policy.");
    return reply(c, await putSlaPolicy(deps.store, who, c.req.valid("json")), 200);
  });
}
