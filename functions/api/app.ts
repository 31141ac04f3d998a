/**
 * The HTTP API (its OpenAPI document at /v1/openapi.json) as one Hono app. The same app runs in Lambda
 * (index.ts) and in the local stack; only `AppDeps` differ.
 */

import { MAX_SURVEY_BYTES } from "@cp/domain";
import { swaggerUI } from "@hono/swagger-ui";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { requireIdentity } from "./auth.ts";
import type { AppDeps, AppEnv } from "./context.ts";
import { withSharedHeaders } from "./openapi.ts";
import { describeOperations } from "./operations.ts";
import { authorize } from "./policy.ts";
import { errorResponse, fieldIssues, problem } from "./problem.ts";
import { DEFAULT_QUOTAS, enforceQuotas } from "./quota.ts";
import { noHeadOnApi, utf8JsonBodies } from "./request-guards.ts";
import { auditExportRoutes } from "./routes/audit-export.ts";
import { careRoutes } from "./routes/care.ts";
import { caseRoutes } from "./routes/cases.ts";
import { childRoutes } from "./routes/children.ts";
import { erasureRoutes } from "./routes/erasure.ts";
import { agencyRoutes, publicRoutes } from "./routes/meta.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { progressRoutes } from "./routes/progress.ts";
import { reportRoutes } from "./routes/reports.ts";
import { routingRulesRoutes } from "./routes/routing-rules.ts";
import { rulingRoutes } from "./routes/rulings.ts";
import { securityEventRoutes } from "./routes/security-events.ts";
import { slaPolicyRoutes } from "./routes/sla-policy.ts";
import { ticketRoutes } from "./routes/tickets.ts";
import { countingMetrics, securityLog } from "./security-log.ts";

const MAX_BODY_BYTES = 64 * 1024;
/** Where a survey sheet (up to MAX_SURVEY_BYTES) comes in. */
const SURVEY_IMPORT_PATH = "/v1/care/imports";

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = result.target === "json" ? [] : [result.target];
        return problem(c, 400, "The request has invalid fields.", fieldIssues(result.error, where));
      }
    },
  });

  // First, so that it sees every answer, whichever gate gave it.
  app.use(
    "/v1/*",
    securityLog(
      deps.store,
      deps.securityMetrics ?? countingMetrics().metrics,
      deps.log,
      deps.securityLog,
    ),
  );
  const allowed = new Set(deps.corsOrigins ?? []);
  app.use(
    cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ["GET", "POST", "PUT", "OPTIONS"],
      allowHeaders: ["authorization", "content-type", "if-match", "idempotency-key"],
      exposeHeaders: [
        "etag",
        "retry-after",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
      ],
      maxAge: 600,
    }),
  );
  app.use(secureHeaders({ strictTransportSecurity: "max-age=63072000; includeSubDomains" }));
  app.use("/v1/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => problem(c, 413, `The body is larger than ${maxSize} bytes.`),
    });
  const defaultLimit = limitBody(MAX_BODY_BYTES);
  const surveyLimit = limitBody(MAX_SURVEY_BYTES);
  app.use("/v1/*", (c, next) =>
    c.req.path === SURVEY_IMPORT_PATH ? surveyLimit(c, next) : defaultLimit(c, next),
  );

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "A signed JWT (JWS) from the identity provider, checked as RFC8725 advises: the algorithm is fixed by the server (never `none`), issuer and audience are required, and `iat` may be neither in the future nor older than 24 hours.",
  });
  publicRoutes(deps, app);
  app.get("/v1/openapi.json", (c) =>
    c.json(
      withSharedHeaders(
        app.getOpenAPI31Document({
          openapi: "3.1.0",
          info: {
            title: "Child protection: mandatory reports and referral tickets",
            version: "1",
            description: "强制报告与多部门转介工单 API",
          },
        }),
      ),
    ),
  );
  app.get("/docs", swaggerUI({ url: "/v1/openapi.json" }));

  app.use("/v1/*", noHeadOnApi());
  app.use("/v1/*", requireIdentity(deps.tokens));
  app.use("/v1/*", authorize(deps.log));
  app.use("/v1/*", enforceQuotas(deps.quotas ?? DEFAULT_QUOTAS));
  app.use("/v1/*", utf8JsonBodies());
  agencyRoutes(deps, app);
  progressRoutes(deps, app); // before reportRoutes: "progress" is not a report id
  reportRoutes(deps, app);
  rulingRoutes(deps, app); // before ticketRoutes: "awaiting-ruling" is not a ticket id
  ticketRoutes(deps, app);
  auditExportRoutes(deps, app);
  caseRoutes(deps, app);
  metricsRoutes(deps, app);
  routingRulesRoutes(deps, app);
  slaPolicyRoutes(deps, app);
  notificationRoutes(deps, app);
  childRoutes(deps, app);
  careRoutes(deps, app);
  securityEventRoutes(deps, app);
  erasureRoutes(deps, app);

  describeOperations(app);

  app.notFound((c) => problem(c, 404, "No such route."));
  app.onError((error, c) => {
    const known = errorResponse(c, error);
    if (known) return known;
    deps.log("error", "unhandled error", {
      route: c.req.routePath,
      method: c.req.method,
      error: error.name,
    });
    return problem(c, 500, "Something went wrong on our side; the request was not completed.");
  });
  return app;
}
