import type { AuditEvent } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import type { Page } from "../pages.ts";
import { partitionPage } from "../query.ts";

export async function auditPartitionPage(
  ctx: StoreContext,
  pk: string,
  page: { limit: number; cursor?: string },
): Promise<Page<AuditEvent>> {
  return partitionPage(
    ctx,
    ctx.config.auditTableName,
    pk,
    page,
    (items) => items.map((i) => i.event as AuditEvent),
    { consistent: true },
  );
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
