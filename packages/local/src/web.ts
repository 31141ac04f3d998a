/**
 * The web app's built files (packages/web/dist) served beside the API, as CloudFront serves them
 * in AWS: paths under /v1 and /docs go to the API; anything else is a file, or the app's
 * index.html for its client-side routes.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";

export const WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

export function withWebApp(api: { fetch: (req: Request) => Response | Promise<Response> }) {
  const root = new Hono();
  root.all("/v1/*", (c) => api.fetch(c.req.raw));
  root.all("/docs", (c) => api.fetch(c.req.raw));
  if (existsSync(WEB_DIST)) {
    root.use("/*", serveStatic({ root: WEB_DIST }));
    root.get("/*", serveStatic({ path: `${WEB_DIST}/index.html` }));
  }
  root.all("/*", (c) => api.fetch(c.req.raw));
  return root;
}
