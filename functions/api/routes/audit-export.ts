import { boundedText, countSchema, HashSchema, IdSchema, InstantSchema } from "@cp/domain";
/**
 * `GET /v1/cases/{caseId}/audit/export`: the case's audit trail as one file that verifies
 * offline (`npm run audit:verify -- FILE`). Who may read the trail may export it.
 */

import { checkpointSignerFromEnv } from "@cp/store/audit/checkpoints";
import { exportAudit } from "@cp/store/audit/export";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { apiRoute, json, reply } from "../openapi.ts";

const exportRoute = apiRoute({
  method: "get",
  path: "/v1/cases/{caseId}/audit/export",
  summary: "The audit trail with its signed checkpoints, for offline verification",
  request: { params: z.object({ caseId: z.string().min(1).max(64) }) },
  responses: {
    200: json(
      z
        .object({
          format: z.literal("cp-audit-export/1"),
          caseId: IdSchema,
          exportedAt: InstantSchema,
          events: z.array(z.looseObject({ seq: countSchema(), hash: HashSchema })),
          checkpoints: z.array(z.object({ seq: countSchema(), jws: boundedText(4096) })),
          signature: boundedText(4096),
          keys: z.array(z.looseObject({ kid: IdSchema.optional() })),
        })
        .openapi("AuditExport"),
      "The export.",
    ),
  },
});

export function auditExportRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(exportRoute, async (c) => {
    const { caseId } = c.req.valid("param");
    const file = await exportAudit(
      deps.store,
      c.get("identity"),
      caseId,
      await checkpointSignerFromEnv(),
    );
    c.header("content-disposition", `attachment; filename="audit-${caseId}.json"`);
    return reply(c, file, 200);
  });
}
