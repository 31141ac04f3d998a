/**
 * Function-level authorization in one place: every route the API serves declares here which
 * roles may call it. A route without an entry is refused to everyone (deny by default), so a new
 * route is closed until someone decides who may use it. Object-level rules — which ticket, case or
 * report is the caller's — are in `@cp/domain` (roles/access-policy.ts) and applied by the store.
 *
 *   request ─▶ token (auth.ts, 401) ─▶ role × route (here, 403) ─▶ quota (quota.ts, 429)
 *           ─▶ validation (400) ─▶ handler ─▶ object rules (404 when not the caller's)
 */
import { type Identity, ROLES, type Role } from "@cp/domain";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import { problem } from "./problem.ts";

/** What the API's middlewares put on a request: who calls, and the policy of the route served. */
export type AuthEnv = {
  Variables: {
    identity: Identity;
    /** The policy of the route being served, once `authorize` let the caller in. */
    routePolicy: RoutePolicy;
    /** Why the token was refused, for the security log (a code, never the token). */
    authFailure?: string;
    /** A 404 that refused another's record (not a missing one), for the security log. */
    refusedObject?: boolean;
  };
};

/** Which requests draw on which per-user quota (quota.ts). */
export type QuotaClass = "read" | "write" | "file";

export interface RoutePolicy {
  /** "public": no token needed; otherwise the roles of which the caller must hold one. */
  readonly allow: "public" | readonly Role[];
  /** Defaults to "read" for GET, "write" for anything else. */
  readonly quota?: QuotaClass;
}

/** `METHOD /path/{param}`, as the OpenAPI document writes it. */
export type RouteKey = `${"GET" | "POST" | "PUT" | "PATCH" | "DELETE"} /${string}`;

const ANYONE: readonly Role[] = ROLES;
const AGENCIES_AND_SUPERVISORS: readonly Role[] = ["officer", "supervisor"];
const CARE: readonly Role[] = ["child_director", "child_supervisor", "officer"];
const CARE_KEEPERS: readonly Role[] = ["child_director", "child_supervisor"];

/**
 * The policy table. Entries for routes another change has not registered yet are harmless: a
 * policy grants nothing by itself, only a served route with a policy is reachable.
 */
export const ROUTE_POLICIES: Readonly<Record<RouteKey, RoutePolicy>> = {
  "GET /v1/health": { allow: "public" },
  "GET /v1/openapi.json": { allow: "public" },
  "GET /docs": { allow: "public" },
  "POST /v1/dev/token": { allow: "public" },
  "GET /v1/agencies": { allow: ANYONE },

  "POST /v1/reports": { allow: ["reporter"], quota: "file" },
  "GET /v1/reports": { allow: ["reporter"] },
  "GET /v1/reports/{reportId}": { allow: ["reporter", "supervisor"] },

  "GET /v1/tickets": { allow: AGENCIES_AND_SUPERVISORS },
  "GET /v1/tickets/{ticketId}": { allow: AGENCIES_AND_SUPERVISORS },
  "POST /v1/tickets/{ticketId}/accept": { allow: ["officer"] },
  "POST /v1/tickets/{ticketId}/decline": { allow: ["officer"] },
  "POST /v1/tickets/{ticketId}/actions": { allow: ["officer"] },
  "POST /v1/tickets/{ticketId}/refer": { allow: ["officer"] },
  "POST /v1/tickets/{ticketId}/close": { allow: ["officer"] },
  "POST /v1/tickets/{ticketId}/urge": { allow: ["supervisor"] },
  // A supervisor rules on a declined Art. 4 lead ticket (撤销/维持); officers only decline.
  "GET /v1/tickets/awaiting-ruling": { allow: ["supervisor"] },
  "POST /v1/tickets/{ticketId}/ruling": { allow: ["supervisor"] },

  "GET /v1/cases": { allow: ["supervisor"] },
  "GET /v1/cases/by-reference/{referenceNo}": { allow: ["supervisor"] },
  "GET /v1/cases/{caseId}": { allow: AGENCIES_AND_SUPERVISORS },
  "GET /v1/cases/{caseId}/audit": { allow: AGENCIES_AND_SUPERVISORS },
  "GET /v1/cases/{caseId}/audit/verify": { allow: AGENCIES_AND_SUPERVISORS },
  "GET /v1/cases/{caseId}/access-log": { allow: ["supervisor"] },
  "GET /v1/cases/{caseId}/audit/export": { allow: AGENCIES_AND_SUPERVISORS },
  "POST /v1/cases/{caseId}/unmask": { allow: ["supervisor"] },
  // Retention: an administrator erases a closed case's personal data, or holds it from erasure.
  "POST /v1/cases/{caseId}/erasure": { allow: ["admin"] },
  "PUT /v1/cases/{caseId}/legal-hold": { allow: ["admin"] },

  "GET /v1/notifications": { allow: AGENCIES_AND_SUPERVISORS },
  "GET /v1/metrics/response-times": { allow: ["supervisor"] },
  "GET /v1/metrics/overdue": { allow: ["supervisor"] },
  "GET /v1/reports/progress": { allow: ["supervisor"] },
  "GET /v1/routing-rules": { allow: ["supervisor", "admin"] },
  "PUT /v1/routing-rules": { allow: ["admin"] },
  "GET /v1/sla-policy": { allow: ["supervisor", "admin"] },
  "PUT /v1/sla-policy": { allow: ["admin"] },

  // Care (一人一档): 主任 their village, 督导员 their township, 民政 (civil_affairs officers) the
  // city; the area is the object rule (packages/domain/src/care/access.ts), other agencies get 404.
  "GET /v1/children": { allow: CARE },
  "POST /v1/children": { allow: CARE_KEEPERS },
  "GET /v1/children/{childId}": { allow: CARE },
  "PUT /v1/children/{childId}": { allow: CARE_KEEPERS },
  "POST /v1/children/{childId}/visits": { allow: CARE_KEEPERS },
  "POST /v1/children/{childId}/visits/{visitId}/report": { allow: CARE_KEEPERS, quota: "file" },
  "POST /v1/children/{childId}/problems/{problemId}/solve": { allow: CARE_KEEPERS },
  "POST /v1/children/{childId}/log": { allow: CARE_KEEPERS },
  "GET /v1/care/rollups": { allow: CARE },
  "GET /v1/care/escalations": { allow: ["child_supervisor", "officer"] },
  "GET /v1/care/visit-policy": { allow: CARE },
  "GET /v1/care/survey-template": { allow: CARE },
  "POST /v1/care/imports": { allow: ["child_supervisor", "officer"] },
  "GET /v1/care/export": { allow: ["officer"] },
  "POST /v1/care/spot-checks": { allow: ["officer"] },
  "GET /v1/care/spot-checks/{checkId}": { allow: ["officer"] },
  "PUT /v1/care/spot-checks/{checkId}/files/{childId}": { allow: ["officer"] },
  "GET /v1/care/directors": { allow: ["child_supervisor", "officer"] },
  "PUT /v1/care/directors/{sub}": { allow: ["officer"] },
  "POST /v1/care/directors/{sub}/trainings": { allow: ["officer"] },
  "GET /v1/care/coverage": { allow: ["officer"] },
  "GET /v1/security-events": { allow: ["admin"] },
};

/** Whether the table lets this caller call the route (public routes let anyone). */
function roleMayCall(policy: RoutePolicy | undefined, who: Identity): boolean {
  if (!policy) return false;
  if (policy.allow === "public") return true;
  return policy.allow.some((role) => who.roles.includes(role));
}

/** `/v1/tickets/:ticketId` → `/v1/tickets/{ticketId}` */
const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/**
 * The route that will answer this request: the first matched one that is not a middleware. (A
 * later match, such as `/v1/reports/{reportId}` behind `/v1/reports/progress`, never answers.)
 */
export function servedRoute(c: Context): RouteKey | undefined {
  const handler = matchedRoutes(c).find((r) => r.method !== "ALL" || !r.path.endsWith("*"));
  return handler ? (`${handler.method} ${openApiPath(handler.path)}` as RouteKey) : undefined;
}

/** The quota class of the request's route, once `authorize` has run. */
export function quotaClassOf(c: Context): QuotaClass | undefined {
  const policy = (c as Context<AuthEnv>).get("routePolicy");
  if (!policy) return undefined;
  return policy.quota ?? (c.req.method === "GET" || c.req.method === "HEAD" ? "read" : "write");
}

/**
 * The role × route gate. No served route: on to the 404. A served route with no policy, or a
 * role the policy does not name: 403, logged with the route and the caller's id and roles only.
 */
export function authorize(
  log: (level: "info" | "warn" | "error", message: string, fields?: object) => void,
  policies: Readonly<Record<string, RoutePolicy>> = ROUTE_POLICIES,
) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const route = servedRoute(c);
    if (!route) return next();
    const policy = policies[route];
    const who = c.get("identity");
    if (!roleMayCall(policy, who)) {
      log("warn", policy ? "access denied: role" : "access denied: route without policy", {
        route,
        sub: who.sub,
        roles: who.roles,
      });
      return problem(c, 403, "This role may not do this.");
    }
    c.set("routePolicy", policy as RoutePolicy);
    return next();
  });
}
