/** `GET /v1/metrics/response-times`: per-group figures over tickets created in a window. */

import type { ResponseTimes as ResponseTimesAnswer } from "@cp/domain";
import { type DayWindow, type GroupBy, windowInstants } from "@cp/domain/sla/metrics";
import type { StoreContext } from "../context.ts";
import { type ReadCost, rowOf, totalsOf, windowRead } from "./read.ts";

/** The figures and the window as instants (`from` included, `to` excluded); the route adds the days. */
export type ResponseTimes = Pick<ResponseTimesAnswer, "from" | "to" | "groupBy" | "rows">;

/** Groups with no ticket created in the window are left out. */
export async function responseTimes(
  ctx: StoreContext,
  window: DayWindow,
  groupBy: GroupBy,
  cost?: ReadCost,
): Promise<ResponseTimes> {
  const read = windowRead(ctx, window, cost);
  const rows = (await read.groups(groupBy, totalsOf))
    .filter(({ folded }) => folded.counters.tickets > 0)
    .map(({ key, folded, overdueNow }) => rowOf(key, folded, read.now, overdueNow));
  return { ...windowInstants(window), groupBy, rows };
}
