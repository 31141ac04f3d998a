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

/** Chinese names, for screens. */
export const CLOCK_LABELS: Readonly<Record<ClockId, string>> = {
  protection_order_decision: "人身安全保护令申请：作出裁定",
  protection_order_expiry_reminder: "人身安全保护令到期提醒",
  guardianship_revocation: "撤销监护人资格案件：特别程序审结",
  first_placement: "民政：无人照料儿童首次安置",
  warning_letter_follow_up: "告诫书后查访",
  reporter_progress_feedback: "向报告单位反馈进展",
  procuratorial_recommendation_reply: "检察建议回复",
  decline_ruling: "退回法定牵头工单：督导裁定",
};
