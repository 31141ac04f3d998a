/**
 * The SLA policy as versioned, audited data (versioned-config.ts), like the routing table.
 * Version 1 is the default of docs/domain.md; an administrator's change is checked against the
 * statutory floor before anything is read or written. Tickets are timed by the version in force
 * when their report was filed; a ticket made later by a referral, by the version in force then.
 */
import {
  assertSlaPolicyAboveFloor,
  DEFAULT_SLA_POLICY,
  type SlaPolicy,
  type SlaPolicyInput,
} from "@cp/domain";
import { partitions } from "../keys.ts";
import { configRepository, ruleChanges } from "./versioned-config.ts";

const tableOf = ({ note: _note, ...rest }: SlaPolicyInput) => rest;
const json = (value: unknown) => JSON.stringify(value);

const slaPolicy = configRepository<SlaPolicy, SlaPolicyInput>({
  pk: partitions.slaPolicy(),
  auditPartition: partitions.slaPolicyAudit(),
  action: "sla_policy_changed",
  defaultTable: DEFAULT_SLA_POLICY,
  defaultNote: "默认办理时限 (docs/domain.md)",
  checkFloor: (input) => assertSlaPolicyAboveFloor({ version: 0, ...tableOf(input) }),
  build: (version, input) => ({ version, ...tableOf(input) }),
  noteOf: (input) => input.note,
  changeSummary: (before, after) => ({
    ...ruleChanges(before.rules, after.rules),
    defaultChanged: json(before.defaultRule) !== json(after.defaultRule),
    clocksChanged: (Object.keys(after.clocks) as (keyof SlaPolicy["clocks"])[]).filter(
      (id) => json(after.clocks[id]) !== json(before.clocks[id]),
    ),
  }),
});

export const {
  versions: slaPolicyVersions,
  put: putSlaPolicy,
  audit: slaPolicyAudit,
  /** The SLA policy in force at an instant (versioned-config.ts `versionCache`, every reader's). */
  at: slaPolicyAt,
  /** The SLA policy in force now, for a ticket command (the same reader, at the clock's now). */
  now: slaPolicyNow,
} = slaPolicy;
