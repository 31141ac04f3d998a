import { type AgencyCode, isOverdue, runningDueAt } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { INDEX, WORK_LIST } from "../keys.ts";
import type { Page } from "../pages.ts";
import { indexedItems, queryPage } from "../query.ts";
import { type TicketHeadline, type TicketRecord, ticketHeadline } from "../records.ts";

export interface OverdueTicket extends TicketHeadline {
  /** Which clock ran out: accept while pending, close while accepted. */
  readonly dueKind: "accept" | "close";
  readonly dueAt: string;
  /** How late, in ms, at the time of reading. */
  readonly lateMs: number;
}

interface OverdueQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly agency?: AgencyCode;
}

function overdueView(t: TicketRecord, now: Date): OverdueTicket {
  const dueAt = runningDueAt(t) as string;
  return {
    ...ticketHeadline(t),
    dueKind: t.status === "pending" ? "accept" : "close",
    dueAt,
    lateMs: now.getTime() - Date.parse(dueAt),
  };
}

export async function overdueTickets(
  ctx: StoreContext,
  query: OverdueQuery,
): Promise<Page<OverdueTicket>> {
  const now = ctx.clock.now();
  const partition = { gsi3pk: WORK_LIST.due };
  return queryPage(
    ctx,
    {
      TableName: ctx.config.mainTableName,
      IndexName: INDEX.workList,
      KeyConditionExpression: "gsi3pk = :due AND gsi3sk < :now",
      ...(query.agency ? { FilterExpression: "agency = :agency" } : {}),
      ExpressionAttributeValues: {
        ":due": partition.gsi3pk,
        ":now": now.toISOString(),
        ...(query.agency ? { ":agency": query.agency } : {}),
      },
    },
    query,
    partition,
    // The work list carries only what it filters on: the tickets are read by key.
    async (entries) =>
      ((await indexedItems(ctx, entries)) as TicketRecord[])
        // The ticket's own state decides, not its index entry (a stale entry would list it).
        .filter((t) => isOverdue(t, now))
        .map((t) => overdueView(t, now)),
  );
}
