/**
 * The routing table as versioned, audited data (versioned-config.ts). Version 1 is the default
 * of docs/domain.md; an administrator's change is checked against the statutory floor before
 * anything is read or written. The router applies the version in force when the report was filed.
 */
import {
  assertRoutingTableAboveFloor,
  DEFAULT_ROUTING_TABLE,
  type RoutingTable,
  type RoutingTableInput,
} from "@cp/domain";
import { partitions } from "../keys.ts";
import { configRepository, ruleChanges } from "./versioned-config.ts";

export { RoutingTableInputSchema } from "@cp/domain";

const routingTable = configRepository<RoutingTable, RoutingTableInput>({
  pk: partitions.routingRules(),
  auditPartition: partitions.routingRulesAudit(),
  action: "routing_rules_changed",
  defaultTable: DEFAULT_ROUTING_TABLE,
  defaultNote: "默认路由规则 (docs/domain.md)",
  checkFloor: assertRoutingTableAboveFloor,
  build: (version, input) => ({
    version,
    rules: input.rules,
    enabledAgencies: input.enabledAgencies,
  }),
  noteOf: (input) => input.note,
  // Rule ids and agencies, no prose.
  changeSummary: (before, after) => ({
    ...ruleChanges(before.rules, after.rules),
    agenciesEnabled: after.enabledAgencies.filter((a) => !before.enabledAgencies.includes(a)),
    agenciesDisabled: before.enabledAgencies.filter((a) => !after.enabledAgencies.includes(a)),
  }),
});

export const {
  versions: routingTableVersions,
  put: putRoutingTable,
  audit: routingRulesAudit,
  /** The routing table in force for a report filed at `receivedAt` (cached briefly). */
  at: routingTableAt,
} = routingTable;
