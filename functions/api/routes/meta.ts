import { AGENCIES, AGENCY_CODES, AgencyCodeSchema, boundedText } from "@cp/domain";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { errorResponses, json, jsonBody, ProblemSchema } from "../openapi.ts";
import { problem } from "../problem.ts";

const healthRoute = createRoute({
  method: "get",
  path: "/v1/health",
  summary: "Whether the store and the queues answer",
  responses: {
    200: json(z.object({ status: z.literal("ok") }), "Healthy."),
    503: {
      description: "Unhealthy.",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

const agenciesRoute = createRoute({
  method: "get",
  path: "/v1/agencies",
  summary: "The configured agencies with their Chinese names",
  security: [{ bearer: [] }],
  responses: {
    200: json(
      z.object({
        items: z
          .array(
            z.object({ code: AgencyCodeSchema, name: boundedText(100), required: z.boolean() }),
          )
          .max(AGENCY_CODES.length),
      }),
      "The agencies.",
    ),
    401: errorResponses[401],
  },
});

const devTokenRoute = createRoute({
  method: "post",
  path: "/v1/dev/token",
  summary: "Local stage only: a token for a demo user",
  request: { body: jsonBody(z.strictObject({ username: z.string().min(1).max(64) })) },
  responses: {
    200: json(z.object({ token: boundedText(4096) }), "A signed token."),
    400: errorResponses[400],
    404: errorResponses[404],
  },
});

export function publicRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(healthRoute, async (c) => {
    const ok = await deps.health().catch(() => false);
    if (!ok) return problem(c, 503, "The store or the queues do not answer.") as never;
    return c.json({ status: "ok" as const }, 200);
  });
  if (deps.devToken) {
    const sign = deps.devToken;
    app.openapi(devTokenRoute, async (c) => {
      const token = await sign(c.req.valid("json").username);
      if (!token) return problem(c, 404, "No such demo user.") as never;
      return c.json({ token }, 200);
    });
  }
}

export function agencyRoutes(_deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(agenciesRoute, (c) =>
    c.json({ items: AGENCY_CODES.map((code) => AGENCIES[code]) }, 200),
  );
}
