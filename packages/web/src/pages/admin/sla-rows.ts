/**
 * The SLA policy as the editor shows it: one row per SLA rule, the default rule and each event
 * clock, each field with its path in the API's body (so a 400's `errors[].path` lands on it),
 * and the statutory floor where the law sets one (statutory-floor.ts). Pure: no React.
 */
import type { Basis } from "@cp/domain/basis";
import type { ClockId } from "@cp/domain/clock-ids";
import type { SlaPolicy, SlaRule } from "@cp/domain/sla/clocks";
import { CLOCK_FLOOR, TICKET_FLOOR } from "@cp/domain/statutory-floor";
import type { BasisOf } from "./basis-notes.ts";

export type SlaField =
  | "acceptWithinMs"
  | "closeWithinMs"
  | "extendableToMs"
  | "withinMs"
  | "emergencyWithinMs";

export interface SlaCell {
  /** The field's path in the PUT body, e.g. `rules.1.acceptWithinMs`. */
  readonly path: string;
  readonly field: SlaField;
  /** Null: no such clock (e.g. oversight has no close clock); not editable. */
  readonly ms: number | null;
  /** The longest the law allows, when the law sets this figure. */
  readonly floor?: { readonly maxMs: number; readonly citation: string };
}

export type SlaRow =
  | {
      readonly key: string;
      readonly type: "rule";
      readonly rule: SlaRule;
      readonly basis: Basis;
      readonly cells: readonly SlaCell[];
    }
  | {
      readonly key: string;
      readonly type: "clock";
      readonly clock: ClockId;
      readonly basis: Basis;
      readonly cells: readonly SlaCell[];
    };

/** What a row's basis belongs to, for its note in the reader's language (basis-notes.ts). */
export const basisOf = (row: SlaRow): BasisOf =>
  row.type === "rule" ? { kind: "sla", id: row.rule.id } : { kind: "clock", id: row.clock };

const isPoliceLead = (r: SlaRule) => r.match.agency === "police" && r.match.kind === "lead";

function ruleRow(rule: SlaRule, prefix: string): SlaRow {
  const floor = isPoliceLead(rule) ? TICKET_FLOOR : undefined;
  const cell = (field: "acceptWithinMs" | "closeWithinMs" | "extendableToMs"): SlaCell => {
    const f =
      floor &&
      {
        acceptWithinMs: floor.policeLeadAccept,
        closeWithinMs: floor.policeLeadClose,
        extendableToMs: floor.policeLeadExtendable,
      }[field];
    return {
      path: `${prefix}.${field}`,
      field,
      ms: rule[field],
      ...(f ? { floor: { maxMs: f.maxMs, citation: f.citation } } : {}),
    };
  };
  return {
    key: prefix,
    type: "rule",
    rule,
    basis: rule.basis,
    cells: [cell("acceptWithinMs"), cell("closeWithinMs"), cell("extendableToMs")],
  };
}

/** Every row of a policy, in the order the table shows them. */
export function slaRows(policy: SlaPolicy): SlaRow[] {
  const rules = policy.rules.map((r, i) => ruleRow(r, `rules.${i}`));
  const clocks = (Object.keys(policy.clocks) as ClockId[]).map((id): SlaRow => {
    const rule = policy.clocks[id];
    const floor = CLOCK_FLOOR[id];
    const cells: SlaCell[] = [
      {
        path: `clocks.${id}.withinMs`,
        field: "withinMs",
        ms: rule.withinMs,
        ...(floor ? { floor: { maxMs: floor.maxMs, citation: floor.citation } } : {}),
      },
    ];
    if (rule.emergencyWithinMs !== undefined) {
      cells.push({
        path: `clocks.${id}.emergencyWithinMs`,
        field: "emergencyWithinMs",
        ms: rule.emergencyWithinMs,
        ...(floor?.emergencyMaxMs !== undefined
          ? { floor: { maxMs: floor.emergencyMaxMs, citation: floor.citation } }
          : {}),
      });
    }
    return { key: `clocks.${id}`, type: "clock", clock: id, basis: rule.basis, cells };
  });
  return [...rules, ruleRow(policy.defaultRule, "defaultRule"), ...clocks];
}

/** The policy with one field set, by its path (`rules.1.acceptWithinMs`, `clocks.x.withinMs`). */
export function withValue(policy: SlaPolicy, path: string, ms: number): SlaPolicy {
  const [head, key, field] = path.split(".") as [string, string, SlaField | undefined];
  if (head === "rules" && field) {
    const i = Number(key);
    return {
      ...policy,
      rules: policy.rules.map((r, j) => (j === i ? { ...r, [field]: ms } : r)),
    };
  }
  if (head === "defaultRule") {
    return { ...policy, defaultRule: { ...policy.defaultRule, [key]: ms } };
  }
  if (head === "clocks" && field) {
    const id = key as ClockId;
    return { ...policy, clocks: { ...policy.clocks, [id]: { ...policy.clocks[id], [field]: ms } } };
  }
  throw new Error(`not a field of the SLA policy: ${path}`);
}

export interface SlaChange {
  readonly row: SlaRow;
  readonly cell: SlaCell;
  readonly from: number | null;
  readonly to: number | null;
}

/** What differs between two policies of the same shape, field by field. */
export function slaChanges(before: SlaPolicy, after: SlaPolicy): SlaChange[] {
  const old = new Map(slaRows(before).flatMap((r) => r.cells.map((c) => [c.path, c.ms] as const)));
  return slaRows(after).flatMap((row) =>
    row.cells
      .filter((cell) => old.get(cell.path) !== cell.ms)
      .map((cell) => ({ row, cell, from: old.get(cell.path) ?? null, to: cell.ms })),
  );
}

/** The body of PUT /v1/sla-policy for a policy (the version number is the server's). */
export function slaPolicyBody(policy: SlaPolicy, note?: string) {
  const { version: _version, ...rest } = policy;
  return note ? { ...rest, note } : rest;
}

/**
 * A duration as a whole number of a unit: hours below four days (the law writes 七十二小时,
 * 二十四小时), days from there, minutes when hours do not divide it.
 */
export const UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;
export type DurationUnit = keyof typeof UNITS;

export function splitDuration(ms: number): { n: number; unit: DurationUnit } {
  if (ms >= 4 * UNITS.d && ms % UNITS.d === 0) return { n: ms / UNITS.d, unit: "d" };
  if (ms % UNITS.h === 0) return { n: ms / UNITS.h, unit: "h" };
  return { n: Math.round(ms / UNITS.m), unit: "m" };
}
