/**
 * A ticket as the rules see it, the case fields its commands read and write, and the pure
 * builders every path that makes or moves tickets shares: a new ticket from a decision, the
 * case's record of open tickets, an agency's notice.
 */
import type { AgencyCode } from "../agencies.ts";
import type { HarmCategory } from "../categories.ts";
import type { TicketClock } from "../clocks.ts";
import type { AgencyEvent, AgencyMessage } from "../messages.ts";
import type { RoutingReason, TicketDecision } from "../routing/route.ts";
import type { TicketKind, TicketStatus } from "../schemas.ts";
import type { TicketRuling } from "./ruling.ts";

export interface Ticket {
  readonly ticketId: string;
  readonly caseId: string;
  readonly referenceNo: string;
  readonly agency: AgencyCode;
  readonly kind: TicketKind;
  readonly status: TicketStatus;
  readonly createdAt: string;
  readonly acceptDueAt: string;
  readonly closeDueAt: string | null;
  readonly extendableUntil: string | null;
  readonly extended: boolean;
  readonly acceptedAt?: string;
  readonly closedAt?: string;
  readonly declinedAt?: string;
  readonly outcome?: string;
  readonly routingRule: RoutingReason;
  readonly slaRules: readonly string[];
  readonly referredFrom?: string;
  /** Event clocks (a protection-order application, a 告诫书, a placement…), see clocks.ts. */
  readonly clocks?: readonly TicketClock[];
  /** A supervisor's ruling on its decline (declined Art. 4 lead tickets only). */
  readonly ruling?: TicketRuling;
  readonly categories: readonly HarmCategory[];
  readonly townships: readonly string[];
  readonly immediateDanger: boolean;
  readonly version: number;
}

export interface OpenTicketRef {
  readonly ticketId: string;
  readonly kind: TicketKind;
}

/** The case's tickets that are still pending or accepted: at most one per agency. */
export type OpenTickets = Readonly<Partial<Record<AgencyCode, OpenTicketRef>>>;

/** The fields of a case that the ticket commands read and change. */
export interface TicketCase {
  readonly caseId: string;
  readonly referenceNo: string;
  readonly status: "open" | "closed";
  readonly closedAt?: string;
  readonly categories: readonly HarmCategory[];
  readonly townships: readonly string[];
  readonly immediateDanger: boolean;
  /** Every agency that has held a ticket on the case: they may read it. */
  readonly agencies: readonly AgencyCode[];
  readonly openTickets: OpenTickets;
  readonly firstAcceptedAt?: string;
  /** When an agency last recorded `reporter_feedback` on the case (its latest `occurredAt`). */
  readonly reporterFeedbackAt?: string;
  /** The police's 不予立案 and its reason, told to the reporter (刑事诉讼法 Art. 112). */
  readonly notFiled?: { readonly at: string; readonly reason: string };
}

/** A pending ticket of the case for the agency a decision names, at version 1. */
export function newTicket(
  kase: Pick<TicketCase, "caseId" | "referenceNo" | "categories" | "townships" | "immediateDanger">,
  ticketId: string,
  decision: TicketDecision,
  createdAt: Date,
  referredFrom?: string,
  clocks: readonly TicketClock[] = [],
): Ticket {
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

/** The case's record of open tickets after `ticket` took its new state. */
export function withTicket(
  openTickets: OpenTickets,
  ticket: Pick<Ticket, "agency" | "ticketId" | "kind" | "status">,
): OpenTickets {
  const { [ticket.agency]: _previous, ...rest } = openTickets;
  const open = ticket.status === "pending" || ticket.status === "accepted";
  return open
    ? { ...rest, [ticket.agency]: { ticketId: ticket.ticketId, kind: ticket.kind } }
    : rest;
}

/** An agency's notice of its ticket: ids, reference number, categories, townships and due times. */
export function agencyMessageOf(t: Ticket, event: AgencyEvent, noticeId: string): AgencyMessage {
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
