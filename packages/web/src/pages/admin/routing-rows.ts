/**
 * The routing table as the form editor changes it: one rule per category (the category and its
 * basis stay; the agencies change), the places an agency is listed twice (refused before
 * anything is sent, as the API would refuse them), and what changed, field by field, for the
 * confirmation. Field paths are the API's (`rules.3.support.1`), so a 400 lands on its field.
 * Pure: no React.
 */
import type { AgencyCode } from "@cp/domain/agencies";
import type { RoutingRule, RoutingTable, SupportCondition } from "@cp/domain/routing/rules";

export type RoutingField = "lead" | "leadFallback" | "conditionalLeads" | "support" | "oversight";
export const ROUTING_FIELDS: readonly RoutingField[] = [
  "lead",
  "leadFallback",
  "conditionalLeads",
  "support",
  "oversight",
];

export interface AgencyPair {
  readonly agency: AgencyCode;
  readonly when: SupportCondition;
}

export const fieldPath = (rule: number, field: RoutingField, item?: number) =>
  item === undefined ? `rules.${rule}.${field}` : `rules.${rule}.${field}.${item}`;

/**
 * Each later listing of an agency already listed in the same place, by its path: the fallback
 * that is the lead itself, the same agency under the same condition twice (conditional leads,
 * support), the same overseer twice.
 */
export function repeatedAgencies(rules: readonly RoutingRule[]): ReadonlyMap<string, AgencyCode> {
  const found = new Map<string, AgencyCode>();
  rules.forEach((r, i) => {
    if (r.leadFallback !== undefined && r.leadFallback === r.lead)
      found.set(fieldPath(i, "leadFallback"), r.leadFallback);
    for (const field of ["conditionalLeads", "support"] as const) {
      const seen = new Set<string>();
      (r[field] ?? []).forEach((p, j) => {
        const key = `${p.agency}/${p.when}`;
        if (seen.has(key)) found.set(fieldPath(i, field, j), p.agency);
        seen.add(key);
      });
    }
    r.oversight.forEach((a, j) => {
      if (r.oversight.indexOf(a) !== j) found.set(fieldPath(i, "oversight", j), a);
    });
  });
  return found;
}

const fieldJson = (r: RoutingRule, field: RoutingField) => JSON.stringify(r[field] ?? null);

export interface RoutingChange {
  readonly index: number;
  readonly field: RoutingField;
  readonly before: RoutingRule;
  readonly after: RoutingRule;
}

/** Every field of every rule that differs between the table in force and the draft. */
export function routingChanges(
  before: readonly RoutingRule[],
  after: readonly RoutingRule[],
): RoutingChange[] {
  return after.flatMap((rule, index) => {
    const was = before[index];
    if (!was) return [];
    return ROUTING_FIELDS.filter((f) => fieldJson(was, f) !== fieldJson(rule, f)).map((field) => ({
      index,
      field,
      before: was,
      after: rule,
    }));
  });
}

/** A rule with one field replaced; an empty fallback or conditional-lead list is left out. */
export function withField<F extends RoutingField>(
  rule: RoutingRule,
  field: F,
  value: RoutingRule[F],
): RoutingRule {
  const { [field]: _old, ...rest } = rule;
  const empty = value === undefined || (Array.isArray(value) && value.length === 0);
  return (
    empty && field !== "support" && field !== "oversight" ? rest : { ...rest, [field]: value }
  ) as RoutingRule;
}

/** The PUT /v1/routing-rules body for the draft. */
export function routingBody(table: RoutingTable, rules: readonly RoutingRule[], note?: string) {
  return { rules, enabledAgencies: table.enabledAgencies, ...(note ? { note } : {}) };
}
