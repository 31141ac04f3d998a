/**
 * 催办: a supervisor urges the agency holding an overdue ticket. One case change writes the urge
 * mark and one audit event (the supervisor, the ticket, the clock that ran out); the agency is
 * then told on its own queue, like any new ticket, so every channel it set up carries the urge.
 *
 *   commitCaseChange [Put URGE#<ticketId> unless urged within the hour, event `ticket_urged`]
 *        │ urged within the hour: 409, naming when the next urge may be sent
 *        ▼
 *   SendMessage agency queue (dedup id = the urge's id) ─▶ mark the urge notified
 *
 * The mark is the outbox of its message: an urge whose message was not confirmed is sent again
 * (same id, so FIFO deduplication and the dispatcher's ledger drop a repeat) when a supervisor
 * urges again, instead of answering 409. Repeated urging is limited to once per ticket per hour,
 * whoever urges (local policy: an agency is not flooded by supervisors pressing at once).
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  actorOf,
  agencyMessageOf,
  ConflictError,
  HOUR,
  type Identity,
  isOverdue,
  NotFoundError,
  runningClock,
} from "@cp/domain";
import { commitCaseChange } from "../case-transaction.ts";
import type { StoreContext } from "../context.ts";
import { keys } from "../keys.ts";
import type { TicketRecord } from "../records.ts";
import { readTicket, sendToAgency } from "./tickets.ts";

/** How often one ticket may be urged (local policy). */
export const URGE_INTERVAL_MS = HOUR;

interface UrgeRecord {
  readonly urgeId: string;
  readonly ticketId: string;
  readonly caseId: string;
  readonly agency: string;
  readonly clock: string;
  readonly dueAt: string;
  readonly urgedAt: string;
  /** The supervisor's subject id. */
  readonly urgedBy: string;
  /** Set once the agency's queue took the message. */
  readonly notifiedAt?: string;
  /** When the next urge of this ticket is possible. */
  readonly nextUrgeAt: string;
}

class AlreadyUrged extends Error {}

async function lastUrge(ctx: StoreContext, ticketId: string) {
  const out = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.urge(ticketId),
      ConsistentRead: true,
    }),
  );
  return out.Item as UrgeRecord | undefined;
}

const tooSoon = (urge: UrgeRecord) =>
  new ConflictError(
    `This ticket was urged at ${urge.urgedAt}; it may be urged again from ${urge.nextUrgeAt}.`,
  );

async function notifyAgency(ctx: StoreContext, ticket: TicketRecord, urge: UrgeRecord) {
  await sendToAgency(ctx, {
    ...agencyMessageOf(ticket, "ticket_urged", `urge:${urge.urgeId}`),
    clock: urge.clock,
    dueAt: urge.dueAt,
  });
  await ctx.clients.ddb.send(
    new UpdateCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.urge(urge.ticketId),
      UpdateExpression: "SET notifiedAt = if_not_exists(notifiedAt, :t)",
      ConditionExpression: "urgeId = :id",
      ExpressionAttributeValues: { ":t": ctx.clock.now().toISOString(), ":id": urge.urgeId },
    }),
  );
}

/**
 * Urge the agency on an open ticket whose running clock ran out. Throws NotFound (no such
 * ticket), Conflict (not overdue, or urged within the hour).
 */
export async function urgeTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
): Promise<UrgeRecord> {
  const ticket = await readTicket(ctx, ticketId);
  if (!ticket) throw new NotFoundError("Ticket");
  const previous = await lastUrge(ctx, ticketId);
  const now = ctx.clock.now();
  if (previous && Date.parse(previous.nextUrgeAt) > now.getTime()) {
    if (previous.notifiedAt) throw tooSoon(previous);
    // The last urge's message was never confirmed: send it now, as the same urge.
    await notifyAgency(ctx, ticket, previous);
    return previous;
  }
  let urge: UrgeRecord;
  try {
    urge = await commitCaseChange(
      ctx,
      ticket.caseId,
      async (kase, at) => {
        const current = await readTicket(ctx, ticketId);
        if (!current || !isOverdue(current, at)) {
          throw new ConflictError("Only a ticket past its running clock may be urged.");
        }
        const running = runningClock(current) as { clock: string; dueAt: string };
        const record: UrgeRecord = {
          urgeId: `${ticketId}:${at.toISOString()}`,
          ticketId,
          caseId: current.caseId,
          agency: current.agency,
          clock: running.clock,
          dueAt: running.dueAt,
          urgedAt: at.toISOString(),
          urgedBy: who.sub,
          nextUrgeAt: new Date(at.getTime() + URGE_INTERVAL_MS).toISOString(),
        };
        return {
          next: kase,
          items: [
            {
              Put: {
                TableName: ctx.config.mainTableName,
                Item: {
                  ...keys.urge(ticketId),
                  ...record,
                  // Kept a day past the interval, then DynamoDB's TTL removes it.
                  expiresAt: Math.floor((at.getTime() + URGE_INTERVAL_MS) / 1000) + 86_400,
                },
                ConditionExpression: "attribute_not_exists(pk) OR nextUrgeAt <= :now",
                ExpressionAttributeValues: { ":now": at.toISOString() },
              },
            },
          ],
          events: [
            {
              actor: actorOf(who),
              action: "ticket_urged",
              ticketId,
              details: {
                agency: record.agency,
                clock: record.clock,
                dueAt: record.dueAt,
                lateMs: at.getTime() - Date.parse(record.dueAt),
              },
            },
          ],
          result: record,
        };
      },
      () => new AlreadyUrged(),
    );
  } catch (error) {
    if (!(error instanceof AlreadyUrged)) throw error;
    // Another supervisor urged it a moment ago.
    const winner = await lastUrge(ctx, ticketId);
    throw winner ? tooSoon(winner) : new ConflictError("The ticket was urged meanwhile.");
  }
  await notifyAgency(ctx, ticket, urge);
  return { ...urge, notifiedAt: ctx.clock.now().toISOString() };
}
