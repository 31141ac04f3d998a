/**
 * From a report to ticket decisions: which agencies get a ticket, of which kind, due when, and
 * which rule made it so. Pure: the routing table and SLA policy are arguments.
 *
 *   categories ──rules──▶ (agency, kind, rule)… ──merge per agency──▶ strongest kind
 *                                                   └─ dueTimesFor ──▶ tightest clocks
 */
import { AGENCIES, type AgencyCode } from "../agencies.ts";
import { basisText } from "../basis.ts";
import { HARM_CATEGORY_INFO, type HarmCategory } from "../categories.ts";
import type { ReportInput, TicketKind } from "../schemas.ts";
import { type SeverityFacts, severityOf } from "../severity.ts";
import { DEFAULT_SLA_POLICY, type DueTimes, dueTimesFor, type SlaPolicy } from "../sla/clocks.ts";
import { DEFAULT_ROUTING_TABLE, type RoutingTable, type SupportCondition } from "./rules.ts";

const KIND_STRENGTH: Readonly<Record<TicketKind, number>> = { lead: 3, support: 2, oversight: 1 };

/** Why a ticket exists: recorded on the ticket and in the audit trail. */
export interface RoutingReason {
  readonly tableVersion: number;
  /** The rule that gave the ticket its kind. */
  readonly ruleId: string;
  readonly reason: string;
  /** Other rules that also asked for this agency. */
  readonly alsoMatched: readonly string[];
}

export interface TicketDecision extends DueTimes {
  readonly agency: AgencyCode;
  readonly kind: TicketKind;
  readonly routingRule: RoutingReason;
}

/** What routing needs to know of a report. */
export interface RoutingSubject {
  readonly categories: readonly HarmCategory[];
  readonly immediateDanger: boolean;
  readonly atSchool: boolean;
  /** What the reporter said of how serious it is (severity.ts); absent: nothing stated. */
  readonly severity?: SeverityFacts;
}

/** Whether the incident happened at school: as stated, or else a school reporter's report. */
export function routingSubjectOf(report: ReportInput): RoutingSubject {
  const schoolReporter = ["teacher", "school_staff"].includes(report.reporter.relationship);
  return {
    categories: report.incident.categories,
    immediateDanger: report.incident.immediateDanger,
    atSchool: report.incident.atSchool ?? schoolReporter,
    severity: report.incident.severity ?? {},
  };
}

interface Claim {
  readonly agency: AgencyCode;
  readonly kind: TicketKind;
  readonly ruleId: string;
  readonly reason: string;
}

function conditionHolds(
  when: SupportCondition,
  subject: RoutingSubject,
  category: HarmCategory,
): boolean {
  if (when === "always") return true;
  if (when === "at_school") return subject.atSchool;
  if (when === "immediate_danger") return subject.immediateDanger;
  const severity = severityOf(category, subject.severity);
  if (when === "serious") return severity !== "none";
  return severity === "criminal";
}

/** The agency that acts when `agency` is switched off (domain.md: criminal → police, else civil_affairs). */
function resolveAgency(
  agency: AgencyCode,
  category: HarmCategory,
  enabled: ReadonlySet<AgencyCode>,
  explicitFallback?: AgencyCode,
): { agency: AgencyCode; fellBack: boolean } {
  if (AGENCIES[agency].required || enabled.has(agency)) return { agency, fellBack: false };
  const fallback =
    explicitFallback ?? (HARM_CATEGORY_INFO[category].criminal ? "police" : "civil_affairs");
  return { agency: fallback, fellBack: true };
}

function claimsFor(subject: RoutingSubject, table: RoutingTable): Claim[] {
  const enabled = new Set(table.enabledAgencies);
  const claims: Claim[] = [];
  for (const category of subject.categories) {
    const rule = table.rules.find((r) => r.category === category);
    if (!rule) continue;
    const add = (agency: AgencyCode, kind: TicketKind, when: string, fallback?: AgencyCode) => {
      const resolved = resolveAgency(agency, category, enabled, fallback);
      const via = resolved.fellBack ? ` (in place of ${agency}, switched off)` : "";
      const condition = when === "always" ? "" : ` [${when}]`;
      claims.push({
        agency: resolved.agency,
        kind,
        ruleId: rule.id,
        reason: `${category}${condition} → ${resolved.agency} ${kind}${via}; ${basisText(rule.basis)}`,
      });
    };
    add(rule.lead, "lead", "always", rule.leadFallback);
    for (const l of rule.conditionalLeads ?? []) {
      if (conditionHolds(l.when, subject, category)) add(l.agency, "lead", l.when);
    }
    for (const s of rule.support) {
      if (conditionHolds(s.when, subject, category)) add(s.agency, "support", s.when);
    }
    for (const o of rule.oversight) add(o, "oversight", "always");
  }
  if (
    subject.immediateDanger &&
    !claims.some((c) => c.agency === "police" && c.kind !== "oversight")
  ) {
    claims.push({
      agency: "police",
      kind: "support",
      ruleId: "immediate_danger",
      reason: "immediateDanger → police support; 法律规定：意见 Art. 8 立即接受",
    });
  }
  return claims;
}

const earliest = (instants: readonly (string | null)[]): string | null =>
  instants.filter((t): t is string => t !== null).sort()[0] ?? null;

/** Merge due times: the earliest of each clock (ISO instants in UTC compare as strings). */
function tightest(all: readonly DueTimes[]): DueTimes {
  return {
    acceptDueAt: earliest(all.map((d) => d.acceptDueAt)) as string,
    closeDueAt: earliest(all.map((d) => d.closeDueAt)),
    extendableUntil: earliest(all.map((d) => d.extendableUntil)),
    slaRules: [...new Set(all.flatMap((d) => d.slaRules))],
  };
}

/**
 * One decision per agency: the strongest kind any rule asked for, the tightest due times of the
 * SLA policy for that agency and any kind asked for, and the rule that fired.
 */
export function routeReport(
  subject: RoutingSubject,
  createdAt: Date,
  table: RoutingTable = DEFAULT_ROUTING_TABLE,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): TicketDecision[] {
  const byAgency = new Map<AgencyCode, Claim[]>();
  for (const claim of claimsFor(subject, table)) {
    byAgency.set(claim.agency, [...(byAgency.get(claim.agency) ?? []), claim]);
  }
  const decisions: TicketDecision[] = [];
  for (const [agency, claims] of byAgency) {
    const strongest = claims.reduce((a, b) =>
      KIND_STRENGTH[b.kind] > KIND_STRENGTH[a.kind] ? b : a,
    );
    // The tightest clocks of every kind asked for: a weaker claim may carry a tighter clock
    // (an education support with immediate danger: 1 h; an education lead: 24 h).
    const kinds = [...new Set(claims.map((c) => c.kind))];
    const due = tightest(
      kinds.map((kind) =>
        dueTimesFor(
          {
            agency,
            kind,
            immediateDanger: subject.immediateDanger,
            categories: subject.categories,
          },
          createdAt,
          policy,
        ),
      ),
    );
    decisions.push({
      agency,
      kind: strongest.kind,
      ...due,
      routingRule: {
        tableVersion: table.version,
        ruleId: strongest.ruleId,
        reason: strongest.reason,
        alsoMatched: [
          ...new Set(claims.map((c) => c.ruleId).filter((id) => id !== strongest.ruleId)),
        ],
      },
    });
  }
  return decisions.sort(
    (a, b) => KIND_STRENGTH[b.kind] - KIND_STRENGTH[a.kind] || a.agency.localeCompare(b.agency),
  );
}
