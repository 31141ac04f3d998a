/**
 * Which clock a ticket runs now and how urgent it is: the accept clock while pending (from its
 * creation), the close clock once accepted (from its acceptance). Amber once half the time is
 * gone, red when late — always with words beside the colour.
 */
import type { Ticket } from "../api/types.ts";

type ClockKind = "accept" | "close";
export type Urgency = "ok" | "half" | "late";

export interface RunningClock {
  readonly kind: ClockKind;
  readonly startedAt: string;
  readonly dueAt: string;
}

export function runningClock(t: Ticket): RunningClock | undefined {
  if (t.status === "pending")
    return { kind: "accept", startedAt: t.createdAt, dueAt: t.acceptDueAt };
  if (t.status === "accepted" && t.closeDueAt)
    return { kind: "close", startedAt: t.acceptedAt ?? t.createdAt, dueAt: t.closeDueAt };
  return undefined;
}

export function urgency(clock: RunningClock, now: number): Urgency {
  const due = Date.parse(clock.dueAt);
  const start = Date.parse(clock.startedAt);
  if (now > due) return "late";
  return due - now <= (due - start) / 2 ? "half" : "ok";
}

/** Text colours at AA contrast on white, for the countdown. */
export const URGENCY_COLOUR: Record<Urgency, string | undefined> = {
  ok: undefined,
  half: "#ad4e00",
  late: "#c41d1d",
};
