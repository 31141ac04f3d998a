/**
 * The arithmetic of supervision metrics, free of storage: which local day an instant falls on,
 * how a duration is bucketed, and how percentiles are read back from bucket counts.
 * See docs/decisions/0006-metrics-and-audit.md for why these resolutions were chosen.
 */
import { DAY, HOUR, MINUTE } from "../clock.ts";
import { InvalidInputError } from "../errors.ts";

/** Metrics are kept per local day of the deployment: China Standard Time, UTC+8, no DST. */
const METRICS_UTC_OFFSET_MS = 8 * HOUR;

/** The longest window one metrics request may span. */
const MAX_WINDOW_DAYS = 731;

/** Significant figures kept of a duration in whole minutes (≤ 1% error above 999 minutes). */
const DURATION_SIGNIFICANT_FIGURES = 3;

/** The local day (YYYY-MM-DD, UTC+8) that an instant falls on. */
export function metricsDay(instant: string | Date): string {
  const ms = new Date(instant).getTime() + METRICS_UTC_OFFSET_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC instant at which a local day starts. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - METRICS_UTC_OFFSET_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY).toISOString().slice(0, 10);
}

/** A window of whole local days, both ends included. */
export interface DayWindow {
  readonly fromDay: string;
  readonly toDay: string;
}

/** The window as instants: `from` included, `to` excluded. */
export function windowInstants(w: DayWindow) {
  return {
    from: dayStart(w.fromDay).toISOString(),
    to: dayStart(addDays(w.toDay, 1)).toISOString(),
  };
}

/** The time zone whose whole days metrics are kept in (UTC+8, no DST). */
export const METRICS_TIME_ZONE = "Asia/Shanghai";

/** What the response-time figures may be grouped by. */
export const GROUP_BY = ["agency", "category", "township"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** ISO 8601 calendar dates, extended (2026-11-01) or basic (20261101). */
const ISO_DATE = /^(\d{4})-?(\d{2})-?(\d{2})$/;
/**
 * ISO 8601 instants with an offset, extended (2026-11-01T00:00:00+08:00, …T16:00Z, fractions of a
 * second with `.` or `,`) or basic (20261101T000000+0800). A local time without an offset names no
 * instant and is refused.
 */
const ISO_INSTANT =
  /^(\d{4})(-?)(\d{2})\2(\d{2})T(\d{2})(?:(:?)(\d{2})(?:\6(\d{2})(?:[.,](\d{1,9}))?)?)(Z|[+-]\d{2}(?::?\d{2})?)$/i;

const WINDOW_FORMS =
  "an ISO 8601 date (2026-11-01) or an instant with an offset (2026-11-01T00:00:00+08:00, 2026-10-31T16:00:00Z)";

/** A calendar date that exists, as YYYY-MM-DD; undefined otherwise. */
function calendarDate(y: string, m: string, d: string): string | undefined {
  const date = `${y}-${m}-${d}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date)
    ? date
    : undefined;
}

/** The epoch milliseconds of an ISO 8601 instant with an offset; undefined when it is not one. */
export function parseIsoInstant(value: string): number | undefined {
  const m = ISO_INSTANT.exec(value);
  if (!m) return undefined;
  const [, y, , mo, d, hh, , mi = "00", ss = "00", frac = "", zone = "Z"] = m;
  const date = calendarDate(y as string, mo as string, d as string);
  if (!date || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return undefined;
  let offsetMs = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 14 || om > 59) return undefined;
    offsetMs = (zone[0] === "-" ? -1 : 1) * (oh * HOUR + om * MINUTE);
  }
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  return Date.parse(`${date}T${hh}:${mi}:${ss}.000Z`) + ms - offsetMs;
}

/**
 * The local day a window boundary stands for. A date is that day (both ends included). An
 * instant is widened to whole local days: as `from`, the day it falls in; as `to` (excluded), the
 * day of the last moment before it — a local midnight ends the window the day before.
 */
function boundary(value: string, path: "from" | "to"): string {
  const d = ISO_DATE.exec(value);
  const date = d && calendarDate(d[1] as string, d[2] as string, d[3] as string);
  if (date) return date;
  const at = parseIsoInstant(value);
  if (at === undefined) {
    throw new InvalidInputError("The window is not valid.", [{ path, message: WINDOW_FORMS }]);
  }
  return path === "from" ? metricsDay(new Date(at)) : metricsDay(new Date(at - 1));
}

/**
 * The window a request names, in whole local days (METRICS_TIME_ZONE), both included: dates as
 * they are, instants widened to the days they touch (`to` excluded). Refused, naming the field:
 * what is not an ISO 8601 date or instant with an offset, an end before the start, a window
 * longer than MAX_WINDOW_DAYS.
 */
export function parseWindow(from: string, to: string): DayWindow {
  const fromDay = boundary(from, "from");
  const toDay = boundary(to, "to");
  if (toDay < fromDay) {
    throw new InvalidInputError("The window ends before it starts.", [
      { path: "to", message: "must not be before from" },
    ]);
  }
  // Counted, not listed: a window of years 1 to 9999 must not cost millions of steps to refuse.
  const days = (Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY + 1;
  if (days > MAX_WINDOW_DAYS) {
    throw new InvalidInputError("The window is too long.", [
      { path: "to", message: `at most ${MAX_WINDOW_DAYS} days after from` },
    ]);
  }
  return { fromDay, toDay };
}

/** A half-year reporting period (`2026H1`, `2026H2`): the action plan reports twice a year. */
export interface Period extends DayWindow {
  readonly name: string;
  /** The months of the period, `YYYY-MM`. */
  readonly months: readonly string[];
}

export function parsePeriod(name: string): Period {
  const m = /^(\d{4})H([12])$/.exec(name);
  if (!m) {
    throw new InvalidInputError("The period is not valid.", [
      { path: "period", message: "a half-year such as 2026H1 or 2026H2" },
    ]);
  }
  const year = m[1] as string;
  const first = m[2] === "1" ? 1 : 7;
  const months = Array.from(
    { length: 6 },
    (_, i) => `${year}-${String(first + i).padStart(2, "0")}`,
  );
  return {
    name,
    months,
    fromDay: `${months[0]}-01`,
    toDay: m[2] === "1" ? `${year}-06-30` : `${year}-12-31`,
  };
}

/**
 * The bucket of a duration: its lower bound in whole minutes, kept to three significant
 * figures (0–999 minutes exactly, then steps of 10, 100, 1000 minutes…). Negative durations
 * (clock skew) count as zero.
 */
export function durationBucket(ms: number): number {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  const digits = String(minutes).length;
  if (digits <= DURATION_SIGNIFICANT_FIGURES) return minutes;
  const step = 10 ** (digits - DURATION_SIGNIFICANT_FIGURES);
  return Math.floor(minutes / step) * step;
}

/** Counts per bucket (bucket = lower bound in minutes). */
export type Histogram = ReadonlyMap<number, number>;

function histogramTotal(h: Histogram): number {
  let n = 0;
  for (const c of h.values()) n += c;
  return n;
}

/**
 * The nearest-rank percentile (the smallest value with at least p% of values at or below it),
 * as its bucket's lower bound in ms; null for an empty histogram.
 */
export function percentileMs(h: Histogram, p: number): number | null {
  const n = histogramTotal(h);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const bucket of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(bucket) ?? 0;
    if (seen >= rank) return bucket * MINUTE;
  }
  return null;
}

/** The largest value, as its bucket's lower bound in ms; null for an empty histogram. */
export function maxMs(h: Histogram): number | null {
  let max: number | null = null;
  for (const [bucket, count] of h) if (count > 0 && (max === null || bucket > max)) max = bucket;
  return max === null ? null : max * MINUTE;
}

/** The UTC hour of an instant as `YYYYMMDDHH`: the resolution of the open-due histogram. */
export function dueHour(instant: string): string {
  return instant.slice(0, 13).replace(/[-T]/g, "");
}

/** The UTC instant at which the hour of `now` started. */
export function hourStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR) * HOUR);
}
