/**
 * The routing table as versioned, audited data (versioned-config.ts). Version 1 is the default
 * of docs/domain.md; an administrator's change is checked against the statutory floor before
 * anything is read or written. The router applies the version in force when the report was filed.
 */
import {
  type AuditEvent,
  assertRoutingTableAboveFloor,
  DEFAULT_ROUTING_TABLE,
  type Identity,
  type RoutingTable,
  type RoutingTableInput,
} from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { partitions } from "../keys.ts";
import {
  type ConfigVersion,
  configAudit,
  configVersions,
  putConfigVersion,
  ruleChanges,
  type VersionedConfig,
  versionCache,
} from "./versioned-config.ts";

export { type RoutingTableInput, RoutingTableInputSchema } from "@cp/domain";
export { versionAt } from "./versioned-config.ts";

export const ROUTING_AUDIT_PARTITION = partitions.routingRulesAudit();

export type RoutingTableVersion = ConfigVersion<RoutingTable>;

const DEFAULT_VERSION: RoutingTableVersion = {
  version: DEFAULT_ROUTING_TABLE.version,
  effectiveFrom: "1970-01-01T00:00:00.000Z",
  changedBy: "system",
  note: "默认路由规则 (docs/domain.md)",
  table: DEFAULT_ROUTING_TABLE,
};

const BASE = { pk: partitions.routingRules(), defaultVersion: DEFAULT_VERSION };

/** A short account of what changed, for the audit event (rule ids and agencies, no prose). */
function changeSummary(before: RoutingTable, after: RoutingTable) {
  return {
    ...ruleChanges(before.rules, after.rules),
    agenciesEnabled: after.enabledAgencies.filter((a) => !before.enabledAgencies.includes(a)),
    agenciesDisabled: before.enabledAgencies.filter((a) => !after.enabledAgencies.includes(a)),
  };
}

/** Every version, oldest first (the default first). */
export const routingTableVersions = (ctx: StoreContext) => configVersions(ctx, BASE);

const cache = versionCache(BASE);

export async function putRoutingTable(
  ctx: StoreContext,
  who: Identity,
  input: RoutingTableInput,
): Promise<RoutingTableVersion> {
  // Below the statutory floor: refused before anything is read or written, the statute named.
  assertRoutingTableAboveFloor(input);
  const config: VersionedConfig<RoutingTable> = {
    ...BASE,
    auditPartition: ROUTING_AUDIT_PARTITION,
    action: "routing_rules_changed",
    changeSummary,
    build: (version) => ({ version, rules: input.rules, enabledAgencies: input.enabledAgencies }),
  };
  const stored = await putConfigVersion(ctx, who, config, input.note);
  cache.clear();
  return stored;
}

/** The routing table's own audit trail, oldest first. */
export const routingRulesAudit = (ctx: StoreContext): Promise<AuditEvent[]> =>
  configAudit(ctx, ROUTING_AUDIT_PARTITION);

/** The routing table in force for a report filed at `receivedAt` (cached briefly). */
export async function routingTableAt(ctx: StoreContext, receivedAt: string): Promise<RoutingTable> {
  return (await cache.at(ctx, receivedAt)).table;
}
