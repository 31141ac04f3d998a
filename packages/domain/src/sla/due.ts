/**
 * Which due time runs now, and what is late or overdue: one definition for the inbox order, the
 * due list, the overdue report, escalations and the audit events' `late` flag.
 */
import type { TicketClock } from "../clocks.ts";
import type { TicketStatus } from "../schemas.ts";

interface ClockedTicket {
  readonly status: TicketStatus;
  readonly acceptDueAt: string;
  readonly closeDueAt: string | null;
  readonly clocks?: readonly TicketClock[];
}

/**
 * The clock that runs out first now: accept while pending, close while accepted, or any running
 * event clock (which may outlive the ticket's own status, like a protection order's expiry).
 */
export function runningClock(t: ClockedTicket): { clock: string; dueAt: string } | null {
  const status =
    t.status === "pending"
      ? { clock: "accept", dueAt: t.acceptDueAt }
      : t.status === "accepted" && t.closeDueAt !== null
        ? { clock: "close", dueAt: t.closeDueAt }
        : null;
  const events = (t.clocks ?? [])
    .filter((c) => c.stoppedAt === undefined)
    .map((c) => ({ clock: c.id as string, dueAt: c.dueAt }));
  const all = status ? [status, ...events] : events;
  return all.sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0] ?? null;
}

/** The due time that runs now (see runningClock). */
export function runningDueAt(t: ClockedTicket): string | null {
  return runningClock(t)?.dueAt ?? null;
}

/** Whether something done at `at` came after its due time (no due time: never late). */
export function isLate(dueAt: string | null, at: Date): boolean {
  return dueAt !== null && at.toISOString() > dueAt;
}

/** Whether the ticket's running clock has run out at `now`. */
export function isOverdue(t: ClockedTicket, now: Date): boolean {
  return isLate(runningDueAt(t), now);
}
