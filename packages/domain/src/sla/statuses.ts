/**
 * One definition of each status figure a supervisor reads: the dashboard's tiles and charts, the
 * metrics API's rows and the half-yearly Excel report all take their numbers and their words
 * from here (docs/domain.md, "Status figures"). A ticket is in exactly one of four states
 * (ticket/lifecycle.ts); the stored counters say how many tickets ever reached each, so the
 * states now are differences of them:
 *
 *   tickets ─┬─ declined                       已退回 (declined while pending)
 *            ├─ pending = tickets − accepted − declined        待接收
 *            └─ accepted ─┬─ in progress = accepted − closed   办理中
 *                         └─ closed                            已办结
 *   open = pending + in progress (未办结);  overdue ⊆ open (超期未办): the running clock ran out
 *   (sla/due.ts `isOverdue`, judged when read).
 */

/** The counters the aggregates keep for a group of tickets. */
export interface StatusCounters {
  /** Tickets created. */
  readonly tickets: number;
  /** Tickets ever accepted (now in progress or closed). */
  readonly accepted: number;
  readonly closed: number;
  readonly declined: number;
}

/** The status figures: each ticket counted once among pending, in progress, closed, declined. */
export interface StatusFigures {
  readonly tickets: number;
  readonly pending: number;
  readonly inProgress: number;
  readonly closed: number;
  readonly declined: number;
  /** Pending or in progress. */
  readonly open: number;
  /** Open and past the clock that runs now. */
  readonly overdue: number;
}

export function statusFigures(c: StatusCounters, overdue: number): StatusFigures {
  const pending = c.tickets - c.accepted - c.declined;
  const inProgress = c.accepted - c.closed;
  return {
    tickets: c.tickets,
    pending,
    inProgress,
    closed: c.closed,
    declined: c.declined,
    open: pending + inProgress,
    overdue,
  };
}

/** The Chinese words for each figure: the Excel headings and the dashboard's tiles say these. */
export const STATUS_LABELS: Readonly<Record<keyof StatusFigures, string>> = {
  tickets: "工单数",
  pending: "待接收",
  inProgress: "办理中",
  closed: "已办结",
  declined: "已退回",
  open: "未办结",
  overdue: "超期未办",
};

/** The order in which the figures are shown. */
export const STATUS_FIGURES = [
  "tickets",
  "pending",
  "inProgress",
  "closed",
  "declined",
  "open",
  "overdue",
] as const satisfies readonly (keyof StatusFigures)[];

/**
 * The unit a set of durations reads best in: minutes while the longest is under two hours
 * (a police accept clock is 15 minutes), hours while under three days, days beyond.
 */
export type DurationUnit = "minute" | "hour" | "day";

const UNIT_MS: Readonly<Record<DurationUnit, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

export function durationUnit(durationsMs: readonly (number | null | undefined)[]): DurationUnit {
  const longest = Math.max(0, ...durationsMs.map((d) => d ?? 0));
  if (longest < 2 * UNIT_MS.hour) return "minute";
  if (longest < 3 * UNIT_MS.day) return "hour";
  return "day";
}

/** A duration in a unit, to one decimal (whole minutes stay whole). */
export function inUnit(ms: number | null | undefined, unit: DurationUnit): number | null {
  if (ms === null || ms === undefined) return null;
  const value = ms / UNIT_MS[unit];
  return unit === "minute" ? Math.round(value) : Math.round(value * 10) / 10;
}
