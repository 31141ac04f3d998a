/** Shared pieces of the route definitions: response shapes, error answers, params. */
import { z } from "@hono/zod-openapi";

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
 * The caller's quota for the kind of request (quota.ts), on every answer that passed the quota
 * gate; absent when the caller is not identified (401) or the route is public.
 */
export const rateLimitHeaders: Record<string, ReturnType<typeof seconds>> = {
  "RateLimit-Limit": seconds("Requests of this kind the caller may make in a burst."),
  "RateLimit-Remaining": seconds("Requests of this kind left before the caller is refused (429)."),
  "RateLimit-Reset": seconds("Seconds until the caller's quota of this kind is full again."),
};

type Headers = Record<string, ReturnType<typeof seconds>>;

const problemResponse = (description: string, headers?: Headers) => ({
  description,
  ...(headers ? { headers } : {}),
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
  429: problemResponse("Too many requests of this kind; wait `Retry-After` seconds.", {
    ...rateLimitHeaders,
    "Retry-After": seconds("Seconds until a request of this kind would pass."),
  }),
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
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const security = [{ bearer: [] }];

/** `If-Match: <version>` (quoted or not). */
export const IfMatchHeaderSchema = z.object({
  "if-match": z
    .string()
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
