/**
 * The ticket commands as decisions: from the state (the ticket, its case, the other tickets the
 * command needs), the command, the SLA policy in force and the clock, to a change — the ticket
 * after, any ticket created or upgraded, the case after, the audit events, and the notices to
 * send once the change is recorded. Pure: the store loads the state, asks `decideTicketCommand`,
 * and writes the change in one transaction. A refusal is the domain error the caller sees.
 *
 *   accept · decline (transfer, Art. 4 ruling clock) · action (measures, clocks, 不予立案,
 *   reporter feedback, extend) · refer · close · rule (a supervisor's 撤销/维持)
 */
import type { AgencyCode } from "../agencies.ts";
import type { EventDraft } from "../audit/chain.ts";
import {
  clocksAfterAction,
  clocksStartedBy,
  protectionOrderLatestExpiry,
  startClock,
  type TicketClock,
} from "../clocks.ts";
import { ConflictError, InvalidInputError, PreconditionFailedError } from "../errors.ts";
import { measureTimeIssue } from "../input-rules.ts";
import type { AgencyMessage, Notice } from "../messages.ts";
import { actorOf, type Identity } from "../roles/identity.ts";
import type {
  AcceptTicket,
  CloseTicket,
  DeclineRuling,
  DeclineTicket,
  ReferTicket,
  TicketAction,
  TicketKind,
} from "../schemas.ts";
import { dueTimesFor, type SlaPolicy } from "../sla/clocks.ts";
import { isLate } from "../sla/due.ts";
import { isArt4Category, PROTECTION_ORDER_CITATION } from "../statutory-floor.ts";
import { nextStatus } from "./lifecycle.ts";
import { actionTypesFor, closeOutcomesFor } from "./measures.ts";
import { caseStatusAfter, checkHandOver, extendedCloseDue } from "./rules.ts";
import { checkDeclinable, checkRuler, ruleOnDecline, upgradedToLead } from "./ruling.ts";
import { agencyMessageOf, newTicket, type Ticket, type TicketCase, withTicket } from "./ticket.ts";

/** A command on one ticket, as the caller asked it. */
export type TicketCommandInput = (
  | { readonly type: "accept"; readonly body: AcceptTicket }
  | { readonly type: "decline"; readonly body: DeclineTicket }
  | { readonly type: "action"; readonly body: TicketAction }
  | { readonly type: "refer"; readonly body: ReferTicket }
  | { readonly type: "close"; readonly body: CloseTicket }
  /** A supervisor's ruling on a declined Art. 4 lead ticket (ruling.ts). */
  | { readonly type: "rule"; readonly body: DeclineRuling }
) & {
  readonly who: Identity;
  /** The version the caller last saw (If-Match); a stale one is refused. */
  readonly expectedVersion?: number;
};

export interface TicketState<C extends TicketCase> {
  readonly ticket: Ticket;
  readonly kase: C;
  /** The case's other tickets that `relatedTicketIds` named, as they are now. */
  readonly related: readonly Ticket[];
}

interface TicketClockNow {
  readonly now: Date;
  /** A fresh id, for a ticket the command creates. */
  readonly newId: () => string;
}

/** What to send once the change is recorded. */
type TicketNotice =
  | { readonly to: "agency"; readonly message: AgencyMessage }
  | { readonly to: "supervisors"; readonly notice: Notice };

interface TicketChangeOf<C extends TicketCase> {
  readonly ticket: { readonly before: Ticket; readonly after: Ticket };
  /** A ticket the command creates (a transfer, a referral, a new lead after 维持). */
  readonly created?: Ticket;
  /** Another open ticket of the case made the lead by a ruling. */
  readonly upgraded?: { readonly before: Ticket; readonly after: Ticket };
  /** The case after the change. */
  readonly kase: C;
  /** Whether the change closes or reopens the case. */
  readonly caseStatus: "closing" | "reopening" | "unchanged";
  readonly events: readonly EventDraft[];
  readonly notices: readonly TicketNotice[];
}

/**
 * The other tickets of the case a command needs to decide: the open ticket of the agency a 维持
 * names (it may be upgraded to lead), the procuratorate's open oversight ticket for a 不予立案.
 */
export function relatedTicketIds(
  command: TicketCommandInput,
  kase: Pick<TicketCase, "openTickets">,
): string[] {
  const ref =
    command.type === "rule" && command.body.ruling === "uphold" && command.body.toAgency
      ? kase.openTickets[command.body.toAgency]
      : command.type === "action" && command.body.type === "not_filed"
        ? kase.openTickets.procuratorate
        : undefined;
  return ref ? [ref.ticketId] : [];
}

/** What one command changes before the case is assembled around it. */
interface Decided {
  readonly ticket: Ticket;
  readonly kase?: Partial<TicketCase>;
  readonly created?: Ticket;
  readonly upgraded?: { readonly before: Ticket; readonly after: Ticket };
  readonly events: readonly EventDraft[];
  readonly notices?: readonly TicketNotice[];
  /** Notices that name the ticket after the change (its new version). */
  readonly noticesAfter?: (after: Ticket) => readonly TicketNotice[];
}

interface Decision<C extends TicketCase> {
  readonly state: TicketState<C>;
  readonly who: Identity;
  readonly policy: SlaPolicy;
  readonly now: Date;
  readonly newId: () => string;
}

/**
 * Decide one command on a ticket. Throws PreconditionFailedError for a stale version,
 * ConflictError when the ticket is not in the state the command needs, InvalidInputError naming
 * the field for a command that cannot be carried out as asked, ForbiddenError for a ruler who
 * may not rule.
 */
export function decideTicketCommand<C extends TicketCase>(
  state: TicketState<C>,
  command: TicketCommandInput,
  policy: SlaPolicy,
  clock: TicketClockNow,
): TicketChangeOf<C> {
  const { ticket } = state;
  if (command.expectedVersion !== undefined && command.expectedVersion !== ticket.version) {
    throw new PreconditionFailedError(
      `The ticket is at version ${ticket.version}, not ${command.expectedVersion}; read it again.`,
    );
  }
  if (command.type !== "rule") nextStatus(ticket.status, command.type);
  const d: Decision<C> = { state, who: command.who, policy, now: clock.now, newId: clock.newId };
  const c = decide(d, command);
  return assemble(d, c);
}

function decide<C extends TicketCase>(d: Decision<C>, command: TicketCommandInput): Decided {
  switch (command.type) {
    case "accept":
      return accept(d, command.body);
    case "decline":
      return decline(d, command.body);
    case "action":
      return command.body.type === "extend" ? extend(d, command.body) : measure(d, command.body);
    case "refer":
      return refer(d, command.body);
    case "close":
      return close(d, command.body);
    case "rule":
      return rule(d, command.body);
  }
}

/** The case around the command's change: its open tickets, agencies, and closing or reopening. */
function assemble<C extends TicketCase>(d: Decision<C>, c: Decided): TicketChangeOf<C> {
  const { ticket: before, kase } = d.state;
  const now = d.now.toISOString();
  const after: Ticket = { ...c.ticket, version: before.version + 1 };
  let openTickets = withTicket(kase.openTickets, after);
  if (c.created) openTickets = withTicket(openTickets, c.created);
  if (c.upgraded) openTickets = withTicket(openTickets, c.upgraded.after);
  const next: C = {
    ...kase,
    ...c.kase,
    openTickets,
    agencies: c.created ? [...new Set([...kase.agencies, c.created.agency])] : kase.agencies,
  };
  const caseStatus = caseStatusAfter(kase.status, openTickets);
  const actor = actorOf(d.who);
  const events: EventDraft[] = [...c.events];
  if (caseStatus === "reopening") {
    events.push({
      actor,
      action: "case_reopened",
      details: {
        byTicketId: before.ticketId,
        ...(c.created ? { newTicketId: c.created.ticketId } : {}),
      },
    });
  }
  if (caseStatus === "closing") {
    // The child keeps pointing at this case: a new report about them reopens it.
    events.push({ actor, action: "case_closed", details: { lastTicketId: before.ticketId } });
  }
  const { closedAt: _closedAt, ...reopened } = next;
  return {
    ticket: { before, after },
    ...(c.created ? { created: c.created } : {}),
    ...(c.upgraded ? { upgraded: c.upgraded } : {}),
    kase:
      caseStatus === "closing"
        ? ({ ...next, status: "closed", closedAt: now } as C)
        : caseStatus === "reopening"
          ? ({ ...reopened, status: "open" } as C)
          : next,
    caseStatus,
    events,
    notices: [
      ...(c.created
        ? [agencyNotice(agencyMessageOf(c.created, "ticket_created", c.created.ticketId))]
        : []),
      ...(c.notices ?? []),
      ...(c.noticesAfter?.(after) ?? []),
    ],
  };
}

const agencyNotice = (message: AgencyMessage): TicketNotice => ({ to: "agency", message });

function accept(d: Decision<TicketCase>, body: AcceptTicket): Decided {
  const { ticket, kase } = d.state;
  return {
    ticket: { ...ticket, status: "accepted", acceptedAt: d.now.toISOString() },
    kase: { firstAcceptedAt: kase.firstAcceptedAt ?? d.now.toISOString() },
    events: [
      {
        actor: actorOf(d.who),
        action: "ticket_accepted",
        ticketId: ticket.ticketId,
        details: {
          acceptDueAt: ticket.acceptDueAt,
          late: isLate(ticket.acceptDueAt, d.now),
          ...(body.note ? { note: body.note } : {}),
        },
      },
    ],
  };
}

/** A notice for supervisors of a decline: ids and the reason only. */
function supervisorAlert(t: Ticket, event: string): TicketNotice {
  const noticeId = `${t.ticketId}:${event}:${t.version}`;
  return {
    to: "supervisors",
    notice: {
      event,
      ticketId: t.ticketId,
      caseId: t.caseId,
      referenceNo: t.referenceNo,
      agency: t.agency,
      noticeId,
    },
  };
}

function decline(d: Decision<TicketCase>, body: DeclineTicket): Decided {
  const { ticket, kase } = d.state;
  checkDeclinable(ticket);
  // A lead ticket on an 意见 Art. 4 category cannot bounce the child: only a legal reason
  // declines it, and a supervisor rules on it within the decline-ruling clock.
  const art4Lead = ticket.kind === "lead" && ticket.categories.some(isArt4Category);
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
          startClock(id, d.now, kase.immediateDanger, d.policy),
        ),
      )
    : {};
  const created = body.suggestAgency
    ? handOver(d, body.suggestAgency, ticket.kind, "transfer")
    : undefined;
  const actor = actorOf(d.who);
  return {
    ticket: { ...ticket, status: "declined", declinedAt: d.now.toISOString(), ...ruling },
    ...(created ? { created } : {}),
    events: [
      {
        actor,
        action: "ticket_declined",
        ticketId: ticket.ticketId,
        details: {
          reason: body.reason,
          ...(body.legalReason ? { legalReason: body.legalReason } : {}),
          ...(art4Lead ? { awaitsSupervisorRuling: true } : {}),
          ...(body.suggestAgency ? { transferredTo: body.suggestAgency } : {}),
        },
      },
      ...(created
        ? [handedOverEvent(d.who, created, ticket.ticketId)]
        : [
            {
              actor,
              action: "supervisor_alerted",
              ticketId: ticket.ticketId,
              details: { why: "declined without a suggested agency" },
            },
          ]),
    ],
    noticesAfter: (after) =>
      !body.suggestAgency || art4Lead
        ? [supervisorAlert(after, art4Lead ? "art4_lead_declined" : "ticket_declined")]
        : [],
  };
}

/** A new pending ticket for another agency on the same case (transfer or referral). */
function handOver(
  d: Decision<TicketCase>,
  to: AgencyCode,
  kind: TicketKind,
  ruleId: "transfer" | "referral",
  applies?: ReferTicket["applies"],
): Ticket {
  const { ticket: from, kase } = d.state;
  checkHandOver({
    from: from.agency,
    to,
    rule: ruleId,
    applies,
    openAgencies: Object.keys(kase.openTickets) as AgencyCode[],
  });
  const due = dueTimesFor(
    { agency: to, kind, immediateDanger: kase.immediateDanger, categories: kase.categories },
    d.now,
    d.policy,
  );
  const routingRule = {
    tableVersion: 0,
    ruleId,
    // The writer's reason stays in the transfer or referral event, sealed under the case's key:
    // a ticket and its creation event carry no free text (they are not sealed).
    reason: `${ruleId} from ${from.agency} (ticket ${from.ticketId})`,
    alsoMatched: [],
  };
  // An application the referral carries starts the court's statutory clock now (clocks.ts).
  const clocks = applies
    ? clocksStartedBy(to, { on: "referral_applies", applies }).map((id) =>
        startClock(id, d.now, kase.immediateDanger, d.policy),
      )
    : [];
  return newTicket(
    kase,
    d.newId(),
    { agency: to, kind, ...due, routingRule },
    d.now,
    from.ticketId,
    clocks,
  );
}

/** The ticket's clocks with these added (or nothing when there are none to add). */
function withClocks(ticket: Ticket, added: readonly TicketClock[]) {
  return added.length > 0 ? { clocks: [...(ticket.clocks ?? []), ...added] } : {};
}

/** The audit event of a ticket created by a transfer, a referral or a ruling. */
function handedOverEvent(who: Identity, created: Ticket, from: string): EventDraft {
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

/**
 * A supervisor's ruling on a declined Art. 4 lead ticket (docs/domain.md, "Declines"): 撤销 sends
 * it back to its agency, pending with fresh clocks; 维持 keeps the decline and makes the named
 * agency lead (a new ticket, or its open support ticket upgraded). One `decline_ruled` event
 * names the supervisor, the ruling and the reason; the agency the lead goes (back) to is told.
 */
function rule(d: Decision<TicketCase>, body: DeclineRuling): Decided {
  const { ticket, kase } = d.state;
  checkRuler(d.who, ticket);
  const r = ruleOnDecline(ticket, body, {
    openTickets: kase.openTickets,
    immediateDanger: kase.immediateDanger,
    now: d.now,
    policy: d.policy,
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
          d.newId(),
          { agency: lead.agency, kind: "lead", ...lead.due, routingRule },
          d.now,
          ticket.ticketId,
        )
      : undefined;
  let upgraded: Decided["upgraded"];
  if (lead?.action === "upgrade") {
    const before = d.state.related.find((t) => t.ticketId === lead.ticketId);
    if (!before) throw new ConflictError("The case changed meanwhile; read it again.");
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
  const actor = actorOf(d.who);
  const events: EventDraft[] = [
    {
      actor,
      action: "decline_ruled",
      ticketId: ticket.ticketId,
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
    ...(created ? [handedOverEvent(d.who, created, ticket.ticketId)] : []),
    ...(upgraded
      ? [
          {
            actor,
            action: "ticket_upgraded",
            ticketId: upgraded.after.ticketId,
            details: {
              byRulingOn: ticket.ticketId,
              agency: upgraded.after.agency,
              kind: { from: upgraded.before.kind, to: upgraded.after.kind },
              acceptDueAt: upgraded.after.acceptDueAt,
              closeDueAt: upgraded.after.closeDueAt,
            },
          },
        ]
      : []),
  ];
  const notices: TicketNotice[] = [
    ...(body.ruling === "overturn"
      ? [
          agencyNotice(
            agencyMessageOf(
              r.ticket,
              "decline_overturned",
              `${ticket.ticketId}:decline_overturned`,
            ),
          ),
        ]
      : []),
    ...(upgraded
      ? [
          agencyNotice(
            agencyMessageOf(
              upgraded.after,
              "ticket_upgraded",
              `${upgraded.after.ticketId}:ruling:${ticket.ticketId}`,
            ),
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
}

/** A measure, a note or reporter feedback: the clocks it starts or stops, and its event. */
function measure(d: Decision<TicketCase>, body: TicketAction): Decided {
  const { ticket, kase } = d.state;
  const occurredAt = checkedMeasure(ticket, body, d.now);
  const expiresAt = body.type === "protection_order_issued" ? orderExpiry(body, d.now) : undefined;
  const before = ticket.clocks ?? [];
  const clocks = clocksAfterAction(
    before,
    ticket.agency,
    body.type,
    d.now,
    kase.immediateDanger,
    d.policy,
    expiresAt,
  );
  const started = clocks.slice(before.length).map((c) => c.id);
  const stopped = clocks
    .filter((c, i) => before[i] && before[i].stoppedAt === undefined && c.stoppedAt !== undefined)
    .map((c) => c.id);
  const notFiled = body.type === "not_filed";
  const oversight = notFiled ? kase.openTickets.procuratorate : undefined;
  const oversightTicket = d.state.related.find((t) => t.ticketId === oversight?.ticketId);
  return {
    ticket: clocks.length > 0 ? { ...ticket, clocks } : ticket,
    ...(body.type === "reporter_feedback" ? { kase: feedbackRecorded(kase, occurredAt) } : {}),
    ...(notFiled ? { kase: { notFiled: { at: d.now.toISOString(), reason: body.note } } } : {}),
    events: [
      {
        actor: actorOf(d.who),
        action: "ticket_action",
        ticketId: ticket.ticketId,
        details: {
          type: body.type,
          note: body.note,
          occurredAt,
          ...(expiresAt ? { expiresAt } : {}),
          ...(started.length > 0 ? { clocksStarted: started } : {}),
          ...(stopped.length > 0 ? { clocksStopped: stopped } : {}),
        },
      },
      // 不予立案: the procuratorate's oversight ticket is told, with the reason, on its own
      // audit entry (刑事诉讼法 Arts. 112–113); the queue notice carries no free text.
      ...(oversight
        ? [
            {
              actor: actorOf(d.who),
              action: "not_filed_notified",
              ticketId: oversight.ticketId,
              details: {
                fromTicketId: ticket.ticketId,
                fromAgency: ticket.agency,
                reason: body.note,
              },
            },
          ]
        : []),
    ],
    notices: oversightTicket
      ? [
          agencyNotice(
            agencyMessageOf(oversightTicket, "not_filed", `${oversightTicket.ticketId}:not_filed`),
          ),
        ]
      : [],
  };
}

/** A measure of the ticket's agency, at a possible time; returns when it occurred. */
function checkedMeasure(ticket: Ticket, body: TicketAction, now: Date): string {
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
  return occurredAt;
}

/** The case fields a recorded `reporter_feedback` action sets: the latest feedback wins. */
function feedbackRecorded(
  kase: Pick<TicketCase, "reporterFeedbackAt">,
  occurredAt: string,
): Pick<TicketCase, "reporterFeedbackAt"> {
  const at = new Date(occurredAt).toISOString();
  const latest =
    kase.reporterFeedbackAt && kase.reporterFeedbackAt > at ? kase.reporterFeedbackAt : at;
  return { reporterFeedbackAt: latest };
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

/** `extend`: move the close-due time once, with a reason, within the SLA policy's bound. */
function extend(d: Decision<TicketCase>, body: TicketAction): Decided {
  const { ticket } = d.state;
  checkedMeasure(ticket, body, d.now);
  const dueAt = extendedCloseDue(ticket, body.dueAt, d.now);
  return {
    ticket: { ...ticket, closeDueAt: dueAt, extended: true },
    events: [
      {
        actor: actorOf(d.who),
        action: "ticket_extended",
        ticketId: ticket.ticketId,
        details: { from: ticket.closeDueAt, to: dueAt, reason: body.note },
      },
    ],
  };
}

function refer(d: Decision<TicketCase>, body: ReferTicket): Decided {
  const { ticket } = d.state;
  const created = handOver(d, body.toAgency, "support", "referral", body.applies);
  return {
    ticket,
    created,
    events: [
      {
        actor: actorOf(d.who),
        action: "ticket_referred",
        ticketId: ticket.ticketId,
        details: {
          toAgency: body.toAgency,
          request: body.request,
          reason: body.reason,
          ...(body.applies ? { applies: body.applies } : {}),
        },
      },
      handedOverEvent(d.who, created, ticket.ticketId),
    ],
  };
}

function close(d: Decision<TicketCase>, body: CloseTicket): Decided {
  const { ticket } = d.state;
  if (!closeOutcomesFor(ticket.agency).includes(body.outcome)) {
    throw new InvalidInputError(
      `"${body.outcome}" is not an outcome ${ticket.agency} may close with.`,
      [{ path: "outcome", message: `one of: ${closeOutcomesFor(ticket.agency).join(", ")}` }],
    );
  }
  // Closing answers the ticket's running clocks, except a protection order's expiry reminder,
  // which outlives the ticket (反家暴法 Art. 30).
  const at = d.now.toISOString();
  const clocks = ticket.clocks?.map((c) =>
    c.stoppedAt === undefined && c.id !== "protection_order_expiry_reminder"
      ? { ...c, stoppedAt: at, stoppedBy: "ticket_closed" }
      : c,
  );
  return {
    ticket: {
      ...ticket,
      status: "closed",
      closedAt: at,
      outcome: body.outcome,
      ...(clocks ? { clocks } : {}),
    },
    events: [
      {
        actor: actorOf(d.who),
        action: "ticket_closed",
        ticketId: ticket.ticketId,
        details: {
          outcome: body.outcome,
          summary: body.summary,
          closeDueAt: ticket.closeDueAt,
          late: isLate(ticket.closeDueAt, d.now),
        },
      },
    ],
  };
}
