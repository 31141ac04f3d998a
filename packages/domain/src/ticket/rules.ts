/**
 * The rules of the ticket commands that are not the state machine (lifecycle.ts): when a case
 * closes or reopens, whom a ticket may be handed to, and how far a close-due time may move.
 * Pure: the store loads the state, asks these, and records the change.
 */
import type { AgencyCode } from "../agencies.ts";
import { ConflictError, InvalidInputError } from "../errors.ts";
import type { TicketKind } from "../schemas.ts";
import { caseIsOpen } from "./lifecycle.ts";

/**
 * What a change to a case's open tickets does to the case: the last open lead or support ticket
 * closing closes it; new work on a closed case (a referral, e.g. the procuratorate's 立案监督
 * after 不予立案) reopens it. Every entry of `openTickets` is pending or accepted.
 */
export function caseStatusAfter(
  status: "open" | "closed",
  openTickets: Readonly<Partial<Record<AgencyCode, { readonly kind: TicketKind }>>>,
): "closing" | "reopening" | "unchanged" {
  const stillOpen = caseIsOpen(
    Object.values(openTickets).map((o) => ({ kind: o.kind, status: "pending" as const })),
  );
  if (status === "open" && !stillOpen) return "closing";
  if (status === "closed" && stillOpen) return "reopening";
  return "unchanged";
}

interface HandOver {
  readonly from: AgencyCode;
  readonly to: AgencyCode;
  readonly rule: "transfer" | "referral";
  /** An application the referral carries (only the court receives one). */
  readonly applies?: unknown;
  /** The agencies that hold an open ticket on the case now. */
  readonly openAgencies: readonly AgencyCode[];
}

/**
 * Whether a ticket may be handed over (a transfer on decline, or a referral): to another
 * agency, one that holds no open ticket on the case (at most one per agency), and an
 * application only to the court. Throws the error the caller sees.
 */
export function checkHandOver(h: HandOver): void {
  if (h.applies && h.to !== "court") {
    throw new InvalidInputError("Only the court receives an application.", [
      { path: "applies", message: "only with toAgency court" },
    ]);
  }
  if (h.to === h.from) {
    throw new InvalidInputError("A ticket cannot be handed to its own agency.", [
      {
        path: h.rule === "transfer" ? "suggestAgency" : "toAgency",
        message: "must be another agency",
      },
    ]);
  }
  if (h.openAgencies.includes(h.to)) {
    throw new ConflictError(`The agency ${h.to} already holds an open ticket on this case.`);
  }
}

export interface Extendable {
  readonly extended: boolean;
  readonly closeDueAt: string | null;
  /** The latest close-due time the SLA policy allows (set when the ticket is created). */
  readonly extendableUntil: string | null;
}

/**
 * `extend`: the close-due time moves once, later than it was, not into the past, and no later
 * than the policy's bound. Returns the new close-due time.
 */
export function extendedCloseDue(t: Extendable, requested: string | undefined, now: Date): string {
  if (!requested) {
    throw new InvalidInputError("An extension names the new due time.", [
      { path: "dueAt", message: "required for extend" },
    ]);
  }
  if (t.extended) throw new ConflictError("This ticket was already extended once.");
  if (t.closeDueAt === null || t.extendableUntil === null) {
    throw new ConflictError("This ticket has no close clock to extend.");
  }
  const dueAt = new Date(requested).toISOString();
  if (dueAt <= t.closeDueAt || dueAt > t.extendableUntil || dueAt <= now.toISOString()) {
    throw new InvalidInputError("The new due time is outside what the policy allows.", [
      {
        path: "dueAt",
        message: `must be after ${t.closeDueAt} and no later than ${t.extendableUntil}`,
      },
    ]);
  }
  return dueAt;
}
