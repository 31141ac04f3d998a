/**
 * Visit clocks on the sweeper: a file whose next escalation has fallen due (the `CAREDUE` work
 * list, by instant) is escalated — to the township's 儿童督导员, then to 民政 — once per clock, due
 * date and level. The escalation record, the file's new escalation state (which moves it on the
 * work list) and the audit event are one file transaction; a second sweeper's attempt finds the
 * record there and writes nothing.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { careScopeOf, type Identity, localDate, nextEscalation, SYSTEM_ACTOR } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import type { Page } from "../pages.ts";
import { partitionPage } from "../query.ts";
import { ChangeItemConflict, commitChildChange } from "./files.ts";
import { careKeys } from "./keys.ts";
import { clocksOf, visitPolicyOf } from "./records.ts";

export interface CareEscalation {
  readonly childId: string;
  readonly township: string;
  readonly village: string;
  readonly clock: "contact" | "home_visit";
  readonly dueOn: string;
  readonly level: number;
  readonly to: "child_supervisor" | "civil_affairs";
  readonly at: string;
  readonly escalatedAt: string;
}

type CareEscalationOutcome = "escalated" | "not_due" | "raced";

/** Escalate one file's due step, if it is still due on fresh state. */
async function escalateVisitClock(
  ctx: StoreContext,
  childId: string,
): Promise<CareEscalationOutcome> {
  class NotDue extends Error {}
  try {
    return await commitChildChange(ctx, childId, (file, now) => {
      if (file.status !== "active") throw new NotDue();
      const policy = visitPolicyOf(file);
      const clocks = clocksOf(file, localDate(now));
      const pending = nextEscalation(clocks, file.escalations, policy);
      if (!pending || pending.at > now.toISOString()) throw new NotDue();
      const record: CareEscalation = {
        childId,
        township: file.township,
        village: file.village,
        clock: pending.clock,
        dueOn: pending.dueOn,
        level: pending.step.level,
        to: pending.step.to,
        at: pending.at,
        escalatedAt: now.toISOString(),
      };
      const sk = `${pending.at}#${childId}#${pending.clock}#${pending.step.level}`;
      const partitions = [
        careKeys.escalationPartition({ township: file.township }),
        ...(pending.step.to === "civil_affairs" ? [careKeys.escalationPartition("city")] : []),
      ];
      return {
        next: {
          ...file,
          escalations: {
            ...file.escalations,
            [pending.clock]: { dueOn: pending.dueOn, level: pending.step.level },
          },
        },
        items: partitions.map((pk) => ({
          Put: {
            TableName: ctx.config.mainTableName,
            Item: { pk, sk, ...record },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        })),
        events: [
          {
            actor: SYSTEM_ACTOR,
            action: "visit_overdue_escalated",
            details: {
              clock: pending.clock,
              dueOn: pending.dueOn,
              level: pending.step.level,
              to: pending.step.to,
            },
          },
        ],
        result: "escalated" as const,
      };
    });
  } catch (error) {
    if (error instanceof NotDue) return "not_due";
    if (error instanceof ChangeItemConflict) return "raced";
    throw error;
  }
}

export interface CareSweepCounts {
  due: number;
  escalated: number;
  notDue: number;
  raced: number;
  failed: number;
}

/** The sweeper's care work list: every file whose next escalation instant is before now. */
export async function sweepVisitClocks(
  ctx: StoreContext,
  options: { pageSize: number; onItemError?: (what: string, id: string, error: unknown) => void },
  cost: { queries: number; itemsRead: number; readCapacityUnits: number },
): Promise<CareSweepCounts> {
  const counts: CareSweepCounts = { due: 0, escalated: 0, notDue: 0, raced: 0, failed: 0 };
  const now = ctx.clock.now().toISOString();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.mainTableName,
        IndexName: "gsi3",
        KeyConditionExpression: "gsi3pk = :list AND gsi3sk < :now",
        ExpressionAttributeValues: { ":list": "CAREDUE", ":now": now },
        ProjectionExpression: "childId",
        Limit: options.pageSize,
        ExclusiveStartKey: start,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    cost.queries++;
    cost.itemsRead += out.ScannedCount ?? 0;
    cost.readCapacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
    start = out.LastEvaluatedKey;
    for (const item of out.Items ?? []) {
      counts.due++;
      const childId = item.childId as string;
      try {
        // A file may owe two steps at once (both clocks, or a long gap): take them all now.
        for (let i = 0; i < 4; i++) {
          const outcome = await escalateVisitClock(ctx, childId);
          if (outcome === "escalated") counts.escalated++;
          else {
            if (i === 0) counts[outcome === "raced" ? "raced" : "notDue"]++;
            break;
          }
        }
      } catch (error) {
        counts.failed++;
        options.onItemError?.("visit_clock", childId, error);
      }
    }
  } while (start);
  return counts;
}

/**
 * Escalations for the caller: a 督导员 their township's (both levels), 民政 those that reached it.
 */
export async function listCareEscalations(
  ctx: StoreContext,
  who: Identity,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<CareEscalation>> {
  const scope = careScopeOf(who);
  if (!scope || scope.level === "village") return { items: [] };
  const pk = careKeys.escalationPartition(scope.level === "city" ? "city" : scope);
  return partitionPage(
    ctx,
    ctx.config.mainTableName,
    pk,
    page,
    (items) => items.map(({ pk: _p, sk: _s, ...rest }) => rest as CareEscalation),
    { newestFirst: true },
  );
}
