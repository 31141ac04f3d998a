/**
 * What the supervisor dashboard reads from the metrics endpoints, and how it is shaped for the
 * charts. Endpoints still being built answer 404; the dashboard then shows an empty state.
 */
import dayjs from "dayjs";
import { apiUrl, getOptional } from "../../api/client.ts";
import type { ResponseTimeRow, ResponseTimes } from "../../api/types.ts";
import { currentSession } from "../../auth/session.ts";

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** A local calendar day (the API counts days in UTC+8, both ends included). */
const day = (d: Date) => dayjs(d).format("YYYY-MM-DD");

export function responseTimes(from: Date, to: Date, groupBy = "agency") {
  const q = new URLSearchParams({ from: day(from), to: day(to), groupBy });
  return getOptional<ResponseTimes>(`/v1/metrics/response-times?${q}`);
}

export interface WeekPoint {
  readonly weekStart: string;
  readonly tickets: number;
  readonly acceptSlaMet: number;
  readonly acceptSlaBreached: number;
  readonly closeSlaMet: number;
  readonly closeSlaBreached: number;
}

const sum = (rows: readonly ResponseTimeRow[], k: keyof ResponseTimeRow) =>
  rows.reduce((acc, r) => acc + (Number(r[k]) || 0), 0);

/** The last `weeks` weeks, one window of 7 days each (the contract has no weekly grouping). */
export async function weeklyTrend(weeks: number, now = new Date()): Promise<WeekPoint[]> {
  const windows = Array.from({ length: weeks }, (_, i) => {
    const to = new Date(now.getTime() - (weeks - 1 - i) * WEEK);
    return { from: new Date(to.getTime() - WEEK + DAY), to };
  });
  const results = await Promise.all(windows.map((w) => responseTimes(w.from, w.to)));
  return results.map((r, i) => {
    const rows = r?.rows ?? [];
    return {
      weekStart: (windows[i] as { from: Date }).from.toISOString().slice(5, 10),
      tickets: sum(rows, "tickets"),
      acceptSlaMet: sum(rows, "acceptSlaMet"),
      acceptSlaBreached: sum(rows, "acceptSlaBreached"),
      closeSlaMet: sum(rows, "closeSlaMet"),
      closeSlaBreached: sum(rows, "closeSlaBreached"),
    };
  });
}

/** The current half-year, e.g. 2026H2 (local dates: the browser runs in the deployment's time zone). */
export function currentPeriod(now = new Date()): string {
  return `${now.getFullYear()}H${now.getMonth() < 6 ? 1 : 2}`;
}

/** The first day of the current half-year, e.g. 2026-07-01. */
export function periodStart(now = new Date()): string {
  return `${now.getFullYear()}-${now.getMonth() < 6 ? "01" : "07"}-01`;
}

/**
 * Downloads the progress report with the bearer token (a plain link cannot carry it, and the
 * token must not go into a URL). Answers false when the endpoint does not exist yet.
 */
export async function downloadProgressReport(period: string): Promise<boolean> {
  const res = await fetch(apiUrl(`/v1/reports/progress?period=${period}&format=xlsx`), {
    headers: { authorization: `Bearer ${currentSession()?.token ?? ""}` },
  });
  if (!res.ok) return false;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `progress-${period}.xlsx`;
  a.click();
  URL.revokeObjectURL(url);
  return true;
}
