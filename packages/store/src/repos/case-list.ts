/**
 * The supervisors' case list: every case, filtered by status, agency and township, or only the
 * cases with a ticket past its running clock. One Query per page, never a Scan:
 *
 * | filter                  | read                                                           |
 * |-------------------------|----------------------------------------------------------------|
 * | status (or none)        | `CASES` on the byParent index, `begins_with` the status rank   |
 * | agency, township        | the same Query's filter (`contains` on the case's lists)       |
 * | overdue                 | the `DUE` work list up to now, most late first (open tickets) |
 *
 * A filtered page may hold fewer rows than its limit (DynamoDB applies the limit before the
 * filter); the cursor goes on where the read stopped. Rows carry no child's personal data: the
 * reference number, dates, agencies, townships, situations and the danger flag, as the masked
 * case does (decision 0007).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type AgencyCode, type CaseListRow, isOverdue, runningClock } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import {
  CASE_LIST_ATTRIBUTES,
  caseListStatusOf,
  caseListStatusPrefix,
  INDEX,
  partitions,
  WORK_LIST,
} from "../keys.ts";
import { nextCursor, type Page, startKey } from "../pages.ts";
import { indexedItems } from "../query.ts";
import type { CaseRecord, TicketRecord } from "../records.ts";

interface CaseListQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly status?: CaseRecord["status"];
  readonly agency?: AgencyCode;
  readonly township?: string;
  /** Only the open tickets past their running clock, one row each, most late first. */
  readonly overdue?: boolean;
}

/**
 * The case attributes a row needs, which the byParent index carries, and the case's place on the
 * list (its status); the sealed children are never read.
 */
const CASE_ATTRIBUTES = [...CASE_LIST_ATTRIBUTES, "gsi2sk"].join(", ");

type ListedCase = { readonly gsi2sk: string } & Pick<
  CaseRecord,
  | "caseId"
  | "referenceNo"
  | "createdAt"
  | "closedAt"
  | "agencies"
  | "openTickets"
  | "townships"
  | "categories"
  | "immediateDanger"
  | "firstAcceptedAt"
>;

function caseRow(c: ListedCase): CaseListRow {
  return {
    caseId: c.caseId,
    referenceNo: c.referenceNo,
    createdAt: c.createdAt,
    status: caseListStatusOf(c.gsi2sk),
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    agencies: c.agencies,
    openAgencies: Object.keys(c.openTickets ?? {}) as AgencyCode[],
    townships: c.townships,
    categories: c.categories,
    immediateDanger: c.immediateDanger,
    ...(c.firstAcceptedAt ? { firstAcceptedAt: c.firstAcceptedAt } : {}),
  };
}

function overdueRow(t: TicketRecord, now: Date): CaseListRow {
  const running = runningClock(t) as { clock: string; dueAt: string };
  return {
    caseId: t.caseId,
    referenceNo: t.referenceNo,
    createdAt: t.createdAt,
    status: "open",
    agencies: [t.agency],
    openAgencies: [t.agency],
    townships: t.townships,
    categories: t.categories,
    immediateDanger: t.immediateDanger,
    overdue: {
      ticketId: t.ticketId,
      agency: t.agency,
      kind: t.kind,
      status: t.status,
      clock: running.clock,
      dueAt: running.dueAt,
      lateMs: now.getTime() - Date.parse(running.dueAt),
    },
  };
}

/** `contains` filters for the agency and township asked for, on lists or a plain attribute. */
function filters(query: CaseListQuery, agencyAttribute: "agencies" | "agency") {
  const clauses: string[] = [];
  const values: Record<string, string> = {};
  if (query.agency) {
    clauses.push(
      agencyAttribute === "agencies" ? "contains(agencies, :agency)" : "agency = :agency",
    );
    values[":agency"] = query.agency;
  }
  if (query.township) {
    clauses.push("contains(townships, :township)");
    values[":township"] = query.township;
  }
  return clauses.length > 0
    ? { FilterExpression: clauses.join(" AND "), values }
    : { FilterExpression: undefined, values };
}

export async function listCases(
  ctx: StoreContext,
  query: CaseListQuery,
): Promise<Page<CaseListRow>> {
  return query.overdue ? overdueCases(ctx, query) : casesByStatus(ctx, query);
}

async function casesByStatus(ctx: StoreContext, query: CaseListQuery) {
  const partition = { gsi2pk: partitions.caseList() };
  const filter = filters(query, "agencies");
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: INDEX.byParent,
      KeyConditionExpression: query.status
        ? "gsi2pk = :list AND begins_with(gsi2sk, :rank)"
        : "gsi2pk = :list",
      ...(filter.FilterExpression ? { FilterExpression: filter.FilterExpression } : {}),
      ProjectionExpression: CASE_ATTRIBUTES,
      ExpressionAttributeValues: {
        ":list": partition.gsi2pk,
        ...(query.status ? { ":rank": caseListStatusPrefix(query.status) } : {}),
        ...filter.values,
      },
      // Newest first; open cases (rank 2) before closed ones (rank 1).
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: startKey(query.cursor, partition),
    }),
  );
  const cursor = nextCursor(out.LastEvaluatedKey);
  return {
    items: ((out.Items ?? []) as ListedCase[]).map(caseRow),
    ...(cursor ? { nextCursor: cursor } : {}),
  };
}

async function overdueCases(ctx: StoreContext, query: CaseListQuery) {
  const now = ctx.clock.now();
  const partition = { gsi3pk: WORK_LIST.due };
  const filter = filters(query, "agency");
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: INDEX.workList,
      KeyConditionExpression: "gsi3pk = :due AND gsi3sk < :now",
      ...(filter.FilterExpression ? { FilterExpression: filter.FilterExpression } : {}),
      ExpressionAttributeValues: {
        ":due": partition.gsi3pk,
        ":now": now.toISOString(),
        ...filter.values,
      },
      Limit: query.limit,
      ExclusiveStartKey: startKey(query.cursor, partition),
    }),
  );
  const cursor = nextCursor(out.LastEvaluatedKey);
  return {
    // The work list carries only what it filters on: the tickets are read by key.
    items: ((await indexedItems(ctx, out.Items ?? [])) as TicketRecord[])
      // The ticket's own state decides, not its index entry (a stale entry would list it).
      .filter((t) => isOverdue(t, now))
      .map((t) => overdueRow(t, now)),
    ...(cursor ? { nextCursor: cursor } : {}),
  };
}
