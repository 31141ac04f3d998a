/**
 * Event clocks: clocks that start when something happens on a ticket (an application is
 * recorded, a 告诫书 is issued, a ticket is accepted) rather than when the ticket is created, and
 * stop when the measure that answers them is recorded (docs/domain.md, "Clocks"). Their lengths
 * are SLA policy data, capped at the statutory floor.
 *
 *   start event ──▶ running (dueAt) ──stop measure──▶ stopped
 *                      └── past dueAt: overdue, escalated once by the sweeper
 */
import type { AgencyCode } from "./agencies.ts";
import type { ClockId } from "./clock-ids.ts";
import { DEFAULT_SLA_POLICY, type SlaPolicy } from "./sla/clocks.ts";
import { capClockMs, PROTECTION_ORDER_MAX_MONTHS } from "./statutory-floor.ts";

/** What starts a clock besides an action of the same name: a ticket's creation or acceptance, a referral's application. */
export type ClockTrigger =
  | { readonly on: "action"; readonly type: string }
  | { readonly on: "created_without_carer" }
  /** Run per report by the store's reporter-feedback clock, from filing (tighter than the law's 受案后). */
  | { readonly on: "report_filed" }
  | {
      readonly on: "referral_applies";
      readonly applies: "protection_order" | "guardianship_revocation";
    }
  | { readonly on: "art4_lead_declined" };

interface ClockDefinition {
  readonly id: ClockId;
  readonly agency: AgencyCode | "any";
  readonly startedBy: readonly ClockTrigger[];
  /** Action types that stop it. */
  readonly stoppedBy: readonly string[];
}

const action = (type: string): ClockTrigger => ({ on: "action", type });

const PLACEMENT_MEASURES = [
  "temporary_guardianship",
  "kinship_care",
  "foster_care",
  "shelter_placement",
  "long_term_guardianship",
  "returned_to_guardian",
] as const;

export const CLOCK_DEFINITIONS: Readonly<Record<ClockId, ClockDefinition>> = {
  protection_order_decision: {
    id: "protection_order_decision",
    agency: "court",
    startedBy: [
      action("protection_order_application_received"),
      { on: "referral_applies", applies: "protection_order" },
    ],
    stoppedBy: ["protection_order_issued", "protection_order_denied"],
  },
  protection_order_expiry_reminder: {
    id: "protection_order_expiry_reminder",
    agency: "court",
    startedBy: [action("protection_order_issued")],
    stoppedBy: ["protection_order_issued"],
  },
  guardianship_revocation: {
    id: "guardianship_revocation",
    agency: "court",
    startedBy: [
      action("guardianship_revocation_filed"),
      { on: "referral_applies", applies: "guardianship_revocation" },
    ],
    stoppedBy: ["guardianship_revoked", "guardianship_revocation_dismissed"],
  },
  first_placement: {
    id: "first_placement",
    agency: "civil_affairs",
    startedBy: [{ on: "created_without_carer" }],
    stoppedBy: PLACEMENT_MEASURES,
  },
  warning_letter_follow_up: {
    id: "warning_letter_follow_up",
    agency: "police",
    startedBy: [action("warning_letter")],
    stoppedBy: ["follow_up_visit"],
  },
  reporter_progress_feedback: {
    id: "reporter_progress_feedback",
    agency: "any",
    startedBy: [{ on: "report_filed" }],
    stoppedBy: ["reporter_feedback"],
  },
  procuratorial_recommendation_reply: {
    id: "procuratorial_recommendation_reply",
    agency: "procuratorate",
    startedBy: [action("procuratorial_recommendation")],
    stoppedBy: ["recommendation_reply_received"],
  },
  decline_ruling: {
    id: "decline_ruling",
    agency: "any",
    startedBy: [{ on: "art4_lead_declined" }],
    stoppedBy: ["decline_ruled"],
  },
};

/** A clock on a ticket. */
export interface TicketClock {
  readonly id: ClockId;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly stoppedAt?: string;
  readonly stoppedBy?: string;
  /** For the expiry reminder: when the order lapses. */
  readonly expiresAt?: string;
}

const sameTrigger = (a: ClockTrigger, b: ClockTrigger) => JSON.stringify(a) === JSON.stringify(b);

/** The clocks a trigger starts for an agency. */
export function clocksStartedBy(agency: AgencyCode, trigger: ClockTrigger): ClockId[] {
  return Object.values(CLOCK_DEFINITIONS)
    .filter((d) => d.agency === "any" || d.agency === agency)
    .filter((d) => d.startedBy.some((t) => sameTrigger(t, trigger)))
    .map((d) => d.id);
}

/** A clock's due time from its start: the policy's length, capped at the statutory floor. */
export function clockDueAt(
  id: ClockId,
  startedAt: Date,
  emergency: boolean,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): string {
  const rule = policy.clocks[id] ?? DEFAULT_SLA_POLICY.clocks[id];
  const ms =
    emergency && rule.emergencyWithinMs !== undefined ? rule.emergencyWithinMs : rule.withinMs;
  return new Date(startedAt.getTime() + capClockMs(id, ms, emergency)).toISOString();
}

/** Start a clock (the expiry reminder runs back from the order's expiry). */
export function startClock(
  id: ClockId,
  at: Date,
  emergency: boolean,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
  expiresAt?: string,
): TicketClock {
  if (id === "protection_order_expiry_reminder" && expiresAt) {
    const lead = (policy.clocks[id] ?? DEFAULT_SLA_POLICY.clocks[id]).withinMs;
    const remindAt = new Date(Math.max(at.getTime(), Date.parse(expiresAt) - lead)).toISOString();
    return { id, startedAt: at.toISOString(), dueAt: remindAt, expiresAt };
  }
  return { id, startedAt: at.toISOString(), dueAt: clockDueAt(id, at, emergency, policy) };
}

/**
 * The ticket's clocks after an action: running clocks the action answers stop; clocks the action
 * starts begin (a restart replaces a running clock of the same id).
 */
export function clocksAfterAction(
  clocks: readonly TicketClock[],
  agency: AgencyCode,
  type: string,
  at: Date,
  emergency: boolean,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
  expiresAt?: string,
): TicketClock[] {
  const stopped = clocks.map((c) =>
    c.stoppedAt === undefined && CLOCK_DEFINITIONS[c.id].stoppedBy.includes(type)
      ? { ...c, stoppedAt: at.toISOString(), stoppedBy: type }
      : c,
  );
  const started = clocksStartedBy(agency, { on: "action", type }).map((id) =>
    startClock(id, at, emergency, policy, expiresAt),
  );
  return [...stopped, ...started];
}

/** The latest expiry a protection order may have: six months from its making (反家暴法 Art. 30). */
export function protectionOrderLatestExpiry(issuedAt: Date): Date {
  const d = new Date(issuedAt.getTime());
  d.setUTCMonth(d.getUTCMonth() + PROTECTION_ORDER_MAX_MONTHS);
  return d;
}
