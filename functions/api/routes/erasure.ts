/**
 * An administrator's erasure of a case's personal data, and the legal hold that forbids it
 * (store repos/erasure.ts; the rule is the domain's retention.ts). Erasure is a person's decision,
 * case by case, not the sweeper's: before a child-protection record goes, someone checks for a
 * hold the platform does not know of and for an archive transfer the agencies' rules may require
 * (docs/decisions/0010-hardening.md, "Retention and erasure").
 */
import { IdSchema, InstantSchema, statementText } from "@cp/domain";
import { eraseCase, setLegalHold } from "@cp/store";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { apiRoute, json, jsonBody, reply } from "../openapi.ts";

const CaseIdParam = z.object({ caseId: z.string().min(1).max(64) });

const erasureRoute = apiRoute({
  method: "post",
  path: "/v1/cases/{caseId}/erasure",
  summary: "Erase a closed case's personal data once its retention period ended (crypto-shredding)",
  request: { params: CaseIdParam, body: jsonBody(z.strictObject({})) },
  responses: {
    200: json(
      z
        .object({
          caseId: IdSchema,
          erasedAt: InstantSchema,
          /** False when it had been erased before: a repeat changes nothing. */
          erased: z.boolean(),
          retainedUntil: z.iso.date().max(10).optional(),
        })
        .openapi("CaseErasure"),
      "Erased (now, or before).",
    ),
  },
});

const legalHoldRoute = apiRoute({
  method: "put",
  path: "/v1/cases/{caseId}/legal-hold",
  summary: "Place or lift a legal hold, which forbids erasing the case",
  request: {
    params: CaseIdParam,
    body: jsonBody(z.strictObject({ held: z.boolean(), reason: statementText(2000) })),
  },
  responses: {
    200: json(z.object({ caseId: IdSchema, held: z.boolean() }), "The hold as it now is."),
  },
});

export function erasureRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(erasureRoute, async (c) => {
    const { caseId } = c.req.valid("param");
    return reply(c, await eraseCase(deps.store, c.get("identity"), caseId), 200);
  });
  app.openapi(legalHoldRoute, async (c) => {
    const { caseId } = c.req.valid("param");
    return reply(
      c,
      await setLegalHold(deps.store, c.get("identity"), caseId, c.req.valid("json")),
      200,
    );
  });
}
