/**
 * The routing table as versioned data: supervisors and admins read every version; an admin
 * stores a new one, which applies to reports filed after it. Each change is an event on the
 * routing table's own audit chain, whose verdict the answer carries.
 */
import { ForbiddenError, hasRole, type Identity, verifyChain } from "@cp/domain";
import {
  putRoutingTable,
  RoutingTableInputSchema,
  routingRulesAudit,
  routingTableVersions,
} from "@cp/store/repos/routing-rules";
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
      enabledAgencies: z.array(z.string()),
    }),
  })
  .openapi("RoutingTableVersion");

const getRoute = createRoute({
  method: "get",
  path: "/v1/routing-rules",
  summary: "The routing table in force, every past version (newest first), and its audit verdict",
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
  path: "/v1/routing-rules",
  summary: "Store a new version of the routing table (admin); it routes reports filed after it",
  security,
  request: { body: jsonBody(RoutingTableInputSchema) },
  responses: { 200: json(VersionSchema, "The new version, in force now."), ...errorResponses },
});

function mayRead(who: Identity) {
  if (!hasRole(who, "supervisor") && !hasRole(who, "admin")) {
    throw new ForbiddenError("Only supervisors and admins read the routing rules.");
  }
}

export function routingRulesRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(getRoute, async (c) => {
    mayRead(c.get("identity"));
    const [versions, events] = await Promise.all([
      routingTableVersions(deps.store),
      routingRulesAudit(deps.store),
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
    if (!hasRole(who, "admin")) throw new ForbiddenError("Only admins change the routing rules.");
    return reply(c, await putRoutingTable(deps.store, who, c.req.valid("json")), 200);
  });
}
