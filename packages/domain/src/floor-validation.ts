/**
 * Checks a routing table or an SLA policy against the statutory floor (statutory-floor.ts).
 * Each violation names the field and the statute, so the administrator's error says which law
 * the change would break (docs/domain.md, "The statutory floor").
 */

import { HARM_CATEGORIES } from "./categories.ts";
import { CLOCK_IDS } from "./clock-ids.ts";
import { InvalidInputError } from "./errors.ts";
import type { RoutingRule, RoutingTable, SupportCondition } from "./routing/rules.ts";
import { policyDueTimes, type SlaPolicy } from "./sla/clocks.ts";
import { CLOCK_FLOOR, type FloorRoute, ROUTING_FLOOR, TICKET_FLOOR } from "./statutory-floor.ts";

interface FloorViolation {
  readonly path: string;
  readonly message: string;
  readonly citation: string;
}

/** A change that would go below the statutory floor: 400, with each statute named. */
export class StatutoryFloorError extends InvalidInputError {
  constructor(readonly violations: readonly FloorViolation[]) {
    super(
      `The change goes below the statutory floor: ${violations
        .map((v) => `${v.message} (${v.citation})`)
        .join("; ")}`,
      violations.map((v) => ({ path: v.path, message: `${v.message} (${v.citation})` })),
    );
    this.name = "StatutoryFloorError";
  }
}

/** Conditions under which a conditional agency joins when the floor's threshold holds. */
const COVERS: Readonly<Record<FloorRoute["when"], readonly SupportCondition[]>> = {
  always: ["always"],
  serious: ["always", "serious"],
  criminal: ["always", "serious", "criminal"],
};

/** Whether the rule gives `route.agency` at least `route.kind` whenever the floor's threshold holds. */
function ruleMeets(rule: RoutingRule, route: FloorRoute): boolean {
  const covers = COVERS[route.when];
  const leads =
    rule.lead === route.agency ||
    (rule.conditionalLeads ?? []).some((l) => l.agency === route.agency && covers.includes(l.when));
  if (route.kind === "lead") return leads;
  const supports = rule.support.some((s) => s.agency === route.agency && covers.includes(s.when));
  if (route.kind === "support") return leads || supports;
  return leads || supports || rule.oversight.includes(route.agency);
}

export function routingFloorViolations(table: Pick<RoutingTable, "rules">): FloorViolation[] {
  const violations: FloorViolation[] = [];
  for (const route of ROUTING_FLOOR) {
    const index = table.rules.findIndex((r) => r.category === route.category);
    const rule = table.rules[index];
    if (!rule) {
      violations.push({
        path: "rules",
        message: `${route.category} needs a rule`,
        citation: route.citation,
      });
      continue;
    }
    // Police and the procuratorate are required agencies, never switched off: naming them is enough.
    if (!ruleMeets(rule, route)) {
      const threshold = route.when === "always" ? "" : ` when ${route.when}`;
      violations.push({
        path: `rules.${index}`,
        message: `${route.category} must route ${route.agency} as ${route.kind}${threshold}`,
        citation: route.citation,
      });
    }
  }
  return violations;
}

type TimedField = "acceptWithinMs" | "closeWithinMs" | "extendableToMs";

/**
 * The field an administrator should change: of the rules that timed the subject, the one that
 * decides the value (the tightest present, i.e. the one to tighten), or the default rule.
 */
function fieldPath(policy: SlaPolicy, ruleIds: readonly string[], field: TimedField): string {
  const matched = policy.rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => ruleIds.includes(rule.id));
  const deciding = matched
    .filter(({ rule }) => rule[field] !== null)
    .sort((a, b) => (a.rule[field] as number) - (b.rule[field] as number))[0];
  if (deciding) return `rules.${deciding.index}.${field}`;
  const first = matched[0];
  return first ? `rules.${first.index}.${field}` : `defaultRule.${field}`;
}

const HOURS = (ms: number) => `${Math.round((ms / 3_600_000) * 100) / 100} h`;

/**
 * The policy's police lead clocks, on every subject the policy can tell apart (with and without
 * immediate danger; no category, each category, all categories), and its event clocks.
 */
export function slaFloorViolations(policy: SlaPolicy): FloorViolation[] {
  const violations: FloorViolation[] = [];
  const start = new Date(0);
  const within = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  const categorySets = [[], ...HARM_CATEGORIES.map((c) => [c]), [...HARM_CATEGORIES]];
  const seen = new Set<string>();
  const add = (v: FloorViolation) => {
    if (!seen.has(v.message)) violations.push(v);
    seen.add(v.message);
  };
  const f = TICKET_FLOOR;
  for (const immediateDanger of [false, true]) {
    for (const categories of categorySets) {
      const due = policyDueTimes(
        { agency: "police", kind: "lead", immediateDanger, categories },
        start,
        policy,
      );
      const rules = due.slaRules.join(", ");
      const accept = within(due.acceptDueAt) as number;
      const close = within(due.closeDueAt);
      const extendable = within(due.extendableUntil);
      const at = (field: TimedField) => fieldPath(policy, due.slaRules, field);
      if (accept > f.policeLeadAccept.maxMs) {
        add({
          path: at("acceptWithinMs"),
          message: `police lead must be accepted within ${HOURS(f.policeLeadAccept.maxMs)} (rules ${rules} give ${HOURS(accept)})`,
          citation: f.policeLeadAccept.citation,
        });
      }
      if (close === null || close > f.policeLeadClose.maxMs) {
        add({
          path: at("closeWithinMs"),
          message: `police lead must decide on filing within ${HOURS(f.policeLeadClose.maxMs)} (rules ${rules})`,
          citation: f.policeLeadClose.citation,
        });
      }
      if (extendable !== null && extendable > f.policeLeadExtendable.maxMs) {
        add({
          path: at("extendableToMs"),
          message: `police lead may be extended to at most ${HOURS(f.policeLeadExtendable.maxMs)} (rules ${rules})`,
          citation: f.policeLeadExtendable.citation,
        });
      }
    }
  }
  for (const id of CLOCK_IDS) {
    const floor = CLOCK_FLOOR[id];
    const rule = policy.clocks[id];
    if (!floor || !rule) continue;
    if (rule.withinMs > floor.maxMs) {
      add({
        path: `clocks.${id}.withinMs`,
        message: `${id} may run at most ${HOURS(floor.maxMs)}`,
        citation: floor.citation,
      });
    }
    if (floor.emergencyMaxMs !== undefined) {
      const emergency = rule.emergencyWithinMs ?? rule.withinMs;
      if (emergency > floor.emergencyMaxMs) {
        add({
          path: `clocks.${id}.emergencyWithinMs`,
          message: `${id} in an emergency may run at most ${HOURS(floor.emergencyMaxMs)}`,
          citation: floor.citation,
        });
      }
    }
  }
  return violations;
}

export function assertRoutingTableAboveFloor(table: Pick<RoutingTable, "rules">): void {
  const violations = routingFloorViolations(table);
  if (violations.length > 0) throw new StatutoryFloorError(violations);
}

export function assertSlaPolicyAboveFloor(policy: SlaPolicy): void {
  const violations = slaFloorViolations(policy);
  if (violations.length > 0) throw new StatutoryFloorError(violations);
}
