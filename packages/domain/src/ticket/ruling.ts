/**
 * A supervisor's ruling on a declined lead ticket of an 意见 Art. 4 case (docs/domain.md,
 * "Declines"; docs/decisions/0008-statutory-floor.md). Such a decline needs a legal reason and
 * starts the `decline_ruling` clock; the ruling stops it (`decline_ruled`) and decides who leads:
 *
 *   declined, awaiting ruling ──撤销 overturn──▶ pending for the same agency, accept clock anew
 *            │                                   from the ruling (immediate when the case is)
 *            └──────────────维持 uphold────────▶ stays declined; the agency the supervisor names
 *                                                 leads: a new lead ticket, or its open support
 *                                                 ticket upgraded, or its open lead kept
 *
 * Neither ruling may leave an Art. 4 case without an open police lead (意见 Arts. 4, 8). The
 * platform knows one police agency, so a declined police lead can only be overturned: a police
 * unit that finds the case belongs to another unit takes the urgent measures and transfers it
 * itself (刑事诉讼法 Art. 110). Pure: the store reads the ticket and the case, asks this, and
 * records the change.
 */
import type { AgencyCode } from "../agencies.ts";
import type { HarmCategory } from "../categories.ts";
import type { TicketClock } from "../clocks.ts";
import type { DueTimes } from "../due-times.ts";
import { ConflictError, ForbiddenError, InvalidInputError } from "../errors.ts";
import { hasRole, type Identity } from "../roles/identity.ts";
import type { DeclineRuling, DeclineRulingOutcome, TicketKind, TicketStatus } from "../schemas.ts";
import { DEFAULT_SLA_POLICY, dueTimesFor, type SlaPolicy } from "../sla/clocks.ts";
import { isLate } from "../sla/due.ts";
import { isArt4Category } from "../statutory-floor.ts";
import { nextStatus } from "./lifecycle.ts";

/** The clock a supervisor's ruling answers, and the stop event that answers it (clocks.ts). */
export const RULING_CLOCK = "decline_ruling";
const RULED = "decline_ruled";

/** What a ticket keeps of the ruling on its decline (the reason is in the audit trail). */
export interface TicketRuling {
  readonly outcome: DeclineRulingOutcome;
  readonly at: string;
  /** For `uphold`: the agency that leads instead. */
  readonly toAgency?: AgencyCode;
}

export interface RulableTicket extends DueTimes {
  readonly ticketId: string;
  readonly agency: AgencyCode;
  readonly kind: TicketKind;
  readonly status: TicketStatus;
  readonly categories: readonly HarmCategory[];
  readonly extended: boolean;
  readonly declinedAt?: string;
  readonly clocks?: readonly TicketClock[];
  readonly ruling?: TicketRuling;
}

/** The case's open tickets by agency (every entry pending or accepted). */
type OpenTicketRefs = Readonly<
  Partial<Record<AgencyCode, { readonly ticketId: string; readonly kind: TicketKind }>>
>;

interface RulingContext {
  readonly openTickets: OpenTicketRefs;
  /** The case's immediate danger now (a later report may have added it). */
  readonly immediateDanger: boolean;
  readonly now: Date;
  readonly policy?: SlaPolicy;
}

/** Who leads once a decline is upheld, and with which due times from the ruling. */
type LeadAfterUphold =
  /** The named agency had no open ticket: it gets a new lead ticket. */
  | { readonly action: "create"; readonly agency: AgencyCode; readonly due: DueTimes }
  /** It held an open support ticket: that ticket becomes the lead (upgradedToLead). */
  | {
      readonly action: "upgrade";
      readonly agency: AgencyCode;
      readonly ticketId: string;
      readonly due: DueTimes;
    }
  /** It already leads: nothing new. */
  | { readonly action: "held"; readonly agency: AgencyCode; readonly ticketId: string };

interface RulingChange<T> {
  /** The ruled ticket after the ruling. */
  readonly ticket: T;
  readonly lead?: LeadAfterUphold;
  /** Ruled after the ruling clock's due time. */
  readonly late: boolean;
  /** The ruling clock's due time. */
  readonly dueAt: string;
}

/** Whether a ticket waits for a supervisor's ruling: declined with the ruling clock, not yet ruled. */
export function awaitsRuling(t: Pick<RulableTicket, "status" | "clocks" | "ruling">): boolean {
  return (
    t.status === "declined" &&
    t.ruling === undefined &&
    (t.clocks ?? []).some((c) => c.id === RULING_CLOCK)
  );
}

/**
 * A ticket whose decline a supervisor overturned may not be declined again: the ruling decided
 * that this agency acts (the child is not bounced twice).
 */
export function checkDeclinable(t: Pick<RulableTicket, "ruling">): void {
  if (t.ruling?.outcome === "overturn") {
    throw new ConflictError(
      `A supervisor overturned this ticket's decline on ${t.ruling.at}; it cannot be declined again, only accepted.`,
    );
  }
}

/**
 * Who rules: a supervisor, and not one who is also an officer of the agency that declined (it
 * does not judge its own decline). Throws the 403 the caller sees.
 */
export function checkRuler(who: Identity, ticket: { readonly agency: AgencyCode }): void {
  if (!hasRole(who, "supervisor")) {
    throw new ForbiddenError("Only a supervisor rules on a declined ticket.");
  }
  if (hasRole(who, "officer") && who.agency === ticket.agency) {
    throw new ForbiddenError(
      "A supervisor who is an officer of the declining agency does not rule on its decline.",
    );
  }
}

function checkRulable(t: RulableTicket): void {
  if (t.ruling) {
    throw new ConflictError(
      `This decline was already ruled on (${t.ruling.outcome}, ${t.ruling.at}); a ruling is given once.`,
    );
  }
  if (t.status !== "declined") {
    throw new ConflictError(
      `The ticket is ${t.status}, not awaiting a ruling: only a declined lead ticket of an 意见 Art. 4 case is ruled on.`,
    );
  }
  if (!awaitsRuling(t)) {
    throw new ConflictError(
      "This decline does not await a ruling: only a declined lead ticket of an 意见 Art. 4 case goes to a supervisor.",
    );
  }
}

const stopRulingClock = (clocks: readonly TicketClock[], at: string): TicketClock[] =>
  clocks.map((c) =>
    c.id === RULING_CLOCK && c.stoppedAt === undefined
      ? { ...c, stoppedAt: at, stoppedBy: RULED }
      : c,
  );

/**
 * The ruling on a declined Art. 4 lead ticket: the ticket after it and, for 维持, who leads.
 * Throws ConflictError when the ticket does not await a ruling (never declined, already ruled,
 * accepted since), InvalidInputError naming the field when the ruling cannot be given as asked.
 */
export function ruleOnDecline<T extends RulableTicket>(
  ticket: T,
  body: DeclineRuling,
  ctx: RulingContext,
): RulingChange<T> {
  checkRulable(ticket);
  const at = ctx.now.toISOString();
  const clock = (ticket.clocks ?? []).find((c) => c.id === RULING_CLOCK) as TicketClock;
  const clocks = stopRulingClock(ticket.clocks ?? [], at);
  const timing = { late: isLate(clock.dueAt, ctx.now), dueAt: clock.dueAt };
  const policy = ctx.policy ?? DEFAULT_SLA_POLICY;
  const subject = (agency: AgencyCode) => ({
    agency,
    kind: "lead" as const,
    immediateDanger: ctx.immediateDanger,
    categories: ticket.categories,
  });

  if (body.ruling === "overturn") {
    if (body.toAgency !== undefined) {
      throw new InvalidInputError("Overturning sends the ticket back to its own agency.", [
        { path: "toAgency", message: "only with ruling uphold" },
      ]);
    }
    const holder = ctx.openTickets[ticket.agency];
    if (holder && holder.ticketId !== ticket.ticketId) {
      throw new ConflictError(
        `${ticket.agency} already holds open ticket ${holder.ticketId} on this case; uphold this decline, naming the agency that leads.`,
      );
    }
    const status = nextStatus(ticket.status, "overturn");
    const { declinedAt: _declinedAt, ...rest } = ticket;
    // A fresh accept clock from the ruling, as if the ticket were made now (the immediate one
    // when the case has immediate danger); its close clock runs from now too.
    const due = dueTimesFor({ ...subject(ticket.agency), kind: ticket.kind }, ctx.now, policy);
    return {
      ticket: {
        ...rest,
        status,
        ...due,
        extended: false,
        clocks,
        ruling: { outcome: "overturn", at },
      } as unknown as T,
      ...timing,
    };
  }

  const to = body.toAgency;
  if (to === undefined) {
    throw new InvalidInputError("Upholding a decline names the agency that leads instead.", [
      { path: "toAgency", message: "required with ruling uphold" },
    ]);
  }
  if (to === ticket.agency) {
    throw new InvalidInputError(
      `Upholding ${ticket.agency}'s decline passes the lead to another agency.`,
      [{ path: "toAgency", message: "must be another agency; to send the ticket back, overturn" }],
    );
  }
  const held = ctx.openTickets[to];
  if (held?.kind === "oversight") {
    throw new InvalidInputError(`${to} oversees this case and cannot also lead it.`, [
      { path: "toAgency", message: "must not be the agency that oversees the case" },
    ]);
  }
  const art4 = ticket.categories.some(isArt4Category);
  const policeLeads = to === "police" || ctx.openTickets.police?.kind === "lead";
  if (art4 && !policeLeads) {
    // Same rule as upholdAllowed, for the agency actually named.
    throw new InvalidInputError(
      "意见 Art. 4 and Art. 8: an Art. 4 case keeps a police lead, and upholding this decline would leave none. Overturn it: police who find the case is another unit's take urgent measures and transfer it (刑事诉讼法 Art. 110).",
      [{ path: "ruling", message: "must be overturn: no police lead would remain (意见 Art. 4)" }],
    );
  }
  nextStatus(ticket.status, "uphold");
  const lead: LeadAfterUphold =
    held?.kind === "lead"
      ? { action: "held", agency: to, ticketId: held.ticketId }
      : held
        ? {
            action: "upgrade",
            agency: to,
            ticketId: held.ticketId,
            due: dueTimesFor(subject(to), ctx.now, policy),
          }
        : { action: "create", agency: to, due: dueTimesFor(subject(to), ctx.now, policy) };
  return {
    ticket: { ...ticket, clocks, ruling: { outcome: "uphold", at, toAgency: to } },
    lead,
    ...timing,
  };
}

/**
 * Whether 维持 can be given at all on this declined ticket: some agency can be named so that a
 * police lead remains on the Art. 4 case (police itself, when another agency declined; or an
 * open police lead besides the declined ticket). For screens that offer the choice.
 */
export function upholdAllowed(
  ticket: Pick<RulableTicket, "ticketId" | "agency" | "categories">,
  openTickets: OpenTicketRefs,
): boolean {
  if (!ticket.categories.some(isArt4Category)) return true;
  const police = openTickets.police;
  return (
    ticket.agency !== "police" || (police?.kind === "lead" && police.ticketId !== ticket.ticketId)
  );
}

const earlier = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : a < b ? a : b;

/**
 * An open support ticket made the lead: kind `lead`, and the lead's due times from the ruling
 * where they are tighter (the accept clock only while still pending). Never looser.
 */
export function upgradedToLead<
  T extends DueTimes & { readonly kind: TicketKind; readonly status: TicketStatus },
>(t: T, due: DueTimes): T {
  return {
    ...t,
    kind: "lead",
    acceptDueAt: t.status === "pending" ? earlier(t.acceptDueAt, due.acceptDueAt) : t.acceptDueAt,
    closeDueAt: earlier(t.closeDueAt, due.closeDueAt),
    extendableUntil: earlier(t.extendableUntil, due.extendableUntil),
    slaRules: [...new Set([...t.slaRules, ...due.slaRules])],
  };
}
