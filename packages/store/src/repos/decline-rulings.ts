/**
 * The declines awaiting a supervisor's ruling (docs/domain.md, "Declines"), for the supervisors'
 * work list. A declined ticket sorts in its agency's inbox by its running due time, and a
 * declined ticket has one only while a clock such as the ruling clock runs; so one key-range
 * query per agency reads exactly the declined tickets with a running clock, however many old
 * declines the table holds, and the domain's awaitsRuling keeps those waiting for a ruling.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  AGENCY_CODES,
  awaitsRuling,
  type Identity,
  type OpenTicketRef,
  RULING_CLOCK,
  upholdAllowed,
} from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { INDEX, inboxStatusPrefix, keys, partitions } from "../keys.ts";
import { indexedItems, mainItems } from "../query.ts";
import { recordOf, type TicketRecord } from "../records.ts";
import { type TicketView, ticketView } from "./ticket-commands.ts";

export interface DeclineAwaitingRuling {
  readonly ticket: TicketView;
  /** When the ruling is due (the ruling clock's due time). */
  readonly rulingDueAt: string;
  /** Whether 维持 can be given: a police lead would remain on the case (ruling.ts). */
  readonly upholdAllowed: boolean;
}

/** At most this many per agency: rulings are due within a day, so the list stays short. */
const PER_AGENCY = 100;

export async function declinesAwaitingRuling(
  ctx: StoreContext,
  _who: Identity,
): Promise<DeclineAwaitingRuling[]> {
  const declined = inboxStatusPrefix("declined");
  const found = await Promise.all(
    AGENCY_CODES.map(async (agency) => {
      const out = await ctx.clients.ddb.send(
        new QueryCommand({
          TableName: ctx.config.mainTableName,
          IndexName: INDEX.inbox,
          // A running due time is an ISO instant; none sorts as "9999" after every instant.
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to",
          ExpressionAttributeValues: {
            ":pk": partitions.inbox(agency),
            ":from": `${declined}0`,
            ":to": `${declined}9998`,
          },
          Limit: PER_AGENCY,
        }),
      );
      // The inbox index carries keys only: the tickets are read by key.
      const items = await indexedItems(ctx, out.Items ?? []);
      return items.map((i) => recordOf<TicketRecord>(i));
    }),
  );
  const waiting = found.flat().filter(awaitsRuling);
  const open = await openTicketsOf(ctx, [...new Set(waiting.map((t) => t.caseId))]);
  const now = ctx.clock.now();
  return waiting
    .map((t) => ({
      ticket: ticketView(t, now),
      rulingDueAt: t.clocks?.find((c) => c.id === RULING_CLOCK)?.dueAt as string,
      upholdAllowed: upholdAllowed(t, open.get(t.caseId) ?? {}),
    }))
    .sort((a, b) => a.rulingDueAt.localeCompare(b.rulingDueAt));
}

/** The open tickets of these cases (no personal data is read). */
async function openTicketsOf(ctx: StoreContext, caseIds: readonly string[]) {
  const found = new Map<string, Partial<Record<string, OpenTicketRef>>>();
  const items = await mainItems(ctx, caseIds.map(keys.case), {
    projection: "caseId, openTickets",
    consistent: true,
  });
  for (const item of items) {
    found.set(item.caseId as string, (item.openTickets ?? {}) as Record<string, OpenTicketRef>);
  }
  return found;
}
