import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ClockId,
  ConflictError,
  type Notice,
  runningClock,
  runningDueAt,
  SYSTEM_ACTOR,
} from "@cp/domain";
import { commitCaseChange } from "../case-transaction.ts";
import type { StoreContext } from "../context.ts";
import { keys } from "../keys.ts";
import { mainItem, mainItems } from "../query.ts";
import type { TicketRecord } from "../records.ts";
import { type FeedbackClock, wasFedBack } from "./reporter-feedback.ts";
import { readTicket, sendToSupervisors } from "./tickets.ts";

/** Which clock ran out. */
type EscalatedClock = "accept" | "close" | "reporter_feedback" | ClockId;

export interface EscalationRecord {
  readonly escalationId: string;
  readonly clock: EscalatedClock;
  readonly dueAt: string;
  readonly escalatedAt: string;
  readonly caseId: string;
  readonly referenceNo: string;
  readonly ticketId?: string;
  readonly reportId?: string;
  readonly agency?: string;
  readonly kind?: string;
  readonly categories: readonly string[];
  readonly townships: readonly string[];
  /** Set once the supervisors' queue took the message. */
  readonly notifiedAt?: string;
}

/** What the sweeper found due: a ticket's running clock, or a report's feedback clock. */
export type DueItem =
  | { readonly type: "ticket"; readonly ticket: TicketRecord }
  | { readonly type: "feedback"; readonly clock: FeedbackClock };

export type EscalationOutcome =
  /** Escalated now: record, audit event and message. */
  | "escalated"
  /** Escalated before; its message was sent again because it had not been confirmed. */
  | "renotified"
  /** Escalated and notified before: nothing to do. */
  | "already_escalated"
  /** Another sweeper escalated it a moment ago; its message is that sweeper's to send. */
  | "raced"
  /** The clock stopped meanwhile (ticket accepted or closed, reporter fed back). */
  | "stopped";

const subjectOf = (item: DueItem) =>
  item.type === "ticket"
    ? { id: item.ticket.ticketId, dueAt: runningDueAt(item.ticket) as string }
    : { id: item.clock.reportId, dueAt: item.clock.dueAt };

/** The escalation's key for a due item: (ticket or report, due time). */
const escalationKeyOf = (item: DueItem) => {
  const s = subjectOf(item);
  return keys.escalation(s.id, s.dueAt);
};

export const escalationIdOf = (item: DueItem) => {
  const s = subjectOf(item);
  return `${s.id}#${s.dueAt}`;
};

function escalationOf(item: DueItem, now: Date): EscalationRecord {
  const escalatedAt = now.toISOString();
  if (item.type === "feedback") {
    const c = item.clock;
    return {
      escalationId: escalationIdOf(item),
      clock: "reporter_feedback",
      dueAt: c.dueAt,
      escalatedAt,
      caseId: c.caseId,
      referenceNo: c.referenceNo,
      reportId: c.reportId,
      categories: c.categories,
      townships: c.townships,
    };
  }
  const t = item.ticket;
  return {
    escalationId: escalationIdOf(item),
    clock: (runningClock(t)?.clock ?? "close") as EscalatedClock,
    dueAt: runningDueAt(t) as string,
    escalatedAt,
    caseId: t.caseId,
    referenceNo: t.referenceNo,
    ticketId: t.ticketId,
    agency: t.agency,
    kind: t.kind,
    categories: t.categories,
    townships: t.townships,
  };
}

/** The existing escalation records among these due items, by escalation id. */
export async function existingEscalations(
  ctx: StoreContext,
  items: readonly DueItem[],
): Promise<Map<string, EscalationRecord>> {
  const stored = await mainItems(ctx, items.map(escalationKeyOf), { consistent: true });
  return new Map((stored as EscalationRecord[]).map((r) => [r.escalationId, r]));
}

class ClockStopped extends Error {}
class AlreadyEscalated extends Error {}

async function escalationExists(ctx: StoreContext, item: DueItem) {
  const stored = await mainItem(ctx, escalationKeyOf(item));
  return stored !== undefined;
}

/**
 * Write the escalation with its audit event in one case transaction, unless the clock stopped
 * meanwhile or someone else escalated first. Returns the record written, or why not.
 */
async function commitEscalation(
  ctx: StoreContext,
  item: DueItem,
): Promise<EscalationRecord | "stopped" | "raced"> {
  const caseId = caseOf(item);
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(ctx, item, caseId);
    } catch (error) {
      if (error instanceof ClockStopped) return "stopped";
      if (error instanceof AlreadyEscalated) return "raced";
      // Another change to the same case won the audit chain's next slot: rebuild and try again.
      if (error instanceof ConflictError && attempt < BUSY_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        continue;
      }
      throw error;
    }
  }
}

const BUSY_ATTEMPTS = 5;

export const caseOf = (item: DueItem) =>
  item.type === "ticket" ? item.ticket.caseId : item.clock.caseId;

function commitOnce(ctx: StoreContext, item: DueItem, caseId: string) {
  return commitCaseChange(
    ctx,
    caseId,
    async (kase, now) => {
      const record = escalationOf(item, now);
      if (record.dueAt >= now.toISOString()) throw new ClockStopped();
      if (item.type === "ticket") {
        // The ticket as it is now: accepted, closed or extended meanwhile means this clock stopped.
        const current = await readTicket(ctx, item.ticket.ticketId);
        if (!current || runningDueAt(current) !== record.dueAt) throw new ClockStopped();
      } else if (wasFedBack(kase, item.clock.receivedAt)) {
        throw new ClockStopped();
      }
      if (await escalationExists(ctx, item)) throw new AlreadyEscalated();
      return {
        next: kase,
        items: [
          {
            Put: {
              TableName: ctx.config.mainTableName,
              Item: { ...escalationKeyOf(item), ...record },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
        events: [
          {
            actor: SYSTEM_ACTOR,
            action: item.type === "ticket" ? "ticket_overdue" : "reporter_feedback_overdue",
            ...(record.ticketId ? { ticketId: record.ticketId } : {}),
            details: {
              escalationId: record.escalationId,
              clock: record.clock,
              dueAt: record.dueAt,
              ...(record.agency ? { agency: record.agency, kind: record.kind } : {}),
              ...(record.reportId
                ? { reportId: record.reportId, referenceNo: record.referenceNo }
                : {}),
            },
          },
        ],
        result: record,
      };
    },
    () => new AlreadyEscalated(),
  );
}

/** The supervisors' notice of an escalation: the fields a notification may carry, no more. */
export function escalationNotice(record: EscalationRecord): Notice {
  return {
    event: record.clock === "reporter_feedback" ? "reporter_feedback_overdue" : "ticket_overdue",
    noticeId: `escalation:${record.escalationId}`,
    caseId: record.caseId,
    referenceNo: record.referenceNo,
    ...(record.ticketId ? { ticketId: record.ticketId } : {}),
    ...(record.reportId ? { reportId: record.reportId } : {}),
    ...(record.agency ? { agency: record.agency } : {}),
    ...(record.kind ? { kind: record.kind } : {}),
    categories: [...record.categories],
    townships: [...record.townships],
    dueAt: record.dueAt,
    clock: record.clock,
  };
}

/** Send the escalation to the supervisors' queue, then mark it notified. */
async function notifySupervisors(ctx: StoreContext, record: EscalationRecord) {
  await sendToSupervisors(ctx, escalationNotice(record));
  const [subjectId] = record.escalationId.split("#") as [string];
  await ctx.clients.ddb.send(
    new UpdateCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.escalation(subjectId, record.dueAt),
      UpdateExpression: "SET notifiedAt = if_not_exists(notifiedAt, :t)",
      ExpressionAttributeValues: { ":t": ctx.clock.now().toISOString() },
    }),
  );
}

/**
 * Escalate one due item once for its due time. `known` is the escalation record a batch read
 * already found, if any (it saves a transaction attempt per already escalated item).
 */
export async function escalate(
  ctx: StoreContext,
  item: DueItem,
  known?: EscalationRecord,
): Promise<EscalationOutcome> {
  if (known) {
    if (known.notifiedAt) return "already_escalated";
    await notifySupervisors(ctx, known);
    return "renotified";
  }
  const written = await commitEscalation(ctx, item);
  if (written === "stopped" || written === "raced") return written;
  await notifySupervisors(ctx, written);
  return "escalated";
}
