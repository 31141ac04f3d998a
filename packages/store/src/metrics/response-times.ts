/** `GET /v1/metrics/response-times`: per-group figures over tickets created in a window. */

import type { ResponseTimes as ResponseTimesAnswer } from "@cp/domain";
import { type DayWindow, type GroupBy, windowInstants } from "@cp/domain/sla/metrics";
import type { StoreContext } from "../context.ts";
import {
  addAggregate,
  countByGroup,
  emptyTotals,
  groupKeys,
  mapLimited,
  newReadCost,
  overdueThisHour,
  type ReadCost,
  readGroupDays,
  rowOf,
} from "./read.ts";

/** The figures and the window as instants (`from` included, `to` excluded); the route adds the days. */
export type ResponseTimes = Pick<ResponseTimesAnswer, "from" | "to" | "groupBy" | "rows">;

/** Groups with no ticket created in the window are left out. */
export async function responseTimes(
  ctx: StoreContext,
  window: DayWindow,
  groupBy: GroupBy,
  cost: ReadCost = newReadCost(),
): Promise<ResponseTimes> {
  const now = ctx.clock.now();
  const keys = await groupKeys(ctx, groupBy, cost);
  const [perKey, overdueNow] = await Promise.all([
    mapLimited(keys, 8, async (key) => {
      const totals = emptyTotals();
      for (const item of await readGroupDays(ctx, groupBy, key, window, cost)) {
        addAggregate(totals, item);
      }
      return { key, totals };
    }),
    overdueThisHour(ctx, window, now, cost).then((t) => countByGroup(t, groupBy)),
  ]);
  const rows = perKey
    .filter(({ totals }) => totals.counters.tickets > 0)
    .map(({ key, totals }) => rowOf(key, totals, now, overdueNow.get(key) ?? 0));
  return { ...windowInstants(window), groupBy, rows };
}
