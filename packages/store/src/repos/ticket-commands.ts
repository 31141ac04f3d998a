/**
 * The agencies' work on tickets: the inbox, and the commands of the ticket lifecycle. Each
 * command is one case transaction: the ticket's new state, the case's open-ticket record, any new
 * ticket, and the audit events. Access: an officer acts only on their own agency's tickets;
 * anyone else is told the ticket does not exist.
 */

import { SendMessageCommand } from "@aws-sdk/client-sqs";
import {
  type AcceptTicket,
  type AgencyCode,
  type AgencyEvent,
  type AgencyMessage,
  actionTypesFor,
  actorOf,
  type CloseTicket,
  caseStatusAfter,
  checkDeclinable,
  checkHandOver,
  checkRuler,
  clocksAfterAction,
  clocksStartedBy,
  closeOutcomesFor,
  type DeclineRuling,
  type DeclineTicket,
  dueTimesFor,
  extendedCloseDue,
  type Identity,
  InvalidInputError,
  inboxAgencyFor,
  isArt4Category,
  isLate,
  isOverdue,
  mayHandleTicket,
  mayReadTicket,
  measureTimeIssue,
  NotFoundError,
  NoticeSchema,
  nextStatus,
  PROTECTION_ORDER_CITATION,
  PreconditionFailedError,
  protectionOrderLatestExpiry,
  type ReferTicket,
  ruleOnDecline,
  type SlaPolicy,
  startClock,
  type TicketAction,
  type TicketClock,
  type TicketCommand,
  type TicketDecision,
  type TicketKind,
  type TicketStatus,
  upgradedToLead,
} from "@cp/domain";
import { recordAccessDenied } from "../audit/access-log.ts";
import { commitCaseChange, readCase } from "../case-transaction.ts";
import type { EventDraft, TransactItem } from "../change.ts";
import { queueUrls } from "../config.ts";
import type { StoreContext } from "../context.ts";
import { newId } from "../ids.ts";
import { INDEX, inboxStatusPrefix, keys, partitions } from "../keys.ts";
import type { Page } from "../pages.ts";
import { mainItem, queryPage } from "../query.ts";
import { type CaseRecord, type TicketRecord, ticketHeadline } from "../records.ts";
import { feedbackRecorded } from "./reporter-feedback.ts";
import { slaPolicyNow } from "./sla-policy.ts";
import {
  agencyMessageOf,
  newTicket,
  putNewTicket,
  putTicketUpdate,
  readTicket,
  readTickets,
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
  const optional = <K extends keyof TicketRecord>(k: K) =>
    t[k] !== undefined ? { [k]: t[k] } : {};
  return {
    ...ticketHeadline(t),
    acceptDueAt: t.acceptDueAt,
    closeDueAt: t.closeDueAt,
    extendableUntil: t.extendableUntil,
    extended: t.extended,
    ...optional("acceptedAt"),
    ...optional("closedAt"),
    ...optional("declinedAt"),
    ...optional("outcome"),
    overdue: isOverdue(t, now),
    version: t.version,
    routingRule: t.routingRule,
    ...optional("referredFrom"),
    ...optional("clocks"),
    ...optional("ruling"),
  };
}

/** The ticket, if the caller may see it: their agency's, or any for a supervisor. */
export async function visibleTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
): Promise<TicketRecord> {
  const ticket = await readTicket(ctx, ticketId);
  if (!ticket) {
    await recordAccessDenied(ctx, who, undefined, { via: "ticket", ticketId });
    throw new NotFoundError("Ticket");
  }
  if (!mayReadTicket(who, ticket)) {
    await recordAccessDenied(ctx, who, ticket.caseId, { via: "ticket", ticketId });
    throw new NotFoundError("Ticket", true);
  }
  return ticket;
}

interface InboxQuery {
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
  const now = ctx.clock.now();
  return queryPage(
    ctx,
    {
      TableName: ctx.config.mainTableName,
      IndexName: INDEX.inbox,
      KeyConditionExpression: query.status
        ? "gsi1pk = :pk AND begins_with(gsi1sk, :status)"
        : "gsi1pk = :pk",
      ExpressionAttributeValues: {
        ":pk": partition.gsi1pk,
        ...(query.status ? { ":status": inboxStatusPrefix(query.status) } : {}),
      },
    },
    query,
    partition,
    (items) => (items as TicketRecord[]).map((t) => ticketView(t, now)),
  );
}

interface CommandOptions {
  /** The version the caller last saw (If-Match); a stale one is a conflict. */
  readonly expectedVersion?: number;
}

interface TicketChange {
  readonly ticket: TicketRecord;
  readonly next?: Partial<CaseRecord>;
  readonly created?: TicketRecord;
  /** Another open ticket of the case changed with it (made the lead by a ruling). */
  readonly upgraded?: { readonly before: TicketRecord; readonly after: TicketRecord };
  readonly events: readonly EventDraft[];
  /** Notices besides the new ticket's, sent once the change is committed. */
  readonly notices?: readonly AgencyMessage[];
}

interface TicketCommandResult {
  readonly ticket: TicketView;
  readonly created?: TicketView;
}

/**
 * Run one lifecycle command on an officer's own ticket (or a supervisor's ruling, `rule`, whose
 * state rules are the domain's ruleOnDecline): read it, check access, version and state, let
 * `change` compute the new state, and commit it with the case.
 */
async function runCommand(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  command: TicketCommand | "rule",
  options: CommandOptions,
  change: (
    ticket: TicketRecord,
    kase: CaseRecord,
    now: Date,
  ) => TicketChange | Promise<TicketChange>,
): Promise<TicketCommandResult & { notices: AgencyMessage[] }> {
  const first = await readTicket(ctx, ticketId);
  if (!first) {
    await recordAccessDenied(ctx, who, undefined, { via: "ticket_command", ticketId });
    throw new NotFoundError("Ticket");
  }
  const mayAct = command === "rule" ? mayReadTicket : mayHandleTicket;
  if (!mayAct(who, first)) {
    await recordAccessDenied(ctx, who, first.caseId, { via: "ticket_command", ticketId });
    throw new NotFoundError("Ticket", true);
  }
  const result = await commitCaseChange(ctx, first.caseId, async (kase, now) => {
    const ticket = (await readTicket(ctx, ticketId)) as TicketRecord;
    if (options.expectedVersion !== undefined && options.expectedVersion !== ticket.version) {
      throw new PreconditionFailedError(
        `The ticket is at version ${ticket.version}, not ${options.expectedVersion}; read it again.`,
      );
    }
    if (command !== "rule") nextStatus(ticket.status, command);
    const c = await change(ticket, kase, now);
    const updated: TicketRecord = { ...c.ticket, version: ticket.version + 1 };
    let openTickets = withTicket(kase.openTickets, updated);
    if (c.created) openTickets = withTicket(openTickets, c.created);
    if (c.upgraded) openTickets = withTicket(openTickets, c.upgraded.after);
    const nextCase: CaseRecord = {
      ...kase,
      ...c.next,
      openTickets,
      agencies: c.created ? [...new Set([...kase.agencies, c.created.agency])] : kase.agencies,
    };
    const after = caseStatusAfter(kase.status, openTickets);
    const closing = after === "closing";
    const reopening = after === "reopening";
    const events: EventDraft[] = [...c.events];
    if (reopening) {
      events.push({
        actor: actorOf(who),
        action: "case_reopened",
        details: {
          byTicketId: ticketId,
          ...(c.created ? { newTicketId: c.created.ticketId } : {}),
        },
      });
    }
    const items: TransactItem[] = [
      putTicketUpdate(ctx, ticket, updated),
      ...(c.created ? [putNewTicket(ctx, c.created)] : []),
      ...(c.upgraded ? [putTicketUpdate(ctx, c.upgraded.before, c.upgraded.after)] : []),
    ];
    if (closing) {
      events.push({
        actor: actorOf(who),
        action: "case_closed",
        details: { lastTicketId: ticketId },
      });
      // The child keeps pointing at this case: a new report about them reopens it.
    }
    if (reopening) items.push(...(await reclaimChildPointers(ctx, kase)));
    const { closedAt: _closedAt, ...reopened } = nextCase;
    return {
      next: closing
        ? { ...nextCase, status: "closed" as const, closedAt: now.toISOString() }
        : reopening
          ? { ...reopened, status: "open" as const }
          : nextCase,
      items,
      events,
      tickets: [
        { before: ticket, after: updated },
        ...(c.created ? [{ after: c.created }] : []),
        ...(c.upgraded ? [c.upgraded] : []),
      ],
      rebuildOnItemConflict: options.expectedVersion === undefined,
      result: { updated, created: c.created, now, notices: c.notices ?? [] },
    };
  });
  const notices = [
    ...(result.created
      ? [agencyMessageOf(result.created, "ticket_created", result.created.ticketId)]
      : []),
    ...result.notices,
  ];
  for (const notice of notices) await sendToAgency(ctx, notice);
  return {
    ticket: ticketView(result.updated, result.now),
    ...(result.created ? { created: ticketView(result.created, result.now) } : {}),
    notices,
  };
}

/**
 * On reopening, the child points at this case again, so that a new report joins it; unless the
 * child already has another open case, which keeps the pointer.
 */
async function reclaimChildPointers(ctx: StoreContext, kase: CaseRecord): Promise<TransactItem[]> {
  const items: TransactItem[] = [];
  for (const f of kase.fingerprints) {
    const item = await mainItem(ctx, keys.child(f));
    if (item) continue;
    items.push({
      Put: {
        TableName: ctx.config.mainTableName,
        Item: { ...keys.child(f), caseId: kase.caseId },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
  }
  return items;
}

export async function acceptTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: AcceptTicket,
  options: CommandOptions = {},
) {
  return runCommand(ctx, who, ticketId, "accept", options, (ticket, kase, now) => ({
    ticket: {
      ...ticket,
      status: "accepted",
      acceptedAt: now.toISOString(),
    },
    next: { firstAcceptedAt: kase.firstAcceptedAt ?? now.toISOString() },
    events: [
      {
        actor: actorOf(who),
        action: "ticket_accepted",
        ticketId,
        details: {
          acceptDueAt: ticket.acceptDueAt,
          late: isLate(ticket.acceptDueAt, now),
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
  now: Date,
  policy: SlaPolicy,
  applies?: ReferTicket["applies"],
): TicketRecord {
  checkHandOver({
    from: from.agency,
    to,
    rule: ruleId,
    applies,
    openAgencies: Object.keys(kase.openTickets) as AgencyCode[],
  });
  const due = dueTimesFor(
    { agency: to, kind, immediateDanger: kase.immediateDanger, categories: kase.categories },
    now,
    policy,
  );
  const decision: TicketDecision = {
    agency: to,
    kind,
    ...due,
    routingRule: {
      tableVersion: 0,
      ruleId,
      // The writer's reason stays in the transfer or referral event, sealed under the case's key:
      // a ticket and its creation event carry no free text (they are not sealed).
      reason: `${ruleId} from ${from.agency} (ticket ${from.ticketId})`,
      alsoMatched: [],
    },
  };
  // An application the referral carries starts the court's statutory clock now (clocks.ts).
  const clocks = applies
    ? clocksStartedBy(to, { on: "referral_applies", applies }).map((id) =>
        startClock(id, now, kase.immediateDanger, policy),
      )
    : [];
  return newTicket(kase, newId(), decision, now, from.ticketId, clocks);
}

/** The ticket's clocks with these added (or nothing when there are none to add). */
function withClocks(ticket: TicketRecord, added: readonly TicketClock[]) {
  return added.length > 0 ? { clocks: [...(ticket.clocks ?? []), ...added] } : {};
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
      ...(created.clocks ? { clocks: created.clocks } : {}),
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
  const policy = await slaPolicyNow(ctx);
  let art4Lead = false;
  const result = await runCommand(ctx, who, ticketId, "decline", options, (ticket, kase, now) => {
    checkDeclinable(ticket);
    // A lead ticket on an 意见 Art. 4 category cannot bounce the child: only a legal reason
    // declines it, and a supervisor rules on it within the decline-ruling clock.
    art4Lead = ticket.kind === "lead" && ticket.categories.some(isArt4Category);
    if (art4Lead && !body.legalReason) {
      throw new InvalidInputError(
        "A lead ticket on a situation of 意见 Art. 4 is declined only for a legal reason (意见 Art. 8: 立即接受; 刑事诉讼法 Art. 110: 不属于自己管辖的，应当移送).",
        [
          {
            path: "legalReason",
            message: "required to decline a lead ticket on an Art. 4 situation",
          },
        ],
      );
    }
    const ruling = art4Lead
      ? withClocks(
          ticket,
          clocksStartedBy(ticket.agency, { on: "art4_lead_declined" }).map((id) =>
            startClock(id, now, kase.immediateDanger, policy),
          ),
        )
      : {};
    const created = body.suggestAgency
      ? handOver(kase, ticket, body.suggestAgency, ticket.kind, "transfer", now, policy)
      : undefined;
    return {
      ticket: { ...ticket, status: "declined", declinedAt: now.toISOString(), ...ruling },
      ...(created ? { created } : {}),
      events: [
        {
          actor: actorOf(who),
          action: "ticket_declined",
          ticketId,
          details: {
            reason: body.reason,
            ...(body.legalReason ? { legalReason: body.legalReason } : {}),
            ...(art4Lead ? { awaitsSupervisorRuling: true } : {}),
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
  if (!body.suggestAgency || art4Lead) {
    await alertSupervisors(ctx, result.ticket, art4Lead ? "art4_lead_declined" : "ticket_declined");
  }
  return result;
}

/**
 * A supervisor's ruling on a declined Art. 4 lead ticket (docs/domain.md, "Declines"): 撤销 sends
 * it back to its agency, pending with fresh clocks; 维持 keeps the decline and makes the named
 * agency lead (a new ticket, or its open support ticket upgraded). One case transaction, one
 * `decline_ruled` event naming the supervisor, the ruling and the reason; the agency the lead
 * goes (back) to is notified.
 */
export async function ruleOnDeclinedTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: DeclineRuling,
  options: CommandOptions = {},
) {
  const policy = await slaPolicyNow(ctx);
  return runCommand(ctx, who, ticketId, "rule", options, async (ticket, kase, now) => {
    checkRuler(who, ticket);
    const r = ruleOnDecline(ticket, body, {
      openTickets: kase.openTickets,
      immediateDanger: kase.immediateDanger,
      now,
      policy,
    });
    const lead = r.lead;
    const routingRule = {
      tableVersion: 0,
      ruleId: "ruling",
      reason: `lead after the decline of ${ticket.agency} (ticket ${ticket.ticketId}) was upheld`,
      alsoMatched: [],
    };
    const created =
      lead?.action === "create"
        ? newTicket(
            kase,
            newId(),
            { agency: lead.agency, kind: "lead", ...lead.due, routingRule },
            now,
            ticket.ticketId,
          )
        : undefined;
    let upgraded: TicketChange["upgraded"];
    if (lead?.action === "upgrade") {
      const before = (await readTicket(ctx, lead.ticketId)) as TicketRecord;
      upgraded = {
        before,
        after: {
          ...upgradedToLead(before, lead.due),
          routingRule,
          categories: kase.categories,
          immediateDanger: kase.immediateDanger,
          version: before.version + 1,
        },
      };
    }
    const events: EventDraft[] = [
      {
        actor: actorOf(who),
        action: "decline_ruled",
        ticketId,
        details: {
          ruling: body.ruling,
          reason: body.reason,
          rulingDueAt: r.dueAt,
          late: r.late,
          ...(body.ruling === "overturn"
            ? { acceptDueAt: r.ticket.acceptDueAt, closeDueAt: r.ticket.closeDueAt }
            : {
                toAgency: body.toAgency,
                lead: lead?.action,
                leadTicketId: created?.ticketId ?? (lead as { ticketId: string }).ticketId,
              }),
        },
      },
      ...(created ? [handedOverEvent(who, created, ticketId)] : []),
      ...(upgraded
        ? [
            {
              actor: actorOf(who),
              action: "ticket_upgraded",
              ticketId: upgraded.after.ticketId,
              details: {
                byRulingOn: ticketId,
                agency: upgraded.after.agency,
                kind: { from: upgraded.before.kind, to: upgraded.after.kind },
                acceptDueAt: upgraded.after.acceptDueAt,
                closeDueAt: upgraded.after.closeDueAt,
              },
            },
          ]
        : []),
    ];
    const notices: AgencyMessage[] = [
      ...(body.ruling === "overturn"
        ? [agencyMessageOf(r.ticket, "decline_overturned", `${ticketId}:decline_overturned`)]
        : []),
      ...(upgraded
        ? [
            agencyMessageOf(
              upgraded.after,
              "ticket_upgraded",
              `${upgraded.after.ticketId}:ruling:${ticketId}`,
            ),
          ]
        : []),
    ];
    return {
      ticket: r.ticket,
      ...(created ? { created } : {}),
      ...(upgraded ? { upgraded } : {}),
      events,
      notices,
    };
  });
}

/** A notice for supervisors: ids and reasons only. */
async function alertSupervisors(
  ctx: StoreContext,
  ticket: Pick<TicketView, "ticketId" | "caseId" | "referenceNo" | "agency" | "version">,
  reason: string,
) {
  await ctx.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrls(ctx.config).supervisors,
      MessageBody: JSON.stringify(
        NoticeSchema.parse({
          event: reason,
          ticketId: ticket.ticketId,
          caseId: ticket.caseId,
          referenceNo: ticket.referenceNo,
          agency: ticket.agency,
          noticeId: `${ticket.ticketId}:${reason}:${ticket.version}`,
        }),
      ),
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
  const policy = await slaPolicyNow(ctx);
  const result = await runCommand(ctx, who, ticketId, "action", options, (ticket, kase, now) => {
    if (!actionTypesFor(ticket.agency).includes(body.type)) {
      throw new InvalidInputError(`"${body.type}" is not a measure of ${ticket.agency}.`, [
        { path: "type", message: `one of: ${actionTypesFor(ticket.agency).join(", ")}` },
      ]);
    }
    const occurredAt = body.occurredAt ?? now.toISOString();
    const badTime = measureTimeIssue(occurredAt, ticket.createdAt, now.getTime());
    if (badTime) {
      throw new InvalidInputError("The measure's time is not possible.", [
        { path: "occurredAt", message: badTime },
      ]);
    }
    if (body.type !== "extend") {
      const expiresAt =
        body.type === "protection_order_issued" ? orderExpiry(body, now) : undefined;
      const before = ticket.clocks ?? [];
      const clocks = clocksAfterAction(
        before,
        ticket.agency,
        body.type,
        now,
        kase.immediateDanger,
        policy,
        expiresAt,
      );
      const started = clocks.slice(before.length).map((c) => c.id);
      const stopped = clocks
        .filter(
          (c, i) => before[i] && before[i].stoppedAt === undefined && c.stoppedAt !== undefined,
        )
        .map((c) => c.id);
      const notFiled = body.type === "not_filed" ? notFiledNotice(who, kase, ticket, body) : [];
      return {
        ticket: clocks.length > 0 ? { ...ticket, clocks } : ticket,
        ...(body.type === "reporter_feedback" ? { next: feedbackRecorded(kase, occurredAt) } : {}),
        ...(body.type === "not_filed"
          ? { next: { notFiled: { at: now.toISOString(), reason: body.note } } }
          : {}),
        events: [
          {
            actor: actorOf(who),
            action: "ticket_action",
            ticketId,
            details: {
              type: body.type,
              note: body.note,
              occurredAt,
              ...(expiresAt ? { expiresAt } : {}),
              ...(started.length > 0 ? { clocksStarted: started } : {}),
              ...(stopped.length > 0 ? { clocksStopped: stopped } : {}),
            },
          },
          ...notFiled,
        ],
      };
    }
    return extend(who, ticket, body, now);
  });
  if (body.type === "not_filed") await tellOversight(ctx, result.ticket.caseId, "not_filed");
  return result;
}

/** A notice to the procuratorate's open oversight ticket on the case (ids only, no free text). */
async function tellOversight(ctx: StoreContext, caseId: string, event: AgencyEvent) {
  const kase = await readCase(ctx, caseId);
  const ref = kase?.openTickets.procuratorate;
  if (!ref) return;
  const [oversight] = await readTickets(ctx, [ref.ticketId]);
  if (oversight) {
    await sendToAgency(ctx, agencyMessageOf(oversight, event, `${oversight.ticketId}:${event}`));
  }
}

/**
 * A protection order's expiry: the `dueAt` the court gives, at most six months from now
 * (反家暴法 Art. 30); six months when not given.
 */
function orderExpiry(body: TicketAction, now: Date): string {
  const latest = protectionOrderLatestExpiry(now).toISOString();
  if (!body.dueAt) return latest;
  const at = new Date(body.dueAt).toISOString();
  if (at <= now.toISOString() || at > latest) {
    throw new InvalidInputError(
      `A protection order lasts at most six months (${PROTECTION_ORDER_CITATION}).`,
      [{ path: "dueAt", message: `must be after now and no later than ${latest}` }],
    );
  }
  return at;
}

/**
 * 不予立案: the procuratorate's oversight ticket on the case is told, with the reason, on its own
 * audit entry (刑事诉讼法 Arts. 112–113); the queue notice carries no free text.
 */
function notFiledNotice(
  who: Identity,
  kase: CaseRecord,
  ticket: TicketRecord,
  body: TicketAction,
): EventDraft[] {
  const oversight = kase.openTickets.procuratorate;
  if (!oversight) return [];
  return [
    {
      actor: actorOf(who),
      action: "not_filed_notified",
      ticketId: oversight.ticketId,
      details: { fromTicketId: ticket.ticketId, fromAgency: ticket.agency, reason: body.note },
    },
  ];
}

/** `extend`: move the close-due time once, with a reason, within the SLA policy's bound. */
function extend(who: Identity, ticket: TicketRecord, body: TicketAction, now: Date): TicketChange {
  const dueAt = extendedCloseDue(ticket, body.dueAt, now);
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
  const policy = await slaPolicyNow(ctx);
  return runCommand(ctx, who, ticketId, "refer", options, (ticket, kase, now) => {
    const created = handOver(
      kase,
      ticket,
      body.toAgency,
      "support",
      "referral",
      now,
      policy,
      body.applies,
    );
    return {
      ticket,
      created,
      events: [
        {
          actor: actorOf(who),
          action: "ticket_referred",
          ticketId,
          details: {
            toAgency: body.toAgency,
            request: body.request,
            reason: body.reason,
            ...(body.applies ? { applies: body.applies } : {}),
          },
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
    // Closing answers the ticket's running clocks, except a protection order's expiry reminder,
    // which outlives the ticket (反家暴法 Art. 30).
    const clocks = ticket.clocks?.map((c) =>
      c.stoppedAt === undefined && c.id !== "protection_order_expiry_reminder"
        ? { ...c, stoppedAt: now.toISOString(), stoppedBy: "ticket_closed" }
        : c,
    );
    return {
      ticket: {
        ...ticket,
        status: "closed",
        closedAt: now.toISOString(),
        outcome: body.outcome,
        ...(clocks ? { clocks } : {}),
      },
      events: [
        {
          actor: actorOf(who),
          action: "ticket_closed",
          ticketId,
          details: {
            outcome: body.outcome,
            summary: body.summary,
            closeDueAt: ticket.closeDueAt,
            late: isLate(ticket.closeDueAt, now),
          },
        },
      ],
    };
  });
}
