/**
 * The semiannual progress report (行动方案 保障措施 (二): by 6月10日 and 11月10日): per agency, the
 * response-time figures month by month and for the half-year; per category and per township,
 * case and ticket counts. Built from the same aggregates as the metrics API, so the two agree.
 */
import { AGENCIES, AGENCY_CODES, type AgencyCode, type ResponseTimeRow } from "@cp/domain";
import { metricsDay, type Period, windowInstants } from "@cp/domain/sla/metrics";
import { type CareProgress, careProgress } from "../care/progress.ts";
import type { StoreContext } from "../context.ts";
import type { TicketRecord } from "../records.ts";
import { type Dimension, TOTAL_KEY } from "./keys.ts";
import {
  addAggregate,
  emptyTotals,
  type GroupTotals,
  type ReadCost,
  rowOf,
  totalsOf,
  windowRead,
} from "./read.ts";

interface AgencySection {
  readonly agency: AgencyCode;
  readonly name: string;
  /** One row per month of the period, `key` = `YYYY-MM`. */
  readonly months: readonly ResponseTimeRow[];
  /** The half-year, `key` = the period. */
  readonly total: ResponseTimeRow;
}

export interface ProgressReport {
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly agencies: readonly AgencySection[];
  /** Every category with a case or a ticket in the period. */
  readonly categories: readonly ResponseTimeRow[];
  readonly townships: readonly ResponseTimeRow[];
  readonly total: ResponseTimeRow;
  /** The care side (children's files and visits), as of the report's date. */
  readonly care: CareProgress;
}

interface Folded {
  readonly whole: GroupTotals;
  readonly byMonth: Map<string, GroupTotals>;
}

/** A group's days over the period, and month by month. */
function byMonths(period: Period) {
  return (days: readonly Record<string, unknown>[]): Folded => {
    const byMonth = new Map(period.months.map((m) => [m, emptyTotals()]));
    for (const day of days) {
      const m = byMonth.get(String(day.sk).slice(4, 11));
      if (m) addAggregate(m, day);
    }
    return { whole: totalsOf(days), byMonth };
  };
}

const monthOf = (t: TicketRecord) => metricsDay(t.createdAt).slice(0, 7);

export async function progressReport(
  ctx: StoreContext,
  period: Period,
  cost?: ReadCost,
): Promise<ProgressReport> {
  const read = windowRead(ctx, period, cost);
  const { now } = read;
  const sections = (dimension: Dimension) => read.groups(dimension, byMonths(period));
  const [agencies, categories, townships, [total], care, dueNow] = await Promise.all([
    sections("agency"),
    sections("category"),
    sections("township"),
    sections("total"),
    careProgress(ctx),
    read.overdue,
  ]);
  const hasAny = (f: Folded) => f.whole.counters.tickets > 0 || f.whole.counters.cases > 0;
  return {
    period: period.name,
    ...windowInstants(period),
    generatedAt: now.toISOString(),
    agencies: AGENCY_CODES.map((agency) => {
      const s = agencies.find((a) => a.key === agency);
      const folded = s?.folded ?? { whole: emptyTotals(), byMonth: new Map() };
      const lateByMonth = new Map<string, number>();
      for (const t of dueNow)
        if (t.agency === agency)
          lateByMonth.set(monthOf(t), (lateByMonth.get(monthOf(t)) ?? 0) + 1);
      return {
        agency,
        name: AGENCIES[agency].name,
        months: period.months.map((m) =>
          rowOf(m, folded.byMonth.get(m) ?? emptyTotals(), now, lateByMonth.get(m) ?? 0),
        ),
        total: rowOf(period.name, folded.whole, now, s?.overdueNow ?? 0),
      };
    }),
    categories: categories
      .filter((c) => hasAny(c.folded))
      .map((c) => rowOf(c.key, c.folded.whole, now, c.overdueNow)),
    townships: townships
      .filter((c) => hasAny(c.folded))
      .map((c) => rowOf(c.key, c.folded.whole, now, c.overdueNow)),
    total: rowOf(TOTAL_KEY, total?.folded.whole ?? emptyTotals(), now, total?.overdueNow ?? 0),
    care,
  };
}
