/**
 * What a client generator needs of every operation in the OpenAPI document, filled in from one
 * source each: the operationId from the method and path, the tag from the path's first segment,
 * and a description stating who may call it and which quota it spends, from the route policy
 * table (policy.ts). A route may still give its own.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context.ts";
import { ROUTE_POLICIES, type RoutePolicy } from "./policy.ts";

/** `get /v1/cases/{caseId}/audit` → `getCasesByCaseIdAudit`. */
function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/v1\//, "")
    .split("/")
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment)?.[1];
      return param ? ["by", param] : segment.split(/[-_.]/);
    })
    .filter((w) => w.length > 0);
  return [method.toLowerCase(), ...words]
    .map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1)))
    .join("");
}

const tagOf = (path: string) => path.replace(/^\/v1\//, "").split("/")[0] ?? "meta";

function whoMayCall(policy: RoutePolicy | undefined, method: string): string {
  if (!policy) return "";
  if (policy.allow === "public") return "Public: no token needed.";
  const quota = policy.quota ?? (method === "get" ? "read" : "write");
  return `Who may call it: ${policy.allow.join(", ")}. Quota: ${quota} (RateLimit-* headers; 429 with Retry-After when spent).`;
}

export function describeOperations(app: OpenAPIHono<AppEnv>): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    const route = definition.route as {
      method: string;
      path: string;
      summary?: string;
      description?: string;
      operationId?: string;
      tags?: string[];
    };
    const key = `${route.method.toUpperCase()} ${route.path}` as keyof typeof ROUTE_POLICIES;
    route.operationId ??= operationIdOf(route.method, route.path);
    route.tags ??= [tagOf(route.path)];
    route.description ??= [
      route.summary ? `${route.summary}.` : "",
      whoMayCall(ROUTE_POLICIES[key], route.method),
    ]
      .filter(Boolean)
      .join("\n\n");
  }
}
