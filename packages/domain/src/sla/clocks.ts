/**
 * SLA clocks (docs/domain.md, "Clocks") as data, and the function that gives a ticket its due
 * times. Every rule whose conditions match applies and the tightest time wins; the default row
 * applies only when no other row matches. The statutory floor (statutory-floor.ts) then caps
 * the result, so no policy, however edited, gives a statutory clock more time than the law.
 *
 * Clocks that start at an event rather than at a ticket's creation (a protection-order
 * application, a 告诫书, a placement) are `clocks` of the policy; their start and stop events
 * live in clocks.ts.
 */
import type { AgencyCode } from "../agencies.ts";
import { type Basis, law, policy } from "../basis.ts";
import type { HarmCategory } from "../categories.ts";
import { DAY, HOUR, MINUTE } from "../clock.ts";
import { CLOCK_IDS, type ClockId } from "../clock-ids.ts";
import type { DueTimes, SlaSubject } from "../due-times.ts";
import type { TicketKind } from "../schemas.ts";
import { capDueTimes } from "../statutory-floor.ts";

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
  readonly basis: Basis;
}

/** An event clock's length: `emergencyWithinMs` applies when the case has immediate danger. */
export interface ClockRule {
  readonly withinMs: number;
  readonly emergencyWithinMs?: number;
  readonly basis: Basis;
}

export interface SlaPolicy {
  readonly version: number;
  readonly rules: readonly SlaRule[];
  readonly defaultRule: SlaRule;
  readonly clocks: Readonly<Record<ClockId, ClockRule>>;
}

const IMMEDIATE = policy("15 minutes reads the law's 立即 (意见 Art. 8) for every agency");
const POLICE_FILING = "公安部《关于改革完善受案立案制度的意见》(2015) 立案审查 3 / 7 / 30 days";

const DEFAULT_SLA_RULES: readonly SlaRule[] = [
  {
    id: "police_lead_immediate_danger",
    match: { agency: "police", kind: "lead", immediateDanger: true },
    acceptWithinMs: 15 * MINUTE,
    closeWithinMs: 3 * DAY,
    extendableToMs: 30 * DAY,
    basis: law(`意见 Art. 8 立即接受; ${POLICE_FILING}`, "15 minutes is a policy reading of 立即"),
  },
  {
    id: "police_lead",
    match: { agency: "police", kind: "lead" },
    acceptWithinMs: HOUR,
    closeWithinMs: 3 * DAY,
    extendableToMs: 30 * DAY,
    basis: law(`意见 Art. 8 立即接受; ${POLICE_FILING}`, "1 hour is a policy reading of 立即"),
  },
  {
    id: "lead_immediate_danger",
    match: { kind: "lead", immediateDanger: true },
    acceptWithinMs: 15 * MINUTE,
    closeWithinMs: 30 * DAY,
    extendableToMs: 60 * DAY,
    basis: IMMEDIATE,
  },
  {
    id: "support_immediate_danger",
    match: { kind: "support", immediateDanger: true },
    acceptWithinMs: 15 * MINUTE,
    closeWithinMs: 30 * DAY,
    extendableToMs: 60 * DAY,
    basis: IMMEDIATE,
  },
  {
    id: "civil_affairs_child_without_carer",
    match: {
      agency: "civil_affairs",
      categoriesAny: [
        "abandonment",
        "missing_or_trafficked",
        "organised_begging",
        "guardianship_failure",
      ],
    },
    acceptWithinMs: HOUR,
    closeWithinMs: 30 * DAY,
    extendableToMs: 60 * DAY,
    basis: policy("a child without a carer: accept within 1 h (未保法 Arts. 92–93 set the duty)"),
  },
  {
    id: "support",
    match: { kind: "support" },
    acceptWithinMs: 24 * HOUR,
    closeWithinMs: 30 * DAY,
    extendableToMs: 60 * DAY,
    basis: policy("support tickets: 24 h to accept, 30 days to close"),
  },
  {
    id: "oversight",
    match: { kind: "oversight" },
    acceptWithinMs: 3 * DAY,
    closeWithinMs: null,
    extendableToMs: null,
    basis: policy("oversight acknowledges within 3 days and stays open with the case"),
  },
];

const DEFAULT_CLOCK_RULES: Readonly<Record<ClockId, ClockRule>> = {
  protection_order_decision: {
    withinMs: 72 * HOUR,
    emergencyWithinMs: 24 * HOUR,
    basis: law("反家暴法 Art. 28"),
  },
  protection_order_expiry_reminder: {
    withinMs: 14 * DAY,
    basis: policy("remind 14 days before a protection order lapses (反家暴法 Art. 30: ≤ 6 months)"),
  },
  guardianship_revocation: {
    withinMs: 30 * DAY,
    basis: law(
      "民事诉讼法 特别程序 审限 30 日",
      "article number in the current revision not cited here; verify before quoting it",
    ),
  },
  first_placement: {
    withinMs: 24 * HOUR,
    basis: policy("first placement within 24 h (未保法 Arts. 92–93 set the duty, not hours)"),
  },
  warning_letter_follow_up: {
    withinMs: 7 * DAY,
    basis: policy("查访 within 7 days of a 告诫书 (反家暴法 Art. 17 sets the duty, not days)"),
  },
  reporter_progress_feedback: {
    withinMs: 3 * DAY,
    basis: law(
      "意见 Art. 10 (受案或者立案后三日内向报案单位反馈案件进展)",
      "wording checked against the 2020 text; the article number is as commonly cited",
    ),
  },
  procuratorial_recommendation_reply: {
    withinMs: 60 * DAY,
    basis: policy(
      "two months, as 人民检察院检察建议工作规定 is commonly cited; verify before marking as law",
    ),
  },
  decline_ruling: {
    withinMs: 24 * HOUR,
    basis: policy("a supervisor rules on a declined Art. 4 lead ticket within 24 h"),
  },
};

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  version: 1,
  rules: DEFAULT_SLA_RULES,
  defaultRule: {
    id: "default",
    match: {},
    acceptWithinMs: 24 * HOUR,
    closeWithinMs: 30 * DAY,
    extendableToMs: 60 * DAY,
    basis: policy("everything else: 24 h to accept, 30 days to close"),
  },
  clocks: DEFAULT_CLOCK_RULES,
};

export type { DueTimes, SlaSubject };
export { CLOCK_IDS, type ClockId };

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

/** The policy's own times, before the statutory floor: what an administrator's table says. */
export function policyDueTimes(
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

/** The due times of a ticket created at `createdAt`: the tightest matching rule, capped by the floor. */
export function dueTimesFor(
  subject: SlaSubject,
  createdAt: Date,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): DueTimes {
  return capDueTimes(subject, createdAt, policyDueTimes(subject, createdAt, policy));
}
