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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

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

/** Every day from `from` to `to`, both included. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
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

function boundary(value: string, path: "from" | "to"): string {
  if (DATE.test(value)) {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value)) return value;
  }
  const at = Date.parse(value);
  if (Number.isNaN(at) || !value.endsWith("Z")) {
    throw new InvalidInputError("The window is not valid.", [
      { path, message: "a date (YYYY-MM-DD) or an ISO instant in UTC ending in Z" },
    ]);
  }
  const day = metricsDay(new Date(at));
  if (dayStart(day).getTime() !== at) {
    throw new InvalidInputError("Metrics are kept per day (UTC+8).", [
      {
        path,
        message: `must be a date or a local midnight such as ${dayStart(day).toISOString()}`,
      },
    ]);
  }
  // An instant is the start of its day; as `to` it is excluded, so the window ends the day before.
  return path === "from" ? day : addDays(day, -1);
}

/**
 * The window a request names. Dates are local days, both included; instants must be local
 * midnights, `from` included and `to` excluded.
 */
export function parseWindow(from: string, to: string): DayWindow {
  const fromDay = boundary(from, "from");
  const toDay = boundary(to, "to");
  if (toDay < fromDay) {
    throw new InvalidInputError("The window ends before it starts.", [
      { path: "to", message: "must not be before from" },
    ]);
  }
  if (daysOf(fromDay, toDay).length > MAX_WINDOW_DAYS) {
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
