/** Shared pieces of the route definitions: response shapes, error answers, params. */
import { CursorSchema, MAX_PAGE, pageOf } from "@cp/domain";
import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";

export const ProblemSchema = z
  .object({
    type: z.string().max(200),
    title: z.string().max(200),
    status: z.int32().min(400).max(599),
    detail: z.string().max(2000),
    errors: z
      .array(z.object({ path: z.string().max(200), message: z.string().max(500) }))
      .max(100)
      .optional(),
  })
  .openapi("Problem");

const seconds = (description: string) => ({
  description,
  schema: { type: "integer" as const, format: "int32", minimum: 0, maximum: 86_400 },
});

/**
 * Headers described once, under `components.headers`, and referenced from every answer that may
 * carry them (`withSharedHeaders`). All are optional: the RateLimit-* trio comes on every answer
 * that passed the quota gate (quota.ts), so not on a 401 or a public route; the CORS origin comes
 * only when the request's `Origin` is one the deployment allows (app.ts).
 */
const SHARED_HEADERS = {
  "RateLimit-Limit": seconds(
    "Requests of this kind the caller may make in a burst (quota.ts). Sent once the caller is identified.",
  ),
  "RateLimit-Remaining": seconds("Requests of this kind left before the caller is refused (429)."),
  "RateLimit-Reset": seconds("Seconds until the caller's quota of this kind is full again."),
  "Retry-After": seconds("Seconds until a request of this kind would pass."),
  "Access-Control-Allow-Origin": {
    description:
      "The caller's `Origin`, echoed only when it is one of the web origins the deployment allows; absent otherwise (no wildcard).",
    schema: { type: "string" as const, format: "uri", maxLength: 2048 },
  },
};

type HeaderName = keyof typeof SHARED_HEADERS;
const ref = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });
const EVERY_ANSWER: HeaderName[] = [
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "Access-Control-Allow-Origin",
];

type Document = {
  paths?: Record<string, Record<string, { responses?: Record<string, { headers?: object }> }>>;
  components?: { headers?: Record<string, object> };
};

/**
 * The served document with the shared headers: each 2xx and 4xx answer references the RateLimit-*
 * trio and the CORS origin, a 429 also Retry-After. Done on the generated document, after every
 * route is registered, so that no route can forget them.
 */
export function withSharedHeaders<D extends object>(document: D): D {
  const doc = document as Document;
  doc.components = {
    ...doc.components,
    headers: { ...doc.components?.headers, ...SHARED_HEADERS },
  };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!/^[24]/.test(status)) continue;
        const names = status === "429" ? [...EVERY_ANSWER, "Retry-After" as const] : EVERY_ANSWER;
        response.headers = {
          ...response.headers,
          ...Object.fromEntries(names.map((name) => [name, ref(name)])),
        };
      }
    }
  }
  return document;
}

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error answers every authenticated route may give, each as problem+json (RFC 9457). */
export const errorResponses = {
  400: problemResponse("Invalid input; `errors` names each wrong field."),
  401: problemResponse("No token, or a token that is not valid (expired, too old, issued ahead)."),
  403: problemResponse("A role that may never do this."),
  404: problemResponse("Not found, or not yours to see."),
  409: problemResponse("A state conflict."),
  412: problemResponse("`If-Match` names a version that is no longer current."),
  413: problemResponse("The body is larger than the route accepts."),
  415: problemResponse("A JSON body in a charset other than UTF-8."),
  429: problemResponse("Too many requests of this kind; wait `Retry-After` seconds."),
  500: problemResponse("A fault on the server; the request was not completed."),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50).openapi({ format: "int32" }),
  cursor: CursorSchema.optional(),
});

/** A page of a list of `item` (the answers' one page shape, domain responses.ts). */
export const listOf = pageOf;

const security = [{ bearer: [] }];

/**
 * A route of the authenticated API: it takes the bearer token and may give every shared error
 * answer, stated here once rather than on each route.
 */
export const apiRoute = <
  P extends string,
  R extends Omit<RouteConfig, "path" | "security"> & { path: P },
>(
  config: R,
) =>
  createRoute({
    ...config,
    security,
    responses: { ...config.responses, ...errorResponses },
  });

/** `If-Match: <version>` (quoted or not). */
export const IfMatchHeaderSchema = z.object({
  "if-match": z
    .string()
    .max(16)
    .regex(/^(W\/)?"?\d+"?$/, "a ticket version, e.g. 3")
    .optional(),
});

export const expectedVersion = (ifMatch: string | undefined) =>
  ifMatch === undefined ? {} : { expectedVersion: Number(ifMatch.replace(/\D/g, "")) };

/**
 * Answer with a view. The store's views are deeply readonly, while the types inferred from the
 * response schemas are mutable; the data is the same, so only the type is loosened here.
 */
export const reply = <C extends { json: (data: never, status: never) => unknown }>(
  c: C,
  data: unknown,
  status: 200 | 201,
) => c.json(data as never, status as never) as never;
