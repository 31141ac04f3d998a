/**
 * The agencies' work on tickets: the inbox, and the commands of the ticket lifecycle. Each
 * command is one case transaction: the ticket's new state, the case's open-ticket record, any new
 * ticket, and the audit events. Access: an officer acts only on their own agency's tickets;
 * anyone else is told the ticket does not exist.
 */

import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AcceptTicket,
  type AgencyCode,
  actionTypesFor,
  actorOf,
  type CloseTicket,
  ConflictError,
  caseIsOpen,
  closeOutcomesFor,
  DEFAULT_SLA_POLICY,
  type DeclineTicket,
  dueTimesFor,
  type Identity,
  InvalidInputError,
  inboxAgencyFor,
  mayHandleTicket,
  mayReadTicket,
  NotFoundError,
  nextStatus,
  type ReferTicket,
  type TicketAction,
  type TicketCommand,
  type TicketDecision,
  type TicketKind,
  type TicketStatus,
} from "@cp/domain";
import { recordAccessDenied } from "../audit/access-log.ts";
import { commitCaseChange } from "../case-transaction.ts";
import type { EventDraft, TransactItem } from "../change.ts";
import { queueUrls } from "../config.ts";
import type { StoreContext } from "../context.ts";
import { newId } from "../ids.ts";
import { INDEX, inboxStatusPrefix, keys, partitions } from "../keys.ts";
import { nextCursor, type Page, startKey } from "../pages.ts";
import { type CaseRecord, runningDueAt, type TicketRecord } from "../records.ts";
import { feedbackRecorded } from "./reporter-feedback.ts";
import {
  type AgencyMessage,
  agencyMessageOf,
  newTicket,
  putNewTicket,
  putTicketUpdate,
  readTicket,
  sendToAgency,
  withTicket,
} from "./tickets.ts";

/** The contract's fields of a ticket, and whether it is overdue at the moment of reading. */
export type TicketView = Omit<
  TicketRecord,
  "slaRules" | "categories" | "townships" | "immediateDanger"
> & { readonly overdue: boolean };

/** A ticket as the API shows it: the contract's fields only; `overdue` judged at reading time. */
export function ticketView(t: TicketRecord, now: Date): TicketView {
  const due = runningDueAt(t);
  const optional = <K extends keyof TicketRecord>(k: K) =>
    t[k] !== undefined ? { [k]: t[k] } : {};
  return {
    ticketId: t.ticketId,
    caseId: t.caseId,
    referenceNo: t.referenceNo,
    agency: t.agency,
    kind: t.kind,
    status: t.status,
    createdAt: t.createdAt,
    acceptDueAt: t.acceptDueAt,
    closeDueAt: t.closeDueAt,
    extendableUntil: t.extendableUntil,
    extended: t.extended,
    ...optional("acceptedAt"),
    ...optional("closedAt"),
    ...optional("declinedAt"),
    ...optional("outcome"),
    overdue: due !== null && due < now.toISOString(),
    version: t.version,
    routingRule: t.routingRule,
    ...optional("referredFrom"),
  };
}

/** The ticket, if the caller may see it: their agency's, or any for a supervisor. */
export async function visibleTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
): Promise<TicketRecord> {
  const ticket = await readTicket(ctx, ticketId);
  if (!ticket) throw new NotFoundError("Ticket");
  if (!mayReadTicket(who, ticket)) {
    await recordAccessDenied(ctx, who, ticket.caseId, { via: "ticket", ticketId });
    throw new NotFoundError("Ticket");
  }
  return ticket;
}

export interface InboxQuery {
  readonly status?: TicketStatus;
  readonly agency?: AgencyCode;
  readonly limit: number;
  readonly cursor?: string;
}

/** An agency's tickets, pending first, then by the due time that runs now, soonest first. */
export async function inbox(
  ctx: StoreContext,
  who: Identity,
  query: InboxQuery,
): Promise<Page<TicketView>> {
  const agency = inboxAgencyFor(who, query.agency);
  const partition = { gsi1pk: partitions.inbox(agency) };
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: INDEX.inbox,
      KeyConditionExpression: query.status
        ? "gsi1pk = :pk AND begins_with(gsi1sk, :status)"
        : "gsi1pk = :pk",
      ExpressionAttributeValues: {
        ":pk": partition.gsi1pk,
        ...(query.status ? { ":status": inboxStatusPrefix(query.status) } : {}),
      },
      Limit: query.limit,
      ExclusiveStartKey: startKey(query.cursor, partition),
    }),
  );
  const now = ctx.clock.now();
  const cursor = nextCursor(out.LastEvaluatedKey);
  return {
    items: ((out.Items ?? []) as TicketRecord[]).map((t) => ticketView(t, now)),
    ...(cursor ? { nextCursor: cursor } : {}),
  };
}

interface CommandOptions {
  /** The version the caller last saw (If-Match); a stale one is a conflict. */
  readonly expectedVersion?: number;
}

interface TicketChange {
  readonly ticket: TicketRecord;
  readonly next?: Partial<CaseRecord>;
  readonly created?: TicketRecord;
  readonly events: readonly EventDraft[];
}

export interface TicketCommandResult {
  readonly ticket: TicketView;
  readonly created?: TicketView;
}

/**
 * Run one lifecycle command on an officer's own ticket: read it, check access, version and
 * state, let `change` compute the new state, and commit it with the case.
 */
async function runCommand(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  command: TicketCommand,
  options: CommandOptions,
  change: (ticket: TicketRecord, kase: CaseRecord, now: Date) => TicketChange,
): Promise<TicketCommandResult & { notices: AgencyMessage[] }> {
  const first = await readTicket(ctx, ticketId);
  if (!first) throw new NotFoundError("Ticket");
  if (!mayHandleTicket(who, first)) {
    await recordAccessDenied(ctx, who, first.caseId, { via: "ticket_command", ticketId });
    throw new NotFoundError("Ticket");
  }
  const result = await commitCaseChange(ctx, first.caseId, async (kase, now) => {
    const ticket = (await readTicket(ctx, ticketId)) as TicketRecord;
    if (options.expectedVersion !== undefined && options.expectedVersion !== ticket.version) {
      throw new ConflictError(
        `The ticket is at version ${ticket.version}, not ${options.expectedVersion}; read it again.`,
      );
    }
    nextStatus(ticket.status, command);
    const c = change(ticket, kase, now);
    const updated: TicketRecord = { ...c.ticket, version: ticket.version + 1 };
    let openTickets = withTicket(kase.openTickets, updated);
    if (c.created) openTickets = withTicket(openTickets, c.created);
    const nextCase: CaseRecord = {
      ...kase,
      ...c.next,
      openTickets,
      agencies: c.created ? [...new Set([...kase.agencies, c.created.agency])] : kase.agencies,
    };
    // Every entry of openTickets is pending or accepted, so its kind decides.
    const stillOpen = caseIsOpen(
      Object.values(openTickets).map((o) => ({ kind: o.kind, status: "pending" as const })),
    );
    const closing = kase.status === "open" && !stillOpen;
    const events: EventDraft[] = [...c.events];
    const items: TransactItem[] = [
      putTicketUpdate(ctx, ticket, updated),
      ...(c.created ? [putNewTicket(ctx, c.created)] : []),
    ];
    if (closing) {
      events.push({
        actor: actorOf(who),
        action: "case_closed",
        details: { lastTicketId: ticketId },
      });
      // The child is no longer on an open case: a new report opens a new case.
      for (const f of kase.fingerprints) {
        items.push({
          Delete: {
            TableName: ctx.config.mainTableName,
            Key: keys.child(f),
            ConditionExpression: "caseId = :c",
            ExpressionAttributeValues: { ":c": kase.caseId },
          },
        });
      }
    }
    return {
      next: closing
        ? { ...nextCase, status: "closed" as const, closedAt: now.toISOString() }
        : nextCase,
      items,
      events,
      tickets: [{ before: ticket, after: updated }, ...(c.created ? [{ after: c.created }] : [])],
      result: { updated, created: c.created, now },
    };
  });
  const notices = result.created
    ? [agencyMessageOf(result.created, "ticket_created", result.created.ticketId)]
    : [];
  for (const notice of notices) await sendToAgency(ctx, notice);
  return {
    ticket: ticketView(result.updated, result.now),
    ...(result.created ? { created: ticketView(result.created, result.now) } : {}),
    notices,
  };
}

export async function acceptTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: AcceptTicket,
  options: CommandOptions = {},
) {
  return runCommand(ctx, who, ticketId, "accept", options, (ticket, kase, now) => ({
    ticket: { ...ticket, status: "accepted", acceptedAt: now.toISOString() },
    next: { firstAcceptedAt: kase.firstAcceptedAt ?? now.toISOString() },
    events: [
      {
        actor: actorOf(who),
        action: "ticket_accepted",
        ticketId,
        details: {
          acceptDueAt: ticket.acceptDueAt,
          late: now.toISOString() > ticket.acceptDueAt,
          ...(body.note ? { note: body.note } : {}),
        },
      },
    ],
  }));
}

/** A new pending ticket for another agency on the same case (transfer or referral). */
function handOver(
  kase: CaseRecord,
  from: TicketRecord,
  to: AgencyCode,
  kind: TicketKind,
  ruleId: "transfer" | "referral",
  reason: string,
  now: Date,
): TicketRecord {
  if (to === from.agency) {
    throw new InvalidInputError("A ticket cannot be handed to its own agency.", [
      {
        path: ruleId === "transfer" ? "suggestAgency" : "toAgency",
        message: "must be another agency",
      },
    ]);
  }
  if (kase.openTickets[to]) {
    throw new ConflictError(`The agency ${to} already holds an open ticket on this case.`);
  }
  const due = dueTimesFor(
    { agency: to, kind, immediateDanger: kase.immediateDanger, categories: kase.categories },
    now,
    DEFAULT_SLA_POLICY,
  );
  const decision: TicketDecision = {
    agency: to,
    kind,
    ...due,
    routingRule: {
      tableVersion: 0,
      ruleId,
      reason: `${ruleId} from ${from.agency} (ticket ${from.ticketId}): ${reason}`,
      alsoMatched: [],
    },
  };
  return newTicket(kase, newId(), decision, now, from.ticketId);
}

/** The audit event of a ticket created by a transfer or a referral. */
function handedOverEvent(who: Identity, created: TicketRecord, from: string): EventDraft {
  return {
    actor: actorOf(who),
    action: "ticket_created",
    ticketId: created.ticketId,
    details: {
      agency: created.agency,
      kind: created.kind,
      acceptDueAt: created.acceptDueAt,
      closeDueAt: created.closeDueAt,
      routingRule: created.routingRule,
      referredFrom: from,
    },
  };
}

export async function declineTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: DeclineTicket,
  options: CommandOptions = {},
) {
  const result = await runCommand(ctx, who, ticketId, "decline", options, (ticket, kase, now) => {
    const created = body.suggestAgency
      ? handOver(kase, ticket, body.suggestAgency, ticket.kind, "transfer", body.reason, now)
      : undefined;
    return {
      ticket: { ...ticket, status: "declined", declinedAt: now.toISOString() },
      ...(created ? { created } : {}),
      events: [
        {
          actor: actorOf(who),
          action: "ticket_declined",
          ticketId,
          details: {
            reason: body.reason,
            ...(body.suggestAgency ? { transferredTo: body.suggestAgency } : {}),
          },
        },
        ...(created
          ? [handedOverEvent(who, created, ticketId)]
          : [
              {
                actor: actorOf(who),
                action: "supervisor_alerted",
                ticketId,
                details: { why: "declined without a suggested agency" },
              },
            ]),
      ],
    };
  });
  if (!body.suggestAgency) await alertSupervisors(ctx, result.ticket, "ticket_declined");
  return result;
}

/** A notice for supervisors: ids and reasons only. */
export async function alertSupervisors(
  ctx: StoreContext,
  ticket: Pick<TicketView, "ticketId" | "caseId" | "referenceNo" | "agency" | "version">,
  reason: string,
) {
  await ctx.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrls(ctx.config).supervisors,
      MessageBody: JSON.stringify({
        event: reason,
        ticketId: ticket.ticketId,
        caseId: ticket.caseId,
        referenceNo: ticket.referenceNo,
        agency: ticket.agency,
        noticeId: `${ticket.ticketId}:${reason}:${ticket.version}`,
      }),
      MessageGroupId: ticket.caseId,
      MessageDeduplicationId: `${ticket.ticketId}:${reason}:${ticket.version}`,
    }),
  );
}

export async function recordAction(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: TicketAction,
  options: CommandOptions = {},
) {
  return runCommand(ctx, who, ticketId, "action", options, (ticket, kase, now) => {
    if (!actionTypesFor(ticket.agency).includes(body.type)) {
      throw new InvalidInputError(`"${body.type}" is not a measure of ${ticket.agency}.`, [
        { path: "type", message: `one of: ${actionTypesFor(ticket.agency).join(", ")}` },
      ]);
    }
    const occurredAt = body.occurredAt ?? now.toISOString();
    if (body.type !== "extend") {
      return {
        ticket,
        ...(body.type === "reporter_feedback" ? { next: feedbackRecorded(kase, occurredAt) } : {}),
        events: [
          {
            actor: actorOf(who),
            action: "ticket_action",
            ticketId,
            details: { type: body.type, note: body.note, occurredAt },
          },
        ],
      };
    }
    return extend(who, ticket, body, now);
  });
}

/** `extend`: move the close-due time once, with a reason, within the SLA policy's bound. */
function extend(who: Identity, ticket: TicketRecord, body: TicketAction, now: Date): TicketChange {
  if (!body.dueAt) {
    throw new InvalidInputError("An extension names the new due time.", [
      { path: "dueAt", message: "required for extend" },
    ]);
  }
  if (ticket.extended) throw new ConflictError("This ticket was already extended once.");
  if (ticket.closeDueAt === null || ticket.extendableUntil === null) {
    throw new ConflictError("This ticket has no close clock to extend.");
  }
  const dueAt = new Date(body.dueAt).toISOString();
  if (dueAt <= ticket.closeDueAt || dueAt > ticket.extendableUntil || dueAt <= now.toISOString()) {
    throw new InvalidInputError("The new due time is outside what the policy allows.", [
      {
        path: "dueAt",
        message: `must be after ${ticket.closeDueAt} and no later than ${ticket.extendableUntil}`,
      },
    ]);
  }
  return {
    ticket: { ...ticket, closeDueAt: dueAt, extended: true },
    events: [
      {
        actor: actorOf(who),
        action: "ticket_extended",
        ticketId: ticket.ticketId,
        details: { from: ticket.closeDueAt, to: dueAt, reason: body.note },
      },
    ],
  };
}

export async function referTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: ReferTicket,
  options: CommandOptions = {},
) {
  return runCommand(ctx, who, ticketId, "refer", options, (ticket, kase, now) => {
    const created = handOver(kase, ticket, body.toAgency, "support", "referral", body.reason, now);
    return {
      ticket,
      created,
      events: [
        {
          actor: actorOf(who),
          action: "ticket_referred",
          ticketId,
          details: { toAgency: body.toAgency, request: body.request, reason: body.reason },
        },
        handedOverEvent(who, created, ticketId),
      ],
    };
  });
}

export async function closeTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: CloseTicket,
  options: CommandOptions = {},
) {
  return runCommand(ctx, who, ticketId, "close", options, (ticket, _kase, now) => {
    if (!closeOutcomesFor(ticket.agency).includes(body.outcome)) {
      throw new InvalidInputError(
        `"${body.outcome}" is not an outcome ${ticket.agency} may close with.`,
        [{ path: "outcome", message: `one of: ${closeOutcomesFor(ticket.agency).join(", ")}` }],
      );
    }
    return {
      ticket: { ...ticket, status: "closed", closedAt: now.toISOString(), outcome: body.outcome },
      events: [
        {
          actor: actorOf(who),
          action: "ticket_closed",
          ticketId,
          details: {
            outcome: body.outcome,
            summary: body.summary,
            closeDueAt: ticket.closeDueAt,
            late: ticket.closeDueAt !== null && now.toISOString() > ticket.closeDueAt,
          },
        },
      ],
    };
  });
}
