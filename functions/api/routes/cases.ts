import {
  AccessEntrySchema,
  AGENCY_CODES,
  AuditEventSchema,
  BreakGlassRequestSchema,
  CaseListRowSchema,
  CaseViewSchema,
  ChainVerdictSchema,
  IdSchema,
  ReferenceNoSchema,
} from "@cp/domain";
import {
  caseIdOfReference,
  getAccessLog,
  getAudit,
  getCase,
  listCases,
  unmaskCase,
  verifyAudit,
} from "@cp/store";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import { apiRoute, json, jsonBody, listOf, PageQuerySchema, reply } from "../openapi.ts";

const CaseIdParam = z.object({ caseId: z.string().min(1).max(64) });

const caseRoute = apiRoute({
  method: "get",
  path: "/v1/cases/{caseId}",
  summary: "A case: children (as access allows), reports, tickets, status",
  request: { params: CaseIdParam },
  responses: { 200: json(CaseViewSchema, "The case.") },
});

const auditRoute = apiRoute({
  method: "get",
  path: "/v1/cases/{caseId}/audit",
  summary: "The case's audit trail, oldest first",
  request: { params: CaseIdParam, query: PageQuerySchema },
  responses: { 200: json(listOf(AuditEventSchema), "A page of events.") },
});

const accessLogRoute = apiRoute({
  method: "get",
  path: "/v1/cases/{caseId}/access-log",
  summary:
    "Who read the case's children's data and who was refused it: one entry per actor, record and minute",
  request: { params: CaseIdParam },
  responses: {
    200: json(z.object({ items: z.array(AccessEntrySchema) }), "The case's access log."),
  },
});

const verifyRoute = apiRoute({
  method: "get",
  path: "/v1/cases/{caseId}/audit/verify",
  summary: "Re-verify the whole hash chain of the case",
  request: { params: CaseIdParam },
  responses: {
    200: json(ChainVerdictSchema, "The verdict."),
  },
});

const caseListRoute = apiRoute({
  method: "get",
  path: "/v1/cases",
  summary: "The supervisors' case list, filtered by status, agency, township or overdue",
  description:
    "Every case, open ones first, newest first; no child's personal data. `agency` and `township` keep the cases they appear on; `overdue=true` lists instead each open ticket past its running clock (most late first), naming the clock. One read per page: a filtered page may hold fewer rows than `limit` while `nextCursor` goes on. Who may call it: supervisor. Quota: read.",
  request: {
    query: PageQuerySchema.extend({
      status: z.enum(["open", "closed"]).optional(),
      agency: z.enum(AGENCY_CODES).optional(),
      township: z.string().min(1).max(64).optional(),
      overdue: z.enum(["true", "false"]).optional(),
    }),
  },
  responses: { 200: json(listOf(CaseListRowSchema), "A page of cases.") },
});

const byReferenceRoute = apiRoute({
  method: "get",
  path: "/v1/cases/by-reference/{referenceNo}",
  summary: "Find a case by a report's reference number (supervisors)",
  request: {
    params: z.object({
      referenceNo: z
        .string()
        .max(40)
        .regex(/^[A-Z]{2,8}-\d{8}-[0-9A-Z]{1,16}$/, "a reference number, e.g. SGL-20261129-4K7Q"),
    }),
  },
  responses: {
    200: json(
      z.object({ caseId: IdSchema, referenceNo: ReferenceNoSchema }),
      "The case it belongs to.",
    ),
  },
});

const unmaskRoute = apiRoute({
  method: "post",
  path: "/v1/cases/{caseId}/unmask",
  summary: "Break-glass: a supervisor sees one case unmasked, with a stated reason (audited)",
  request: { params: CaseIdParam, body: jsonBody(BreakGlassRequestSchema) },
  responses: {
    200: json(CaseViewSchema, "The case, unmasked."),
  },
});

// Who may call each route: policy.ts. Which case is theirs: the store, by @cp/domain's rules.
export function caseRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(caseListRoute, async (c) => {
    const { limit, status, agency, township, overdue } = c.req.valid("query");
    const page = await paged(c, deps, (cursor) =>
      listCases(deps.store, {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(status ? { status } : {}),
        ...(agency ? { agency } : {}),
        ...(township ? { township } : {}),
        overdue: overdue === "true",
      }),
    );
    return reply(c, page, 200);
  });
  app.openapi(byReferenceRoute, async (c) => {
    const { referenceNo } = c.req.valid("param");
    return reply(c, { caseId: await caseIdOfReference(deps.store, referenceNo), referenceNo }, 200);
  });
  app.openapi(unmaskRoute, async (c) => {
    const { caseId } = c.req.valid("param");
    return reply(
      c,
      await unmaskCase(deps.store, c.get("identity"), caseId, c.req.valid("json")),
      200,
    );
  });
  app.openapi(caseRoute, async (c) => {
    return reply(c, await getCase(deps.store, c.get("identity"), c.req.valid("param").caseId), 200);
  });
  app.openapi(auditRoute, async (c) => {
    const { limit } = c.req.valid("query");
    const { caseId } = c.req.valid("param");
    const page = await paged(c, deps, (cursor) =>
      getAudit(deps.store, c.get("identity"), caseId, { limit, ...(cursor ? { cursor } : {}) }),
    );
    return reply(c, page, 200);
  });
  app.openapi(accessLogRoute, async (c) => {
    const items = await getAccessLog(deps.store, c.get("identity"), c.req.valid("param").caseId);
    return reply(c, { items }, 200);
  });
  app.openapi(verifyRoute, async (c) => {
    return reply(
      c,
      await verifyAudit(deps.store, c.get("identity"), c.req.valid("param").caseId),
      200,
    );
  });
}
