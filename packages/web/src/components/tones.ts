/**
 * Tag colours with white text at WCAG AA contrast or better (antd's preset light tags are not),
 * by meaning rather than by hue, so a status looks the same on every page.
 */
export const TONE = {
  waiting: "#ad4e00",
  active: "#0958d9",
  done: "#237804",
  danger: "#a8071a",
  neutral: "#595959",
} as const;

export const TICKET_TONE: Record<string, string> = {
  pending: TONE.waiting,
  accepted: TONE.active,
  declined: TONE.neutral,
  closed: TONE.done,
};

export const REPORT_TONE: Record<string, string> = {
  received: TONE.neutral,
  routed: TONE.active,
  in_progress: TONE.waiting,
  closed: TONE.done,
};
