/**
 * What each ticket transition adds to the aggregates. A ticket's contribution is a function of
 * its state alone (counted once, accepted once, its durations, the due time it runs now), so a
 * transition adds `after − before`: nothing is counted twice, and a change that moves no figure
 * (an action note) writes nothing.
 */
import { runningDueAt } from "@cp/domain";
import { dueHour, durationBucket, metricsDay } from "@cp/domain/sla/metrics";
import { metricsKeys } from "../keys.ts";
import type { CaseRecord, TicketRecord } from "../records.ts";
import { type Dimension, HISTOGRAM_PREFIX, TOTAL_KEY } from "./keys.ts";

/** Attribute → amount to add. */
type Delta = Map<string, number>;

/** The figures one ticket in its current state holds. */
function ticketContribution(t: TicketRecord): Delta {
  const d: Delta = new Map([["tickets", 1]]);
  const created = Date.parse(t.createdAt);
  if (t.acceptedAt) {
    d.set("accepted", 1);
    d.set(t.acceptedAt <= t.acceptDueAt ? "acceptSlaMet" : "acceptSlaBreached", 1);
    d.set(`${HISTOGRAM_PREFIX.accept}${durationBucket(Date.parse(t.acceptedAt) - created)}`, 1);
  }
  if (t.status === "declined") d.set("declined", 1);
  if (t.status === "closed" && t.closedAt) {
    d.set("closed", 1);
    if (t.closeDueAt !== null) {
      d.set(t.closedAt <= t.closeDueAt ? "closeSlaMet" : "closeSlaBreached", 1);
    }
    d.set(`${HISTOGRAM_PREFIX.close}${durationBucket(Date.parse(t.closedAt) - created)}`, 1);
  }
  const due = runningDueAt(t);
  if (due) d.set(`${HISTOGRAM_PREFIX.due}${dueHour(due)}`, 1);
  return d;
}

/** The groups a ticket is counted in: its agency, each category, each township, the total. */
export function groupsOf(t: Pick<TicketRecord, "agency" | "categories" | "townships">) {
  return [
    ["agency", t.agency],
    ...t.categories.map((c) => ["category", c]),
    ...t.townships.map((w) => ["township", w]),
    ["total", TOTAL_KEY],
  ] as [Dimension, string][];
}

/** Deltas per aggregate item (`pk|sk`), merged so that one transaction touches each item once. */
export class AggregateDeltas {
  readonly items = new Map<string, { key: { pk: string; sk: string }; delta: Delta }>();

  add(dimension: Dimension, groupKey: string, day: string, delta: Delta, sign: 1 | -1) {
    const key = metricsKeys.day(dimension, groupKey, day);
    const id = `${key.pk}|${key.sk}`;
    const entry = this.items.get(id) ?? { key, delta: new Map() };
    for (const [attr, n] of delta) entry.delta.set(attr, (entry.delta.get(attr) ?? 0) + sign * n);
    this.items.set(id, entry);
  }

  addTicket(t: TicketRecord, sign: 1 | -1) {
    const delta = ticketContribution(t);
    const day = metricsDay(t.createdAt);
    for (const [dimension, key] of groupsOf(t)) this.add(dimension, key, day, delta, sign);
  }

  /** A case is counted once, on its first routing, by the categories and townships it had then. */
  addCase(kase: Pick<CaseRecord, "createdAt" | "categories" | "townships">) {
    const day = metricsDay(kase.createdAt);
    const one: Delta = new Map([["cases", 1]]);
    for (const c of kase.categories) this.add("category", c, day, one, 1);
    for (const w of kase.townships) this.add("township", w, day, one, 1);
    this.add("total", TOTAL_KEY, day, one, 1);
  }

  /** Items whose every delta nets to zero are dropped. */
  nonZero() {
    return [...this.items.values()]
      .map(({ key, delta }) => ({
        key,
        delta: new Map([...delta].filter(([, n]) => n !== 0)),
      }))
      .filter((e) => e.delta.size > 0);
  }
}
