/**
 * Guards on the shape of a request, before any handler sees it:
 * - a body is JSON in UTF-8 (RFC 8259 §8.1): a declared charset other than UTF-8 is 415, and
 *   bytes that are not UTF-8 are 400 — never read as something they are not;
 * - HEAD on the API answers 405: a handler run for HEAD would do a GET's work (read a case,
 *   record that a child's data was viewed) for an answer that shows nothing.
 */
import { createMiddleware } from "hono/factory";
import { problem } from "./problem.ts";

const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/i;
const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

/** The charset parameter of a Content-Type, lower-cased, or undefined when none is named. */
function charsetOf(contentType: string): string | undefined {
  for (const param of contentType.split(";").slice(1)) {
    const [name, value] = param.split("=").map((s) => s.trim());
    if (name?.toLowerCase() === "charset") return value?.replace(/^"|"$/g, "").toLowerCase();
  }
  return undefined;
}

export function utf8JsonBodies() {
  return createMiddleware(async (c, next) => {
    if (!WITH_BODY.has(c.req.method)) return next();
    const contentType = c.req.header("content-type");
    if (contentType === undefined) return next(); // the route's own validation answers
    const mediaType = contentType.split(";")[0]?.trim() ?? "";
    if (!JSON_MEDIA_TYPE.test(mediaType)) return next(); // 415 from the JSON validator
    const charset = charsetOf(contentType);
    if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
      return problem(c, 415, "Send JSON in UTF-8: the only charset accepted is utf-8.", [
        { path: "content-type", message: "charset must be utf-8" },
      ]);
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return problem(c, 400, "The body is not valid UTF-8.", [
        { path: "body", message: "not UTF-8" },
      ]);
    }
    return next();
  });
}

export function noHeadOnApi() {
  return createMiddleware(async (c, next) => {
    if (c.req.method !== "HEAD") return next();
    const res = problem(c, 405, "HEAD is not served by the API; use GET.");
    res.headers.set("Allow", "GET");
    return res;
  });
}
