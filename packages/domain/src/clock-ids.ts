/** The event clocks (clocks.ts) by id; their lengths are SLA policy data (sla.ts). */
export const CLOCK_IDS = [
  "protection_order_decision",
  "protection_order_expiry_reminder",
  "guardianship_revocation",
  "first_placement",
  "warning_letter_follow_up",
  "reporter_progress_feedback",
  "procuratorial_recommendation_reply",
  "decline_ruling",
] as const;

export type ClockId = (typeof CLOCK_IDS)[number];
