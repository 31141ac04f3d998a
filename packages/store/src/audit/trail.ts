/**
 * Reading an audit partition of the append-only audit table: a case's chain (`CASE#<caseId>`) or
 * a system chain such as the routing rules'. One reader for every chain, oldest first.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEvent } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { nextCursor, type Page, startKey } from "../pages.ts";

export async function auditPartitionPage(
  ctx: StoreContext,
  pk: string,
  page: { limit: number; cursor?: string },
): Promise<Page<AuditEvent>> {
  const partition = { pk };
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.auditTableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ConsistentRead: true,
      Limit: page.limit,
      ExclusiveStartKey: startKey(page.cursor, partition),
    }),
  );
  const cursor = nextCursor(out.LastEvaluatedKey);
  return {
    items: ((out.Items ?? []) as { event: AuditEvent }[]).map((i) => i.event),
    ...(cursor ? { nextCursor: cursor } : {}),
  };
}

/** Every event of an audit partition, oldest first. */
export async function auditTrail(ctx: StoreContext, pk: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await auditPartitionPage(ctx, pk, { limit: 500, ...(cursor ? { cursor } : {}) });
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}
