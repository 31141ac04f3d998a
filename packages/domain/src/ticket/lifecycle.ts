/**
 * The ticket state machine (docs/decisions/0001-data-model-and-exactly-once.md):
 *
 *   pending ──accept──▶ accepted ──close──▶ closed
 *      │  ▲                │ action, refer, extend (status unchanged)
 *      │  └──overturn (撤销)─┐
 *      └──decline──▶ declined ──uphold (维持): stays declined
 *
 * overturn and uphold are a supervisor's ruling on a declined Art. 4 lead ticket (ruling.ts).
 */
import { ConflictError } from "../errors.ts";
import type { TicketKind, TicketStatus } from "../schemas.ts";

export type TicketCommand =
  | "accept"
  | "decline"
  | "close"
  | "action"
  | "refer"
  | "overturn"
  | "uphold";

const TRANSITIONS: Readonly<Record<TicketCommand, { from: TicketStatus; to: TicketStatus }>> = {
  accept: { from: "pending", to: "accepted" },
  decline: { from: "pending", to: "declined" },
  close: { from: "accepted", to: "closed" },
  action: { from: "accepted", to: "accepted" },
  refer: { from: "accepted", to: "accepted" },
  overturn: { from: "declined", to: "pending" },
  uphold: { from: "declined", to: "declined" },
};

/** The status after `command`, or a ConflictError when the ticket is not in the state it needs. */
export function nextStatus(current: TicketStatus, command: TicketCommand): TicketStatus {
  const t = TRANSITIONS[command];
  if (current !== t.from) {
    throw new ConflictError(`Cannot ${command} a ticket that is ${current}; it must be ${t.from}.`);
  }
  return t.to;
}

/** Whether a ticket still holds its agency to act (counts toward keeping the case open). */
function isOpenWork(ticket: { kind: TicketKind; status: TicketStatus }): boolean {
  return (
    ticket.kind !== "oversight" && (ticket.status === "pending" || ticket.status === "accepted")
  );
}

/** A case is open while any lead or support ticket is neither closed nor declined. */
export function caseIsOpen(
  tickets: readonly { kind: TicketKind; status: TicketStatus }[],
): boolean {
  return tickets.some(isOpenWork);
}
