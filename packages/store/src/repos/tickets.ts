/** Reading tickets and turning decisions into ticket records and agency messages. */

import { SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  type AgencyEvent,
  type AgencyMessage,
  AgencyNoticeSchema,
  type TicketClock,
  type TicketDecision,
} from "@cp/domain";
import { queueUrls } from "../config.ts";
import type { StoreContext } from "../context.ts";
import { keys, ticketIndexKeys } from "../keys.ts";
import { mainItem, mainItems } from "../query.ts";
import { type CaseRecord, recordOf, type TicketRecord } from "../records.ts";

export async function readTicket(ctx: StoreContext, ticketId: string) {
  const item = await mainItem(ctx, keys.ticket(ticketId));
  return item ? recordOf<TicketRecord>(item) : undefined;
}

export async function readTickets(ctx: StoreContext, ticketIds: readonly string[]) {
  const items = await mainItems(ctx, ticketIds.map(keys.ticket), { consistent: true });
  return items.map((i) => recordOf<TicketRecord>(i));
}

export function newTicket(
  kase: CaseRecord,
  ticketId: string,
  decision: TicketDecision,
  createdAt: Date,
  referredFrom?: string,
  clocks: readonly TicketClock[] = [],
): TicketRecord {
  return {
    ticketId,
    caseId: kase.caseId,
    referenceNo: kase.referenceNo,
    agency: decision.agency,
    kind: decision.kind,
    status: "pending",
    createdAt: createdAt.toISOString(),
    acceptDueAt: decision.acceptDueAt,
    closeDueAt: decision.closeDueAt,
    extendableUntil: decision.extendableUntil,
    extended: false,
    routingRule: decision.routingRule,
    slaRules: decision.slaRules,
    ...(referredFrom ? { referredFrom } : {}),
    ...(clocks.length > 0 ? { clocks } : {}),
    categories: kase.categories,
    townships: kase.townships,
    immediateDanger: kase.immediateDanger,
    version: 1,
  };
}

/** A ticket written for the first time: the condition makes a repeat a no-op, not a duplicate. */
export function putNewTicket(ctx: StoreContext, ticket: TicketRecord) {
  return {
    Put: {
      TableName: ctx.config.mainTableName,
      Item: { ...keys.ticket(ticket.ticketId), ...ticket, ...ticketIndexKeys(ticket) },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** A ticket rewritten in a new state: only over the version it was read at. */
export function putTicketUpdate(ctx: StoreContext, before: TicketRecord, after: TicketRecord) {
  return {
    Put: {
      TableName: ctx.config.mainTableName,
      Item: { ...keys.ticket(after.ticketId), ...after, ...ticketIndexKeys(after) },
      ConditionExpression: "version = :v",
      ExpressionAttributeValues: { ":v": before.version },
    },
  };
}

/** The case's record of open tickets after `ticket` took its new state. */
export function withTicket(
  openTickets: CaseRecord["openTickets"],
  ticket: Pick<TicketRecord, "agency" | "ticketId" | "kind" | "status">,
): CaseRecord["openTickets"] {
  const { [ticket.agency]: _previous, ...rest } = openTickets;
  const open = ticket.status === "pending" || ticket.status === "accepted";
  return open
    ? { ...rest, [ticket.agency]: { ticketId: ticket.ticketId, kind: ticket.kind } }
    : rest;
}

export function agencyMessageOf(
  t: TicketRecord,
  event: AgencyEvent,
  noticeId: string,
): AgencyMessage {
  return {
    event,
    ticketId: t.ticketId,
    caseId: t.caseId,
    referenceNo: t.referenceNo,
    agency: t.agency,
    kind: t.kind,
    categories: [...t.categories],
    townships: [...t.townships],
    acceptDueAt: t.acceptDueAt,
    closeDueAt: t.closeDueAt,
    noticeId,
  };
}

/** Deliver a notice to the agency's queue; FIFO deduplication makes a resend within 5 minutes a no-op. */
export async function sendToAgency(ctx: StoreContext, message: AgencyMessage) {
  await ctx.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrls(ctx.config).agency(message.agency),
      MessageBody: JSON.stringify(AgencyNoticeSchema.parse(message)),
      MessageGroupId: message.caseId,
      MessageDeduplicationId: message.noticeId,
    }),
  );
}
