/** Reading and writing tickets, and sending agencies and supervisors their notices. */

import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { type AgencyMessage, AgencyNoticeSchema, type Notice, NoticeSchema } from "@cp/domain";
import { queueUrls } from "../config.ts";
import type { StoreContext } from "../context.ts";
import { keys, ticketIndexKeys } from "../keys.ts";
import { mainItem, mainItems } from "../query.ts";
import { recordOf, type TicketRecord } from "../records.ts";

export async function readTicket(ctx: StoreContext, ticketId: string) {
  const item = await mainItem(ctx, keys.ticket(ticketId));
  return item ? recordOf<TicketRecord>(item) : undefined;
}

export async function readTickets(ctx: StoreContext, ticketIds: readonly string[]) {
  const items = await mainItems(ctx, ticketIds.map(keys.ticket), { consistent: true });
  return items.map((i) => recordOf<TicketRecord>(i));
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

/** Deliver a notice to the supervisors' queue (ids and reasons only); deduplicated by its id. */
export async function sendToSupervisors(ctx: StoreContext, notice: Notice) {
  await ctx.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrls(ctx.config).supervisors,
      MessageBody: JSON.stringify(NoticeSchema.parse(notice)),
      MessageGroupId: notice.caseId,
      MessageDeduplicationId: notice.noticeId,
    }),
  );
}
