/**
 * The care side's area-wide routes: roll-ups (一户一档/一乡一账/一市一库), visit-clock escalations,
 * the annual spot check, the 儿童主任 register and coverage, the survey import and template, the
 * export for the national system, and the visit policy in force.
 */
import {
  CareRollupSchema,
  CheckResultSchema,
  careScopeOf,
  DEFAULT_VISIT_POLICY,
  DirectorInputSchema,
  type Identity,
  MAX_DOWNLOAD_BYTES,
  MAX_SURVEY_BYTES,
  mayReadRollup,
  NotFoundError,
  SpotCheckRequestSchema,
  TrainingInputSchema,
} from "@cp/domain";
import {
  addTraining,
  coverage,
  exportForNationalSystem,
  importSurvey,
  listCareEscalations,
  listDirectors,
  putDirector,
  readRollup,
  recordCheckResult,
  SheetRejected,
  spotCheckView,
  startSpotCheck,
  surveyTemplate,
} from "@cp/store/care";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { paged } from "../cursors.ts";
import { apiRoute, json, jsonBody, listOf, PageQuerySchema, reply } from "../openapi.ts";
import { problem } from "../problem.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const Loose = (name: string) => z.looseObject({}).openapi(name);

/**
 * City-wide care work (spot checks, the register, the export) is civil affairs'. Another agency's
 * officer passes the role gate (officers include 民政's); for them the city's care data is not
 * there, as another village's file is not there for a 主任.
 */
function mustBeCity(who: Identity) {
  if (careScopeOf(who)?.level !== "city") throw new NotFoundError("The city's care data");
}

const Area = z.object({
  township: z.string().min(1).max(50).optional(),
  village: z.string().min(1).max(50).optional(),
});

const rollupRoute = apiRoute({
  method: "get",
  path: "/v1/care/rollups",
  summary:
    "Counts by circumstance, risk, need, help, problems and visits for the city, a township or a village",
  request: { query: Area },
  responses: { 200: json(CareRollupSchema, "The roll-up.") },
});

const escalationsRoute = apiRoute({
  method: "get",
  path: "/v1/care/escalations",
  summary: "Overdue visit clocks escalated to the caller (督导员: their township; 民政: the city)",
  request: { query: PageQuerySchema },
  responses: {
    200: json(listOf(Loose("CareEscalation")), "Escalations, newest first."),
  },
});

const startCheckRoute = apiRoute({
  method: "post",
  path: "/v1/care/spot-checks",
  summary: "Draw the annual spot-check sample per township from a recorded seed",
  request: { body: jsonBody(SpotCheckRequestSchema) },
  responses: {
    200: json(Loose("SpotCheck"), "The check drawn before with this year and seed."),
    201: json(Loose("SpotCheckCreated"), "The check."),
  },
});

const CheckIdParam = z.object({ checkId: z.string().min(1).max(64) });

const checkRoute = apiRoute({
  method: "get",
  path: "/v1/care/spot-checks/{checkId}",
  summary: "A spot check: its sample, results and summary",
  request: { params: CheckIdParam },
  responses: { 200: json(Loose("SpotCheckView"), "The check.") },
});

const checkResultRoute = apiRoute({
  method: "put",
  path: "/v1/care/spot-checks/{checkId}/files/{childId}",
  summary: "Record the checklist worked on one sampled file",
  request: {
    params: CheckIdParam.extend({ childId: z.string().min(1).max(64) }),
    body: jsonBody(CheckResultSchema),
  },
  responses: { 200: json(Loose("SpotCheckResult"), "Recorded.") },
});

const directorsRoute = apiRoute({
  method: "get",
  path: "/v1/care/directors",
  summary: "The 儿童主任 register with training records",
  responses: {
    200: json(z.object({ items: z.array(Loose("Director")) }), "The register."),
  },
});

const putDirectorRoute = apiRoute({
  method: "put",
  path: "/v1/care/directors/{sub}",
  summary: "Add a 儿童主任 to the register, or change their entry",
  request: {
    params: z.object({ sub: z.string().min(1).max(64) }),
    body: jsonBody(DirectorInputSchema),
  },
  responses: { 200: json(Loose("DirectorEntry"), "The entry.") },
});

const trainingRoute = apiRoute({
  method: "post",
  path: "/v1/care/directors/{sub}/trainings",
  summary: "Record a training a 儿童主任 completed",
  request: {
    params: z.object({ sub: z.string().min(1).max(64) }),
    body: jsonBody(TrainingInputSchema),
  },
  responses: { 201: json(Loose("DirectorTrained"), "The entry.") },
});

const coverageRoute = apiRoute({
  method: "get",
  path: "/v1/care/coverage",
  summary: "Villages without a 儿童主任, over 30 children per 主任, 主任 not trained this year",
  request: {
    query: z.object({
      year: z.coerce.number().int().min(2024).max(2100).openapi({ format: "int32" }),
    }),
  },
  responses: { 200: json(Loose("Coverage"), "Coverage.") },
});

const importRoute = apiRoute({
  method: "post",
  path: "/v1/care/imports",
  summary:
    "Import a 摸底排查 survey sheet (CSV or XLSX); a sheet with rejected rows imports nothing",
  request: {
    body: {
      required: true,
      content: {
        "text/csv": { schema: z.string().max(MAX_SURVEY_BYTES) },
        [XLSX]: { schema: z.string().max(MAX_SURVEY_BYTES).openapi({ format: "binary" }) },
      },
    },
  },
  responses: { 200: json(Loose("SurveyImport"), "Imported.") },
});

const templateRoute = apiRoute({
  method: "get",
  path: "/v1/care/survey-template",
  summary: "The survey sheet's template (columns and an example row)",
  request: { query: z.object({ format: z.enum(["csv", "xlsx"]).default("xlsx") }) },
  responses: {
    200: {
      description: "The template.",
      content: {
        "text/csv": { schema: z.string().max(MAX_DOWNLOAD_BYTES) },
        [XLSX]: { schema: z.string().max(MAX_DOWNLOAD_BYTES).openapi({ format: "binary" }) },
      },
    },
  },
});

const exportRoute = apiRoute({
  method: "get",
  path: "/v1/care/export",
  summary:
    "A township's files in the national child-welfare system's layout (CSV; see docs/care-national-export.md)",
  request: { query: z.object({ township: z.string().min(1).max(50) }) },
  responses: {
    200: {
      description: "The export.",
      content: { "text/csv": { schema: z.string().max(MAX_DOWNLOAD_BYTES) } },
    },
  },
});

const policyRoute = apiRoute({
  method: "get",
  path: "/v1/care/visit-policy",
  summary: "The visit frequencies and escalation steps in force, each with its basis",
  responses: { 200: json(Loose("VisitPolicy"), "The policy.") },
});

export function careRoutes(deps: AppDeps, app: OpenAPIHono<AppEnv>) {
  app.openapi(rollupRoute, async (c) => {
    const who = c.get("identity");
    const area = c.req.valid("query");
    const scope = careScopeOf(who);
    // Without an area named, each caller gets their own: the city, the township, the village.
    const wanted =
      area.township || !scope || scope.level === "city"
        ? area
        : scope.level === "township"
          ? { township: scope.township, village: area.village }
          : { township: scope.township, village: scope.village };
    if (!mayReadRollup(who, wanted)) throw new NotFoundError("Area");
    return reply(c, await readRollup(deps.store, wanted), 200);
  });
  app.openapi(escalationsRoute, async (c) => {
    const { limit } = c.req.valid("query");
    const page = await paged(c, deps, (cursor) =>
      listCareEscalations(deps.store, c.get("identity"), { limit, cursor }),
    );
    return reply(c, page, 200);
  });
  app.openapi(startCheckRoute, async (c) => {
    const who = c.get("identity");
    mustBeCity(who);
    const { check, created } = await startSpotCheck(deps.store, who, c.req.valid("json"));
    return reply(c, check, created ? 201 : 200);
  });
  app.openapi(checkRoute, async (c) => {
    mustBeCity(c.get("identity"));
    return reply(c, await spotCheckView(deps.store, c.req.valid("param").checkId), 200);
  });
  app.openapi(checkResultRoute, async (c) => {
    const who = c.get("identity");
    mustBeCity(who);
    const { checkId, childId } = c.req.valid("param");
    return reply(
      c,
      await recordCheckResult(deps.store, who, checkId, childId, c.req.valid("json")),
      200,
    );
  });
  app.openapi(directorsRoute, async (c) => {
    const scope = careScopeOf(c.get("identity"));
    if (!scope || scope.level === "village") throw new NotFoundError("The register");
    return reply(c, { items: await listDirectors(deps.store, scope) }, 200);
  });
  app.openapi(putDirectorRoute, async (c) => {
    mustBeCity(c.get("identity"));
    const body = c.req.valid("json");
    if (body.sub !== c.req.valid("param").sub) {
      return problem(c, 400, "The body's sub differs from the path's.", [
        { path: "sub", message: "must equal the path's sub" },
      ]) as never;
    }
    return reply(c, await putDirector(deps.store, body), 200);
  });
  app.openapi(trainingRoute, async (c) => {
    mustBeCity(c.get("identity"));
    return reply(
      c,
      await addTraining(deps.store, c.req.valid("param").sub, c.req.valid("json")),
      201,
    );
  });
  app.openapi(coverageRoute, async (c) => {
    mustBeCity(c.get("identity"));
    return reply(c, await coverage(deps.store, c.req.valid("query").year), 200);
  });
  app.openapi(importRoute, async (c) => {
    const type = c.req.header("content-type") ?? "";
    const format = type.startsWith(XLSX) ? "xlsx" : type.startsWith("text/csv") ? "csv" : undefined;
    if (!format) return problem(c, 415, "Send the sheet as text/csv or XLSX.") as never;
    const content = Buffer.from(await c.req.arrayBuffer());
    try {
      return reply(c, await importSurvey(deps.store, c.get("identity"), content, format), 200);
    } catch (error) {
      if (!(error instanceof SheetRejected)) throw error;
      // The report of rejected rows: each row and column, nothing imported.
      return c.body(
        JSON.stringify({
          type: "urn:problem:validation",
          title: "Invalid request",
          status: 400,
          detail: error.message,
          errors: error.issues,
          rows: error.rows,
          rejectedRows: error.rejected,
        }),
        400,
        { "content-type": "application/problem+json" },
      ) as never;
    }
  });
  app.openapi(templateRoute, async (c) => {
    const { format } = c.req.valid("query");
    return c.body(new Uint8Array(await surveyTemplate(format)), 200, {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : XLSX,
      "content-disposition": `attachment; filename="survey-template.${format}"`,
    }) as never;
  });
  app.openapi(exportRoute, async (c) => {
    const who = c.get("identity");
    mustBeCity(who);
    const bytes = await exportForNationalSystem(deps.store, who, c.req.valid("query").township);
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="national-export.csv"',
    }) as never;
  });
  app.openapi(policyRoute, async (c) => reply(c, DEFAULT_VISIT_POLICY, 200));
}
