/** Shared pieces of the route definitions: response shapes, error answers, params. */
import { z } from "@hono/zod-openapi";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error answers every authenticated route may give. */
export const errorResponses = {
  400: problemResponse("Invalid input; `errors` names each wrong field."),
  401: problemResponse("No token, or a token that is not valid."),
  403: problemResponse("A role that may never do this."),
  404: problemResponse("Not found, or not yours to see."),
  409: problemResponse("A state conflict or a stale version."),
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
