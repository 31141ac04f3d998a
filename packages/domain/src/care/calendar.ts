/**
 * Care work is kept in local calendar days (China Standard Time, UTC+8, no DST), the days a
 * 儿童主任 works in: "at least once a month" is judged on dates, not on instants.
 */
import { metricsDay } from "../sla/metrics.ts";

/** The local date (YYYY-MM-DD) of an instant. */
export const localDate = (at: Date | string): string => metricsDay(at);

const parts = (date: string) => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return { y, m, d };
};

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * `date` plus `n` calendar months, the day clamped to the month's end (Jan 31 + 1 month = Feb 28
 * or 29): "next month, on the same day, or the month's last day if it has no such day".
 */
export function addMonths(date: string, n: number): string {
  const { y, m, d } = parts(date);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`;
}

/** Whole years of age on `date` (the birthday itself counts as the new year). */
export function ageOn(birthDate: string, date: string): number {
  const b = parts(birthDate);
  const t = parts(date);
  const before = t.m < b.m || (t.m === b.m && t.d < b.d);
  return t.y - b.y - (before ? 1 : 0);
}

/** The date a person born on `birthDate` turns `years` (29 February → 28 February off leap years). */
export const birthdayAt = (birthDate: string, years: number): string =>
  addMonths(birthDate, years * 12);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
