/** The SLA policy as versioned data (versioned-config.ts): reports filed after a change are timed by it. */
import { countSchema, MAX_POLICY_RULES, SlaPolicyInputSchema } from "@cp/domain";
import { putSlaPolicy, slaPolicyAudit, slaPolicyVersions } from "@cp/store/repos/sla-policy";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { versionedConfigRoutes } from "./versioned-config.ts";

export function slaPolicyRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  versionedConfigRoutes(deps, app, {
    path: "/v1/sla-policy",
    what: "the SLA policy",
    schemaName: "SlaPolicyVersion",
    tableSchema: z.looseObject({
      version: countSchema(),
      rules: z.array(z.unknown()).max(MAX_POLICY_RULES),
      defaultRule: z.unknown(),
      clocks: z.record(z.string(), z.unknown()),
    }),
    inputSchema: SlaPolicyInputSchema,
    putNote: "it times reports filed after it. Below the statutory floor: 400 naming the statute",
    versions: slaPolicyVersions,
    audit: slaPolicyAudit,
    put: putSlaPolicy,
  });
}
