/**
 * The security log: requests the API refused for who was asking — a token that did not verify
 * (401, with the reason), a role or an object that was not theirs (403, 404 on another's record),
 * a quota spent (429). It holds no personal data: the caller's user id (staff, or the id the
 * token claimed), the route as a template (`GET /v1/cases/{caseId}`, never the id asked for), the
 * status and a reason code. Refusals of objects are also on the case's own trail.
 *
 * Items sit in the main table, one partition per UTC day, and expire with the table's TTL after
 * `SECURITY_LOG_RETENTION_DAYS` (网络安全法 Art. 21: network logs kept no less than six months).
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { DAY } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { newId } from "../ids.ts";
import { partitions } from "../keys.ts";
import type { Page } from "../pages.ts";
import { partitionPage } from "../query.ts";

export const SECURITY_EVENT_KINDS = [
  "unauthenticated",
  "forbidden",
  "refused_object",
  "rate_limited",
] as const;
type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface SecurityEvent {
  readonly at: string;
  readonly kind: SecurityEventKind;
  readonly status: 401 | 403 | 404 | 429;
  /** `METHOD /path/{param}`, or the method and "unknown route". */
  readonly route: string;
  /** A code: `expired`, `bad_signature`, `no_token`, `role`, `quota:read`, … */
  readonly reason: string;
  /** The caller's user id when the token verified; for a 401, the unverified `sub` is not kept. */
  readonly caller?: string;
}

const SECURITY_LOG_RETENTION_DAYS = 180;

export async function appendSecurityEvent(ctx: StoreContext, event: SecurityEvent) {
  const at = Date.parse(event.at);
  await ctx.clients.ddb.send(
    new PutCommand({
      TableName: ctx.config.mainTableName,
      Item: {
        pk: partitions.securityLog(event.at.slice(0, 10)),
        sk: `${event.at}#${newId()}`,
        ...event,
        expiresAt: Math.floor((at + SECURITY_LOG_RETENTION_DAYS * DAY) / 1000),
      },
    }),
  );
}

/** One UTC day's security events, oldest first. */
export async function securityEvents(
  ctx: StoreContext,
  day: string,
  page: { limit: number; cursor?: string },
): Promise<Page<SecurityEvent>> {
  const key = { pk: partitions.securityLog(day) };
  return partitionPage(ctx, ctx.config.mainTableName, key.pk, page, (items) =>
    items.map(
      ({ at, kind, status, route, reason, caller }) =>
        ({ at, kind, status, route, reason, ...(caller ? { caller } : {}) }) as SecurityEvent,
    ),
  );
}
