/**
 * The web app's built files (packages/web/dist) served beside the API, as CloudFront serves them
 * in AWS: paths under /v1 and /docs go to the API; anything else is a file, or the app's
 * index.html for its client-side routes.
 *
 * Delivery for slow links: files are sent compressed (gzip) when the browser accepts it; the
 * hashed files under /assets/ never change under their name, so browsers keep them a year
 * without asking again; index.html, which names the current hashes, is revalidated every time.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { compress } from "hono/compress";

export const WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** Hashed build output: the name changes whenever the content does. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** The entry page: always revalidated, so a release reaches users on their next visit. */
export const REVALIDATE = "no-cache";

export function withWebApp(api: { fetch: (req: Request) => Response | Promise<Response> }) {
  const root = new Hono();
  root.all("/v1/*", (c) => api.fetch(c.req.raw));
  root.all("/docs", (c) => api.fetch(c.req.raw));
  if (existsSync(WEB_DIST)) {
    root.use("/*", compress());
    root.use("/*", async (c, next) => {
      await next();
      if (!c.res.ok) return;
      if (c.req.path.startsWith("/assets/")) c.header("Cache-Control", IMMUTABLE);
      else if (c.res.headers.get("content-type")?.startsWith("text/html")) {
        c.header("Cache-Control", REVALIDATE);
      }
    });
    root.use("/*", serveStatic({ root: WEB_DIST }));
    // A hashed file that is not there is an old page asking for an old release: a 404, never
    // index.html under a name browsers would keep for a year.
    root.get("/assets/*", (c) => c.text("Not found", 404));
    root.get("/*", serveStatic({ path: `${WEB_DIST}/index.html` }));
  }
  root.all("/*", (c) => api.fetch(c.req.raw));
  return root;
}
