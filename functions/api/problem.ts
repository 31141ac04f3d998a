/**
 * The one place where failures become HTTP answers: RFC 9457 problem+json, with the fields that
 * are wrong for validation errors, and never a stack trace.
 */
import { DomainError, type FieldIssue, InvalidInputError, NotFoundError } from "@cp/domain";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

const TITLES: Readonly<Record<number, string>> = {
  400: "Invalid request",
  401: "Not authenticated",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  412: "Precondition failed",
  413: "Request body too large",
  415: "Unsupported media type",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
};

const DOMAIN_STATUS: Readonly<Record<DomainError["kind"], ContentfulStatusCode>> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  unavailable: 503,
};

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  errors?: readonly FieldIssue[],
) {
  const body = {
    type: status === 400 && errors ? "urn:problem:validation" : "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
  return c.body(JSON.stringify(body), status, {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
  });
}

/** zod issues as `{path, message}`, naming an unknown field by its own path. */
export function fieldIssues(error: z.ZodError, prefix: string[] = []): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: [...path, key].join("."),
        message: "unknown field",
      }));
    }
    return [{ path: path.join("."), message: issue.message }];
  });
}

/** The app's error handler. Unknown errors are logged by the caller and answered as 500. */
export function errorResponse(c: Context, error: unknown) {
  if (error instanceof InvalidInputError) return problem(c, 400, error.message, error.issues);
  if (error instanceof NotFoundError && error.refused) {
    (c as Context<{ Variables: { refusedObject?: boolean } }>).set("refusedObject", true);
  }
  if (error instanceof DomainError) return problem(c, DOMAIN_STATUS[error.kind], error.message);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const detail =
      status === 400 && /json/i.test(error.message)
        ? "The body is not valid JSON."
        : status === 415
          ? "Send the body as application/json."
          : error.message || (TITLES[status] ?? "Error");
    return problem(c, status, detail);
  }
  return undefined;
}
