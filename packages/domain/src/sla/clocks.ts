/**
 * SLA clocks (../shared/domain.md, SLA clocks) as data, and the function that gives a ticket its
 * due times. Every rule whose conditions match applies and the tightest time wins; the default
 * row applies only when no other row matches.
 */
import type { AgencyCode } from "../agencies.ts";
import type { HarmCategory } from "../categories.ts";
import { DAY, HOUR, MINUTE } from "../clock.ts";
import type { TicketKind } from "../schemas.ts";

export interface SlaRule {
  readonly id: string;
  readonly match: {
    readonly agency?: AgencyCode;
    readonly kind?: TicketKind;
    readonly immediateDanger?: boolean;
    /** Matches when the report names any of these categories. */
    readonly categoriesAny?: readonly HarmCategory[];
  };
  readonly acceptWithinMs: number;
  /** Null: no close clock (oversight stays open while the case is open). */
  readonly closeWithinMs: number | null;
  /** How far one `extend` may push the close-due time, from the ticket's creation. */
  readonly extendableToMs: number | null;
  readonly basis: string;
}

export interface SlaPolicy {
  readonly version: number;
  readonly rules: readonly SlaRule[];
  readonly defaultRule: SlaRule;
}

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  version: 1,
  rules: [
    {
      id: "police_lead_immediate_danger",
      match: { agency: "police", kind: "lead", immediateDanger: true },
      acceptWithinMs: 15 * MINUTE,
      closeWithinMs: 3 * DAY,
      extendableToMs: 30 * DAY,
      basis: "意见 Art. 8 立即接受; 公安 受案/立案审查 ≤3 days (extendable to 7 or 30 days)",
    },
    {
      id: "police_lead",
      match: { agency: "police", kind: "lead" },
      acceptWithinMs: HOUR,
      closeWithinMs: 3 * DAY,
      extendableToMs: 30 * DAY,
      basis: "意见 Art. 8; 公安 受案/立案审查 ≤3 days (extendable to 7 or 30 days)",
    },
    {
      // Court tickets arrive by referral or transfer, for a personal-safety protection order.
      id: "court_protection_order",
      match: { agency: "court" },
      acceptWithinMs: HOUR,
      closeWithinMs: 72 * HOUR,
      extendableToMs: 72 * HOUR,
      basis: "反家暴法 Art. 28",
    },
    {
      id: "court_protection_order_immediate_danger",
      match: { agency: "court", immediateDanger: true },
      acceptWithinMs: HOUR,
      closeWithinMs: 24 * HOUR,
      extendableToMs: 24 * HOUR,
      basis: "反家暴法 Art. 28",
    },
    {
      id: "civil_affairs_child_without_carer",
      match: { agency: "civil_affairs", categoriesAny: ["abandonment", "guardianship_failure"] },
      acceptWithinMs: HOUR,
      closeWithinMs: 30 * DAY,
      extendableToMs: 60 * DAY,
      basis: "未保法 Arts. 92–93 (first placement action within 24 h)",
    },
    {
      id: "support_immediate_danger",
      match: { kind: "support", immediateDanger: true },
      acceptWithinMs: HOUR,
      closeWithinMs: 30 * DAY,
      extendableToMs: 60 * DAY,
      basis: "platform policy",
    },
    {
      id: "support",
      match: { kind: "support" },
      acceptWithinMs: 24 * HOUR,
      closeWithinMs: 30 * DAY,
      extendableToMs: 60 * DAY,
      basis: "platform policy",
    },
    {
      id: "oversight",
      match: { kind: "oversight" },
      acceptWithinMs: 3 * DAY,
      closeWithinMs: null,
      extendableToMs: null,
      basis: "platform policy",
    },
  ],
  defaultRule: {
    id: "default",
    match: {},
    acceptWithinMs: 24 * HOUR,
    closeWithinMs: 30 * DAY,
    extendableToMs: 60 * DAY,
    basis: "platform policy",
  },
};

export interface SlaSubject {
  readonly agency: AgencyCode;
  readonly kind: TicketKind;
  readonly immediateDanger: boolean;
  readonly categories: readonly HarmCategory[];
}

export interface DueTimes {
  readonly acceptDueAt: string;
  readonly closeDueAt: string | null;
  /** Latest close-due time one extension may set; null when the ticket cannot be extended. */
  readonly extendableUntil: string | null;
  /** The SLA rules that set these times. */
  readonly slaRules: readonly string[];
}

function matches(rule: SlaRule, subject: SlaSubject): boolean {
  const m = rule.match;
  if (m.agency !== undefined && m.agency !== subject.agency) return false;
  if (m.kind !== undefined && m.kind !== subject.kind) return false;
  if (m.immediateDanger !== undefined && m.immediateDanger !== subject.immediateDanger)
    return false;
  if (m.categoriesAny && !m.categoriesAny.some((c) => subject.categories.includes(c))) return false;
  return true;
}

const minOrNull = (values: readonly (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.min(...present);
};

/** The due times of a ticket created at `createdAt`: the tightest of every matching rule. */
export function dueTimesFor(
  subject: SlaSubject,
  createdAt: Date,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): DueTimes {
  const matched = policy.rules.filter((r) => matches(r, subject));
  const rules = matched.length > 0 ? matched : [policy.defaultRule];
  const at = (ms: number | null) =>
    ms === null ? null : new Date(createdAt.getTime() + ms).toISOString();
  const acceptMs = Math.min(...rules.map((r) => r.acceptWithinMs));
  return {
    acceptDueAt: at(acceptMs) as string,
    closeDueAt: at(minOrNull(rules.map((r) => r.closeWithinMs))),
    extendableUntil: at(minOrNull(rules.map((r) => r.extendableToMs))),
    slaRules: rules.map((r) => r.id),
  };
}
