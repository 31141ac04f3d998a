/** The API in Lambda, behind API Gateway's HTTP API and its Cognito JWT authorizer. */
import type { Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { storeIsHealthy } from "../commons/health.ts";
import { log, storeContext, withRequestIds } from "../commons/runtime.ts";
import { powertoolsSecurityMetrics } from "../commons/security-metrics.ts";
import { createApp } from "./app.ts";
import { remoteKeys } from "./auth.ts";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set.`);
  return value;
};

const store = storeContext();
const app = createApp({
  store,
  stage: process.env.STAGE ?? "prod",
  tokens: {
    issuer: env("JWT_ISSUER"),
    audience: env("JWT_AUDIENCE"),
    keys: remoteKeys(env("JWKS_URL")),
    algorithms: ["RS256"],
  },
  health: () => storeIsHealthy(store),
  securityMetrics: powertoolsSecurityMetrics(),
  log,
});

const lambda = handle(app);
export const handler = withRequestIds((event: Parameters<typeof lambda>[0], context: Context) =>
  lambda(event, context),
);
