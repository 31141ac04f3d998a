/**
 * When the care side's progress report is due (the plan, 四（二）: "每年6月10日、11月10日前将…工作
 * 进展情况…报市民政局", for 2024, 2025 and 2026) and whether to remind of it now.
 *
 * Law or policy: the two dates are the plan's (a local government plan, not a statute). The
 * reminder window — from 14 days before — is local policy, as is going on with the same dates
 * after 2026 until a new plan says otherwise (`withinPlan` says which year is the plan's).
 */
import { daysBetween } from "./calendar.ts";

/** Month and day of each deadline, in the order they fall in a year. */
const PROGRESS_DEADLINES = ["06-10", "11-10"] as const;
/** Local policy: remind from this many days before a deadline. */
const PROGRESS_REMINDER_DAYS = 14;
/** The years the plan names. */
const PLAN_YEARS = [2024, 2025, 2026] as const;

interface ProgressDeadline {
  /** The next deadline on or after `today` (the deadline day itself still counts). */
  readonly dueOn: string;
  readonly daysLeft: number;
  /** Within the reminder window. */
  readonly remind: boolean;
  /** The deadline falls in a year the plan names. */
  readonly withinPlan: boolean;
}

export function nextProgressDeadline(
  today: string,
  reminderDays: number = PROGRESS_REMINDER_DAYS,
): ProgressDeadline {
  const year = Number(today.slice(0, 4));
  const dueOn =
    PROGRESS_DEADLINES.map((md) => `${year}-${md}`).find((d) => d >= today) ??
    `${year + 1}-${PROGRESS_DEADLINES[0]}`;
  const daysLeft = daysBetween(today, dueOn);
  return {
    dueOn,
    daysLeft,
    remind: daysLeft <= reminderDays,
    withinPlan: (PLAN_YEARS as readonly number[]).includes(Number(dueOn.slice(0, 4))),
  };
}
