/** Reading items: every item a query matches, one page of a list behind a cursor, one item by key. */
import {
  GetCommand,
  type GetCommandOutput,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { StoreContext } from "./context.ts";
import { INDEX } from "./keys.ts";
import { nextCursor, type Page, startKey } from "./pages.ts";

type Reader = Pick<StoreContext, "clients">;
/** An item as the document client returns it. */
export type Item = NonNullable<GetCommandOutput["Item"]>;
type Query = Omit<QueryCommandInput, "ExclusiveStartKey">;

/** Every item a query matches, page after page. */
export async function queryAll(ctx: Reader, query: Query): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new QueryCommand({ ...query, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item of one partition (`pk`), in sort-key order. */
export const partitionItems = (
  ctx: Reader,
  tableName: string,
  pk: string,
  options: { readonly consistent?: boolean } = {},
): Promise<Item[]> =>
  queryAll(ctx, {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": pk },
    ...(options.consistent ? { ConsistentRead: true } : {}),
  });

/**
 * One page of a list. `partition` is the key every item of the list shares: a cursor that does
 * not lie in it is refused, so a forged cursor cannot page through someone else's items.
 */
export async function queryPage<T>(
  ctx: Reader,
  query: Omit<Query, "Limit">,
  page: { readonly limit: number; readonly cursor?: string | undefined },
  partition: Readonly<Record<string, string>>,
  view: (items: Item[]) => readonly T[] | Promise<readonly T[]>,
): Promise<Page<T>> {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      ...query,
      Limit: page.limit,
      ExclusiveStartKey: startKey(page.cursor, partition),
    }),
  );
  const items = await view(out.Items ?? []);
  const cursor = nextCursor(out.LastEvaluatedKey);
  return { items, ...(cursor ? { nextCursor: cursor } : {}) };
}

/** One item of the main table by its key, read consistently. */
export async function mainItem(
  ctx: Pick<StoreContext, "clients" | "config">,
  key: Readonly<Record<string, string>>,
): Promise<GetCommandOutput["Item"]> {
  const out = await ctx.clients.ddb.send(
    new GetCommand({ TableName: ctx.config.mainTableName, Key: key, ConsistentRead: true }),
  );
  return out.Item;
}

type PageRequest = { readonly limit: number; readonly cursor?: string | undefined };
type View<T> = (items: Item[]) => readonly T[] | Promise<readonly T[]>;

/** One page of one partition (`pk`) of a table, oldest sort key first unless `newestFirst`. */
export const partitionPage = <T>(
  ctx: Reader,
  tableName: string,
  pk: string,
  page: PageRequest,
  view: View<T>,
  options: { readonly consistent?: boolean; readonly newestFirst?: boolean } = {},
): Promise<Page<T>> =>
  queryPage(
    ctx,
    {
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ...(options.consistent ? { ConsistentRead: true } : {}),
      ...(options.newestFirst ? { ScanIndexForward: false } : {}),
    },
    page,
    { pk },
    view,
  );

/** One page of the items listed under a parent (`gsi2pk` of the byParent index), newest first. */
export const byParentPage = <T>(
  ctx: Pick<StoreContext, "clients" | "config">,
  gsi2pk: string,
  page: PageRequest,
  view: View<T>,
): Promise<Page<T>> =>
  queryPage(
    ctx,
    {
      TableName: ctx.config.mainTableName,
      IndexName: INDEX.byParent,
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": gsi2pk },
      ScanIndexForward: false,
    },
    page,
    { gsi2pk },
    view,
  );
