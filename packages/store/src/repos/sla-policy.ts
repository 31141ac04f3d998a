/**
 * The SLA policy as versioned, audited data (versioned-config.ts), like the routing table.
 * Version 1 is the default of docs/domain.md; an administrator's change is checked against the
 * statutory floor before anything is read or written. Tickets are timed by the version in force
 * when their report was filed; a ticket made later by a referral, by the version in force then.
 */
import {
  type AuditEvent,
  assertSlaPolicyAboveFloor,
  DEFAULT_SLA_POLICY,
  type Identity,
  type SlaPolicy,
  type SlaPolicyInput,
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

export const SLA_AUDIT_PARTITION = partitions.slaPolicyAudit();

export type SlaPolicyVersion = ConfigVersion<SlaPolicy>;

const DEFAULT_VERSION: SlaPolicyVersion = {
  version: DEFAULT_SLA_POLICY.version,
  effectiveFrom: "1970-01-01T00:00:00.000Z",
  changedBy: "system",
  note: "默认办理时限 (docs/domain.md)",
  table: DEFAULT_SLA_POLICY,
};

const BASE = { pk: partitions.slaPolicy(), defaultVersion: DEFAULT_VERSION };

function changeSummary(before: SlaPolicy, after: SlaPolicy) {
  return {
    ...ruleChanges(before.rules, after.rules),
    defaultChanged: JSON.stringify(before.defaultRule) !== JSON.stringify(after.defaultRule),
    clocksChanged: Object.keys(after.clocks).filter(
      (id) =>
        JSON.stringify(after.clocks[id as keyof SlaPolicy["clocks"]]) !==
        JSON.stringify(before.clocks[id as keyof SlaPolicy["clocks"]]),
    ),
  };
}

export const slaPolicyVersions = (ctx: StoreContext) => configVersions(ctx, BASE);

const cache = versionCache(BASE);

export async function putSlaPolicy(
  ctx: StoreContext,
  who: Identity,
  input: SlaPolicyInput,
): Promise<SlaPolicyVersion> {
  const { note, ...rest } = input;
  assertSlaPolicyAboveFloor({ version: 0, ...rest });
  const config: VersionedConfig<SlaPolicy> = {
    ...BASE,
    auditPartition: SLA_AUDIT_PARTITION,
    action: "sla_policy_changed",
    changeSummary,
    build: (version) => ({ version, ...rest }),
  };
  const stored = await putConfigVersion(ctx, who, config, note);
  cache.clear();
  return stored;
}

export const slaPolicyAudit = (ctx: StoreContext): Promise<AuditEvent[]> =>
  configAudit(ctx, SLA_AUDIT_PARTITION);

/** The SLA policy in force at `at` (cached briefly). */
export async function slaPolicyAt(ctx: StoreContext, at: string): Promise<SlaPolicy> {
  return (await cache.at(ctx, at)).table;
}

/** The SLA policy in force now, for a ticket command (a list up to 30 s old). */
export async function slaPolicyNow(ctx: StoreContext): Promise<SlaPolicy> {
  return (await cache.now(ctx)).table;
}
