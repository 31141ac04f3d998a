/**
 * One route pair for a piece of configuration kept as versioned, audited data (the routing
 * table, the SLA policy): supervisors and admins read every version, newest first, with the
 * verdict of the configuration's own audit chain; an admin stores a new version, which applies
 * to reports filed after it.
 */
import {
  type AuditEvent,
  boundedText,
  countSchema,
  ForbiddenError,
  HashSchema,
  hasRole,
  type Identity,
  InstantSchema,
  SubjectSchema,
  verifyChain,
} from "@cp/domain";
import type { StoreContext } from "@cp/store";
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "../context.ts";
import { apiRoute, json, jsonBody, reply } from "../openapi.ts";

/** One stored version, as the store gives it. */
interface ConfigVersion<T> {
  readonly version: number;
  readonly effectiveFrom: string;
  readonly changedBy: string;
  readonly note?: string;
  readonly table: T;
}

interface VersionedConfigApi<Input extends z.ZodType, T> {
  /** The URL path, e.g. `/v1/sla-policy`. */
  readonly path: string;
  /** What it is, in a sentence's words, e.g. "the SLA policy". */
  readonly what: string;
  /** The OpenAPI name of one version, e.g. `SlaPolicyVersion`. */
  readonly schemaName: string;
  /** The stored table's shape as the answer shows it. */
  readonly tableSchema: z.ZodType;
  readonly inputSchema: Input;
  /** What a PUT adds to the summary, e.g. the floor's 400. */
  readonly putNote: string;
  readonly versions: (ctx: StoreContext) => Promise<ConfigVersion<T>[]>;
  readonly audit: (ctx: StoreContext) => Promise<AuditEvent[]>;
  readonly put: (
    ctx: StoreContext,
    who: Identity,
    input: z.infer<Input>,
  ) => Promise<ConfigVersion<T>>;
}

export function versionedConfigRoutes<Input extends z.ZodType, T>(
  deps: AppDeps,
  app: OpenAPIHono<AppEnv>,
  config: VersionedConfigApi<Input, T>,
) {
  const VersionSchema = z
    .object({
      version: countSchema(),
      effectiveFrom: InstantSchema,
      changedBy: SubjectSchema,
      note: boundedText(1000).optional(),
      table: config.tableSchema,
    })
    .openapi(config.schemaName);

  const getRoute = apiRoute({
    method: "get",
    path: config.path,
    summary: `${config.what}: the version in force, every past version (newest first), and its audit verdict`,
    responses: {
      200: json(
        z.object({
          current: VersionSchema,
          versions: z.array(VersionSchema),
          audit: z.object({ valid: z.boolean(), events: countSchema(), head: HashSchema }),
        }),
        "The versions.",
      ),
    },
  });

  const putRoute = apiRoute({
    method: "put",
    path: config.path,
    summary: `Store a new version of ${config.what} (admin); ${config.putNote}`,
    request: { body: jsonBody(config.inputSchema) },
    responses: { 200: json(VersionSchema, "The new version, in force now.") },
  });

  const mayRead = (who: Identity) => {
    if (!hasRole(who, "supervisor") && !hasRole(who, "admin")) {
      throw new ForbiddenError(`Only supervisors and admins read ${config.what}.`);
    }
  };

  app.openapi(getRoute, async (c) => {
    mayRead(c.get("identity"));
    const [versions, events] = await Promise.all([
      config.versions(deps.store),
      config.audit(deps.store),
    ]);
    const verdict = verifyChain(events);
    const newestFirst = [...versions].reverse();
    return reply(
      c,
      {
        current: newestFirst[0],
        versions: newestFirst,
        audit: { valid: verdict.valid, events: verdict.events, head: verdict.head },
      },
      200,
    );
  });
  app.openapi(putRoute, async (c) => {
    const who = c.get("identity");
    if (!hasRole(who, "admin")) throw new ForbiddenError(`Only admins change ${config.what}.`);
    // The body was validated against `inputSchema` by the route; the generic hides its type.
    const input = c.req.valid("json" as never) as z.infer<Input>;
    return reply(c, await config.put(deps.store, who, input), 200);
  });
}
