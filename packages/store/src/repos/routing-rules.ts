/**
 * The routing table as versioned data. Version 1 is the default of ../shared/domain.md and is
 * never stored; an administrator's change stores the next version, and the pointer item that
 * names the current one also holds the head of the routing table's own audit chain, so the
 * version and its audit event are one transaction, like a case change.
 *
 * | item            | table | pk                      | sk           |
 * |-----------------|-------|-------------------------|--------------|
 * | version         | main  | ROUTING#rules           | V#<000002>   |
 * | current pointer | main  | ROUTING#rules           | CURRENT      |
 * | audit event     | audit | SYSTEM#routing-rules    | <seq>        |
 *
 * The router applies the version in force when the report was filed (not when it is routed).
 */

import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  AGENCIES,
  AGENCY_CODES,
  type AuditEvent,
  actorOf,
  ConflictError,
  DEFAULT_ROUTING_TABLE,
  DEFAULT_SLA_POLICY,
  EMPTY_HEAD,
  HARM_CATEGORIES,
  type Identity,
  type RoutingTable,
  type SlaPolicy,
  sealNext,
} from "@cp/domain";
import * as z from "zod";
import { auditTrail } from "../audit/trail.ts";
import type { StoreContext } from "../context.ts";
import { keys, partitions } from "../keys.ts";

export const ROUTING_AUDIT_PARTITION = partitions.routingRulesAudit();
const CURRENT_KEY = keys.routingRulesCurrent();

export interface RoutingConfig {
  readonly table: RoutingTable;
  readonly policy: SlaPolicy;
}

export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  table: DEFAULT_ROUTING_TABLE,
  policy: DEFAULT_SLA_POLICY,
};

const RuleSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_]+$/, "lowercase letters, digits and _"),
  category: z.enum(HARM_CATEGORIES),
  lead: z.enum(AGENCY_CODES),
  leadFallback: z.enum(AGENCY_CODES).optional(),
  support: z
    .array(
      z.strictObject({
        agency: z.enum(AGENCY_CODES),
        when: z.enum(["always", "at_school", "immediate_danger"]),
      }),
    )
    .max(AGENCY_CODES.length),
  oversight: z.array(z.enum(AGENCY_CODES)).max(AGENCY_CODES.length),
  basis: z.string().min(1).max(500),
});

/** A new routing table as an administrator sends it: every category routed exactly once. */
export const RoutingTableInputSchema = z
  .strictObject({
    rules: z.array(RuleSchema).min(1).max(100),
    enabledAgencies: z.array(z.enum(AGENCY_CODES)).min(1),
    note: z.string().min(1).max(1000).optional(),
  })
  .superRefine((t, ctx) => {
    const seenIds = new Set<string>();
    const seenCategories = new Set<string>();
    t.rules.forEach((r, i) => {
      if (seenIds.has(r.id)) {
        ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: "duplicate rule id" });
      }
      if (seenCategories.has(r.category)) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "category"],
          message: "this category already has a rule",
        });
      }
      seenIds.add(r.id);
      seenCategories.add(r.category);
    });
    for (const c of HARM_CATEGORIES) {
      if (!seenCategories.has(c)) {
        ctx.addIssue({ code: "custom", path: ["rules"], message: `no rule for category ${c}` });
      }
    }
    t.enabledAgencies.forEach((a, i) => {
      if (t.enabledAgencies.indexOf(a) !== i) {
        ctx.addIssue({ code: "custom", path: ["enabledAgencies", i], message: "listed twice" });
      }
    });
    for (const code of AGENCY_CODES) {
      if (AGENCIES[code].required && !t.enabledAgencies.includes(code)) {
        ctx.addIssue({
          code: "custom",
          path: ["enabledAgencies"],
          message: `${code} is required and cannot be switched off`,
        });
      }
    }
  });

export type RoutingTableInput = z.infer<typeof RoutingTableInputSchema>;

export interface RoutingTableVersion {
  readonly version: number;
  /** When it took effect: reports filed at or after this instant are routed by it. */
  readonly effectiveFrom: string;
  /** `system` for the built-in default. */
  readonly changedBy: string;
  readonly note?: string;
  readonly table: RoutingTable;
}

const DEFAULT_VERSION: RoutingTableVersion = {
  version: DEFAULT_ROUTING_TABLE.version,
  effectiveFrom: "1970-01-01T00:00:00.000Z",
  changedBy: "system",
  note: "默认路由规则 (../shared/domain.md)",
  table: DEFAULT_ROUTING_TABLE,
};

interface CurrentPointer {
  readonly version: number;
  readonly auditSeq: number;
  readonly auditHash: string;
}

/** Every version, oldest first (the default first). */
export async function routingTableVersions(ctx: StoreContext): Promise<RoutingTableVersion[]> {
  const stored: RoutingTableVersion[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.mainTableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :v)",
        ExpressionAttributeValues: { ":pk": CURRENT_KEY.pk, ":v": "V#" },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const { pk: _pk, sk: _sk, ...version } = item;
      stored.push(version as RoutingTableVersion);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return [DEFAULT_VERSION, ...stored];
}

/** The version in force at `at`: the latest that took effect at or before it. */
export function versionAt(
  versions: readonly RoutingTableVersion[],
  at: string,
): RoutingTableVersion {
  let found = versions[0] ?? DEFAULT_VERSION;
  for (const v of versions) if (v.effectiveFrom <= at && v.version > found.version) found = v;
  return found;
}

async function readPointer(ctx: StoreContext): Promise<CurrentPointer | undefined> {
  const out = await ctx.clients.ddb.send(
    new GetCommand({ TableName: ctx.config.mainTableName, Key: CURRENT_KEY, ConsistentRead: true }),
  );
  return out.Item as CurrentPointer | undefined;
}

/** A short account of what changed, for the audit event (rule ids and agencies, no prose). */
function changeSummary(before: RoutingTable, after: RoutingTable) {
  const byId = new Map(before.rules.map((r) => [r.id, JSON.stringify(r)]));
  const afterIds = new Set(after.rules.map((r) => r.id));
  return {
    rulesAdded: after.rules.filter((r) => !byId.has(r.id)).map((r) => r.id),
    rulesRemoved: before.rules.filter((r) => !afterIds.has(r.id)).map((r) => r.id),
    rulesChanged: after.rules
      .filter((r) => byId.has(r.id) && byId.get(r.id) !== JSON.stringify(r))
      .map((r) => r.id),
    agenciesEnabled: after.enabledAgencies.filter((a) => !before.enabledAgencies.includes(a)),
    agenciesDisabled: before.enabledAgencies.filter((a) => !after.enabledAgencies.includes(a)),
  };
}

/**
 * Store a new version and its audit event in one transaction, guarded by the current pointer,
 * so two administrators' changes never get the same version number or fork the chain.
 */
export async function putRoutingTable(
  ctx: StoreContext,
  who: Identity,
  input: RoutingTableInput,
): Promise<RoutingTableVersion> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const pointer = await readPointer(ctx);
    const versions = await routingTableVersions(ctx);
    const current = versions.at(-1) ?? DEFAULT_VERSION;
    const now = ctx.clock.now().toISOString();
    const version = current.version + 1;
    const table: RoutingTable = {
      version,
      rules: input.rules,
      enabledAgencies: input.enabledAgencies,
    };
    const next: RoutingTableVersion = {
      version,
      effectiveFrom: now,
      changedBy: who.sub,
      ...(input.note ? { note: input.note } : {}),
      table,
    };
    const event: AuditEvent = sealNext(
      pointer ? { seq: pointer.auditSeq, hash: pointer.auditHash } : EMPTY_HEAD,
      {
        at: now,
        actor: actorOf(who),
        action: "routing_rules_changed",
        details: {
          version,
          previousVersion: current.version,
          ...changeSummary(current.table, table),
          ...(input.note ? { note: input.note } : {}),
        },
      },
    );
    try {
      await ctx.clients.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: ctx.config.mainTableName,
                Item: { ...CURRENT_KEY, version, auditSeq: event.seq, auditHash: event.hash },
                ...(pointer
                  ? {
                      ConditionExpression: "version = :v",
                      ExpressionAttributeValues: { ":v": pointer.version },
                    }
                  : { ConditionExpression: "attribute_not_exists(pk)" }),
              },
            },
            {
              Put: {
                TableName: ctx.config.mainTableName,
                Item: { ...keys.routingRulesVersion(version), ...next },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Put: {
                TableName: ctx.config.auditTableName,
                Item: {
                  pk: ROUTING_AUDIT_PARTITION,
                  sk: String(event.seq).padStart(10, "0"),
                  event,
                },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      versionCache = undefined;
      return next;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  throw new ConflictError("The routing rules changed meanwhile; read them again.");
}

/** The routing table's own audit trail, oldest first. */
export const routingRulesAudit = (ctx: StoreContext): Promise<AuditEvent[]> =>
  auditTrail(ctx, ROUTING_AUDIT_PARTITION);

const CACHE_MS = 30_000;
let versionCache:
  | { readonly table: string; readonly fetchedAt: number; readonly versions: RoutingTableVersion[] }
  | undefined;

/**
 * The routing config for a report filed at `receivedAt`. The list of versions is cached for
 * 30 s, but only trusted for reports filed before it was fetched: a report filed after the
 * fetch may follow a newer version, so the list is read again.
 */
export async function routingConfigAt(
  ctx: StoreContext,
  receivedAt: string,
): Promise<RoutingConfig> {
  const wall = Date.now();
  const fresh =
    versionCache &&
    versionCache.table === ctx.config.mainTableName &&
    wall - versionCache.fetchedAt < CACHE_MS &&
    Date.parse(receivedAt) < versionCache.fetchedAt - 1_000;
  if (!fresh) {
    versionCache = {
      table: ctx.config.mainTableName,
      fetchedAt: wall,
      versions: await routingTableVersions(ctx),
    };
  }
  const versions = versionCache?.versions ?? [DEFAULT_VERSION];
  return { table: versionAt(versions, receivedAt).table, policy: DEFAULT_SLA_POLICY };
}
