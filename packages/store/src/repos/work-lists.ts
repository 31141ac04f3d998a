/**
 * The sweeper, run every minute (EventBridge Scheduler in AWS, a timer in the local stack). Three
 * sparse work lists on `gsi3`, each ordered by time, are read up to "now" — never a Scan, so a
 * run reads only open, due items however many closed tickets the table holds:
 *
 * | work list  | holds                                 | due when           | then                       |
 * |------------|---------------------------------------|--------------------|----------------------------|
 * | `DUE`      | open tickets, by their running clock  | due time < now     | escalate once per due time |
 * | `FEEDBACK` | reports awaiting reporter feedback    | receipt + 3 d < now| escalate once, or retire   |
 * | `OUTBOX`   | reports not yet routed                | receipt < now − grace | re-publish to intake    |
 * | `CAREDUE`  | children's files, by next visit escalation | step instant < now | escalate (care/escalations.ts) |
 *
 * Every instant comes from the context's clock, so tests move time instead of waiting.
 */
import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { MINUTE } from "@cp/domain";
import { type CareSweepCounts, sweepVisitClocks } from "../care/escalations.ts";
import type { StoreContext } from "../context.ts";
import { INDEX, WORK_LIST } from "../keys.ts";
import { indexedItems } from "../query.ts";
import type { ReportRecord, TicketRecord } from "../records.ts";
import {
  caseOf,
  type DueItem,
  type EscalationOutcome,
  escalate,
  escalationIdOf,
  existingEscalations,
} from "./escalations.ts";
import {
  FEEDBACK_WORK_LIST,
  type FeedbackClock,
  retireFeedbackClock,
} from "./reporter-feedback.ts";
import { publishIntake } from "./reports.ts";

/** The work lists a run covers. */
type WorkList = "due" | "feedback" | "outbox" | "care";

export interface SweepOptions {
  /** Work lists to sweep (default all): an operator may run one alone, e.g. the outbox. */
  readonly only: readonly WorkList[];
  /** How long a report may stay unrouted before it is re-published (default 2 minutes). */
  readonly outboxGraceMs: number;
  /** Items per query page. */
  readonly pageSize: number;
  /** Items worked on at once. */
  readonly concurrency: number;
  /** Called for each item that failed; the next run tries it again. Ids only. */
  readonly onItemError?: (what: string, id: string, error: unknown) => void;
}

const DEFAULT_SWEEP_OPTIONS: SweepOptions = {
  only: ["due", "feedback", "outbox", "care"],
  outboxGraceMs: 2 * MINUTE,
  pageSize: 100,
  concurrency: 8,
};

interface EscalationCounts {
  /** Items found due on the work list. */
  due: number;
  escalated: number;
  renotified: number;
  alreadyEscalated: number;
  /** The clock stopped meanwhile (ticket moved on, reporter fed back). */
  stopped: number;
  failed: number;
}

/** What one run did, and what it read, to show its cost does not grow with closed tickets. */
export interface SweepReport {
  readonly at: string;
  readonly overdueTickets: EscalationCounts;
  readonly reporterFeedback: EscalationCounts;
  readonly outbox: { waiting: number; republished: number; failed: number };
  /** Children's visit clocks escalated to the 督导员 and to 民政. */
  readonly visitClocks: CareSweepCounts;
  readonly cost: {
    /** Query pages read from the work lists. */
    queries: number;
    /** Items the work-list queries read (`ScannedCount`). */
    itemsRead: number;
    /** Read capacity the work-list queries consumed, as DynamoDB reports it. */
    readCapacityUnits: number;
  };
}

const emptyCounts = (): EscalationCounts => ({
  due: 0,
  escalated: 0,
  renotified: 0,
  alreadyEscalated: 0,
  stopped: 0,
  failed: 0,
});

type Cost = { -readonly [K in keyof SweepReport["cost"]]: SweepReport["cost"][K] };

/**
 * Every item of a work list with a sort key below `before`, page by page, oldest first; nothing
 * when the list is not swept this run.
 */
async function* dueItems<T>(
  ctx: StoreContext,
  workList: string | undefined,
  before: string,
  pageSize: number,
  cost: Cost,
): AsyncGenerator<T[]> {
  if (workList === undefined) return;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.mainTableName,
        IndexName: INDEX.workList,
        KeyConditionExpression: "gsi3pk = :list AND gsi3sk < :before",
        ExpressionAttributeValues: { ":list": workList, ":before": before },
        Limit: pageSize,
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    cost.queries++;
    cost.itemsRead += out.ScannedCount ?? 0;
    cost.readCapacityUnits += capacity(out.ConsumedCapacity);
    startKey = out.LastEvaluatedKey;
    // The work list carries only what it filters on (decision 0018): the items are read by key.
    const items = await indexedItems(ctx, out.Items ?? [], {
      onAnswer: (answer) => {
        cost.readCapacityUnits += answer.ConsumedCapacity?.[0]?.CapacityUnits ?? 0;
      },
    });
    if (items.length > 0) yield items as T[];
  } while (startKey);
}

const capacity = (c: ConsumedCapacity | undefined) => c?.ReadCapacityUnits ?? c?.CapacityUnits ?? 0;

/** Run `work` over `items`, at most `limit` at once. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(workers);
}

const TALLY: Readonly<Record<EscalationOutcome, keyof EscalationCounts>> = {
  escalated: "escalated",
  renotified: "renotified",
  already_escalated: "alreadyEscalated",
  raced: "alreadyEscalated",
  stopped: "stopped",
};

async function escalatePage(
  ctx: StoreContext,
  page: readonly DueItem[],
  counts: EscalationCounts,
  options: SweepOptions,
  after: (item: DueItem, outcome: EscalationOutcome) => Promise<void> = async () => undefined,
) {
  counts.due += page.length;
  const known = await existingEscalations(ctx, page);
  // One case's items one after another (each escalation extends the case's audit chain); cases
  // in parallel.
  const byCase = new Map<string, DueItem[]>();
  for (const item of page) byCase.set(caseOf(item), [...(byCase.get(caseOf(item)) ?? []), item]);
  await inParallel([...byCase.values()], options.concurrency, async (items) => {
    for (const item of items) {
      const id = item.type === "ticket" ? item.ticket.ticketId : item.clock.reportId;
      try {
        const outcome = await escalate(ctx, item, known.get(escalationIdOf(item)));
        counts[TALLY[outcome]]++;
        await after(item, outcome);
      } catch (error) {
        counts.failed++;
        options.onItemError?.(item.type, id, error);
      }
    }
  });
}

/** One run of the sweeper. Safe to run concurrently with itself. */
export async function sweep(
  ctx: StoreContext,
  overrides: Partial<SweepOptions> = {},
): Promise<SweepReport> {
  const options = { ...DEFAULT_SWEEP_OPTIONS, ...overrides };
  const now = ctx.clock.now();
  const cost: Cost = { queries: 0, itemsRead: 0, readCapacityUnits: 0 };

  const covers = (list: WorkList) => options.only.includes(list);

  const overdueTickets = emptyCounts();
  for await (const page of dueItems<TicketRecord>(
    ctx,
    covers("due") ? WORK_LIST.due : undefined,
    now.toISOString(),
    options.pageSize,
    cost,
  )) {
    await escalatePage(
      ctx,
      page.map((ticket) => ({ type: "ticket", ticket })),
      overdueTickets,
      options,
    );
  }

  const reporterFeedback = emptyCounts();
  for await (const page of dueItems<FeedbackClock>(
    ctx,
    covers("feedback") ? FEEDBACK_WORK_LIST : undefined,
    now.toISOString(),
    options.pageSize,
    cost,
  )) {
    await escalatePage(
      ctx,
      page.map((clock) => ({ type: "feedback", clock })),
      reporterFeedback,
      options,
      async (item, outcome) => {
        // Fed back, or escalated and notified: the clock's work is done. After a lost race the
        // clock stays, so the next run confirms the winner's message went out.
        if (item.type !== "feedback" || outcome === "raced") return;
        await retireFeedbackClock(
          ctx,
          item.clock.reportId,
          outcome === "stopped" ? "fed_back" : "escalated",
        );
      },
    );
  }

  const outbox = { waiting: 0, republished: 0, failed: 0 };
  const graceEnd = new Date(now.getTime() - options.outboxGraceMs).toISOString();
  for await (const page of dueItems<ReportRecord>(
    ctx,
    covers("outbox") ? WORK_LIST.outbox : undefined,
    graceEnd,
    options.pageSize,
    cost,
  )) {
    outbox.waiting += page.length;
    await inParallel(page, options.concurrency, async (report) => {
      try {
        await publishIntake(ctx, report.reportId, report.caseId);
        outbox.republished++;
      } catch (error) {
        outbox.failed++;
        options.onItemError?.("outbox", report.reportId, error);
      }
    });
  }

  const visitClocks = covers("care")
    ? await sweepVisitClocks(ctx, options, cost)
    : { due: 0, escalated: 0, notDue: 0, raced: 0, failed: 0 };

  return { at: now.toISOString(), overdueTickets, reporterFeedback, outbox, visitClocks, cost };
}
