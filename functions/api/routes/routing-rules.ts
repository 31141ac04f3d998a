import { AGENCY_CODES, AgencyCodeSchema, countSchema, MAX_POLICY_RULES } from "@cp/domain";
/** The routing table as versioned data (versioned-config.ts): reports filed after a change follow it. */
import {
  putRoutingTable,
  RoutingTableInputSchema,
  routingRulesAudit,
  routingTableVersions,
} from "@cp/store/repos/routing-rules";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { versionedConfigRoutes } from "./versioned-config.ts";

export function routingRulesRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  versionedConfigRoutes(deps, app, {
    path: "/v1/routing-rules",
    what: "the routing rules",
    schemaName: "RoutingTableVersion",
    tableSchema: z.looseObject({
      version: countSchema(),
      rules: z.array(z.unknown()).max(MAX_POLICY_RULES),
      enabledAgencies: z.array(AgencyCodeSchema).max(AGENCY_CODES.length),
    }),
    inputSchema: RoutingTableInputSchema,
    putNote: "it routes reports filed after it. Below the statutory floor: 400 naming the statute",
    versions: routingTableVersions,
    audit: routingRulesAudit,
    put: putRoutingTable,
  });
}
