/**
 * The web app's built files (packages/web/dist) served beside the API, as CloudFront serves them
 * in AWS: paths under /v1 and /docs go to the API; anything else is a file, or the app's
 * index.html for its client-side routes.
 *
 * Delivery for slow links: files are sent compressed when the browser accepts it, as the build's
 * brotli or gzip copy (packages/web/precompress.ts), else gzipped on the fly; the
 * hashed files under /assets/ never change under their name, so browsers keep them a year
 * without asking again; index.html, which names the current hashes, is revalidated every time.
 *
 * The app's pages carry a Content-Security-Policy: scripts, fonts and calls only from this origin,
 * inline styles allowed (Ant Design writes its CSS at run time), no framing by anyone
 * (frame-ancestors 'none', and X-Frame-Options for older browsers), no plugins, no <base> tricks.
 * The API's answers and /docs (Swagger UI loads from a CDN) are not pages of the app.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { compress } from "hono/compress";

const WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** Hashed build output: the name changes whenever the content does. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** The entry page: always revalidated, so a release reaches users on their next visit. */
const REVALIDATE = "no-cache";

export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The policy with more origins the app may call: an OIDC issuer, whose discovery document, keys
 * and token endpoint the app fetches itself when /config.json names one.
 */
export function webCsp(connectOrigins: readonly string[] = []): string {
  if (connectOrigins.length === 0) return WEB_CSP;
  return WEB_CSP.replace("connect-src 'self'", `connect-src 'self' ${connectOrigins.join(" ")}`);
}

export function withWebApp(
  api: { fetch: (req: Request) => Response | Promise<Response> },
  options: { readonly connectOrigins?: readonly string[] } = {},
) {
  const root = new Hono();
  const csp = webCsp(options.connectOrigins);
  root.use("*", async (c, next) => {
    await next();
    if (c.req.path.startsWith("/v1/") || c.req.path === "/docs") return;
    c.header("Content-Security-Policy", csp);
    c.header("X-Frame-Options", "DENY");
  });
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
    root.use("/*", serveStatic({ root: WEB_DIST, precompressed: true }));
    // A hashed file that is not there is an old page asking for an old release: a 404, never
    // index.html under a name browsers would keep for a year.
    root.get("/assets/*", (c) => c.text("Not found", 404));
    root.get("/*", serveStatic({ path: `${WEB_DIST}/index.html`, precompressed: true }));
  }
  root.all("/*", (c) => api.fetch(c.req.raw));
  return root;
}
