/**
 * Children's files (一人一档): the 儿童主任's list ordered by what is due, a file with its visits,
 * work log, problems and the child's reports and cases over time, visits (offline-safe), a
 * visit's problem as a mandatory report in one step. Which file is the caller's: the store, by
 * @cp/domain's care rules (404 outside the caller's area).
 */
import {
  ChildFileInputSchema,
  ChildFileSchema,
  ChildListItemSchema,
  CodeSchema,
  countSchema,
  IdSchema,
  InstantSchema,
  RecordedVisitSchema,
  ReferenceNoSchema,
  ReportFromVisitSchema,
  SolveProblemSchema,
  VisitInputSchema,
  WorkLogInputSchema,
} from "@cp/domain";
import {
  addWorkLog,
  getChildFile,
  listChildren,
  openChildFile,
  recordVisit,
  reportFromVisit,
  solveProblem,
  updateChildFile,
} from "@cp/store/care";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import {
  apiRoute,
  expectedVersion,
  IfMatchHeaderSchema,
  json,
  jsonBody,
  listOf,
  PageQuerySchema,
  reply,
} from "../openapi.ts";

const ChildIdParam = z.object({ childId: z.string().min(1).max(64) });

const listRoute = apiRoute({
  method: "get",
  path: "/v1/children",
  summary: "Children in the caller's area, ordered by the visit that comes due first",
  request: {
    query: PageQuerySchema.extend({
      township: z.string().min(1).max(50).optional(),
      village: z.string().min(1).max(50).optional(),
    }),
  },
  responses: {
    200: json(listOf(ChildListItemSchema), "A page of children."),
  },
});

const openRoute = apiRoute({
  method: "post",
  path: "/v1/children",
  summary: "Open a child's file (一人一档)",
  request: { body: jsonBody(ChildFileInputSchema) },
  responses: {
    201: json(z.object({ childId: IdSchema, created: z.boolean() }), "The file."),
  },
});

const getRoute = apiRoute({
  method: "get",
  path: "/v1/children/{childId}",
  summary:
    "A child's file: contents, clocks, visits, work log, problems, reports and cases (read audited)",
  request: { params: ChildIdParam },
  responses: { 200: json(ChildFileSchema, "The file.") },
});

const updateRoute = apiRoute({
  method: "put",
  path: "/v1/children/{childId}",
  summary: "Change a child's file",
  request: {
    params: ChildIdParam,
    headers: IfMatchHeaderSchema,
    body: jsonBody(ChildFileInputSchema),
  },
  responses: {
    200: json(z.object({ childId: IdSchema, version: countSchema() }), "Changed."),
  },
});

const visitRoute = apiRoute({
  method: "post",
  path: "/v1/children/{childId}/visits",
  summary: "Record a contact or home visit (stored once per clientVisitId)",
  request: { params: ChildIdParam, body: jsonBody(VisitInputSchema) },
  responses: {
    200: json(RecordedVisitSchema, "Recorded before."),
    201: json(RecordedVisitSchema, "Recorded."),
  },
});

const reportRoute = apiRoute({
  method: "post",
  path: "/v1/children/{childId}/visits/{visitId}/report",
  summary: "File the problem a visit found as a mandatory report, pre-filled from the file",
  request: {
    params: ChildIdParam.extend({ visitId: z.string().min(1).max(64) }),
    body: jsonBody(ReportFromVisitSchema),
  },
  responses: {
    201: json(z.object({ reportId: IdSchema, referenceNo: ReferenceNoSchema }), "Filed."),
  },
});

const solveRoute = apiRoute({
  method: "post",
  path: "/v1/children/{childId}/problems/{problemId}/solve",
  summary: "Close a problem with its solution",
  request: {
    params: ChildIdParam.extend({ problemId: z.string().min(1).max(80) }),
    body: jsonBody(SolveProblemSchema),
  },
  responses: {
    200: json(z.object({ problemId: IdSchema, status: CodeSchema }), "Solved."),
  },
});

const logRoute = apiRoute({
  method: "post",
  path: "/v1/children/{childId}/log",
  summary: "Add a line to the file's work log (工作日志)",
  request: { params: ChildIdParam, body: jsonBody(WorkLogInputSchema) },
  responses: {
    201: json(z.object({ at: InstantSchema, id: IdSchema }), "Added."),
  },
});

export function childRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(listRoute, async (c) => {
    const { township, village, limit } = c.req.valid("query");
    const page = await paged(c, deps, (cursor) =>
      listChildren(deps.store, c.get("identity"), { township, village }, { limit, cursor }),
    );
    return reply(c, page, 200);
  });
  app.openapi(openRoute, async (c) => {
    return reply(c, await openChildFile(deps.store, c.get("identity"), c.req.valid("json")), 201);
  });
  app.openapi(getRoute, async (c) => {
    const { childId } = c.req.valid("param");
    return reply(c, await getChildFile(deps.store, c.get("identity"), childId), 200);
  });
  app.openapi(updateRoute, async (c) => {
    const { childId } = c.req.valid("param");
    const version = expectedVersion(c.req.valid("header")["if-match"]).expectedVersion;
    return reply(
      c,
      await updateChildFile(deps.store, c.get("identity"), childId, c.req.valid("json"), version),
      200,
    );
  });
  app.openapi(visitRoute, async (c) => {
    const { childId } = c.req.valid("param");
    const recorded = await recordVisit(deps.store, c.get("identity"), childId, c.req.valid("json"));
    return reply(c, recorded, recorded.created ? 201 : 200);
  });
  app.openapi(reportRoute, async (c) => {
    const { childId, visitId } = c.req.valid("param");
    return reply(
      c,
      await reportFromVisit(deps.store, c.get("identity"), childId, visitId, c.req.valid("json")),
      201,
    );
  });
  app.openapi(solveRoute, async (c) => {
    const { childId, problemId } = c.req.valid("param");
    return reply(
      c,
      await solveProblem(
        deps.store,
        c.get("identity"),
        childId,
        problemId,
        c.req.valid("json").solution,
      ),
      200,
    );
  });
  app.openapi(logRoute, async (c) => {
    const { childId } = c.req.valid("param");
    return reply(
      c,
      await addWorkLog(deps.store, c.get("identity"), childId, c.req.valid("json").note),
      201,
    );
  });
}
