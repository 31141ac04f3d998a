/**
 * Reading items: every item a query matches, one page of a list behind a cursor, one item by key,
 * many items by key.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
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

/**
 * The whole items behind entries of an index that carries only some attributes (definitions.ts),
 * in the entries' order: one BatchGetItem per 100 entries. An entry whose item is gone by now
 * is left out.
 */
export async function indexedItems(
  ctx: Pick<StoreContext, "clients" | "config">,
  entries: readonly Item[],
  read: BatchRead = {},
): Promise<Item[]> {
  if (entries.length === 0) return [];
  const id = (i: Item) => `${String(i.pk)}\u0000${String(i.sk)}`;
  const found = new Map(
    (
      await mainItems(
        ctx,
        entries.map((e) => ({ pk: e.pk, sk: e.sk })),
        read,
      )
    ).map((i) => [id(i), i]),
  );
  return entries.flatMap((e) => found.get(id(e)) ?? []);
}

/**
 * One page of the items listed under a parent (`gsi2pk` of the byParent index), newest first:
 * one Query, then the items by key (the index carries only the case list's attributes).
 */
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
    async (entries) => view(await indexedItems(ctx, entries)),
  );

/** What a batch read asks of each item besides its key. */
export interface BatchRead {
  /** The table to read (default: the main table). */
  readonly table?: string;
  /** The attributes to read (`ProjectionExpression`), with `names` for reserved words. */
  readonly projection?: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly consistent?: boolean;
  /** Told of each answer, e.g. to add up the capacity reads consume. */
  readonly onAnswer?: (out: BatchGetCommandOutput, items: readonly Item[]) => void;
}

/** The most keys one BatchGetItem request may carry. */
const BATCH_KEYS = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The items of the main table (or `read.table`) with these keys, in no particular order; a key
 * with no item is left out. Duplicate keys are asked once (BatchGetItem refuses a request that repeats a key),
 * 100 keys a request, and keys the table left unprocessed are asked again after a short pause.
 */
export async function mainItems(
  ctx: Pick<StoreContext, "clients" | "config">,
  keyList: readonly Readonly<Record<string, unknown>>[],
  read: BatchRead = {},
): Promise<Item[]> {
  const table = read.table ?? ctx.config.mainTableName;
  const unique = [...new Map(keyList.map((k) => [JSON.stringify([k.pk, k.sk]), k])).values()];
  const items: Item[] = [];
  for (let i = 0; i < unique.length; i += BATCH_KEYS) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + BATCH_KEYS);
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      if (attempt > 0) await pause(Math.min(1000, 25 * 2 ** attempt));
      const out: BatchGetCommandOutput = await ctx.clients.ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: keys,
              ...(read.projection ? { ProjectionExpression: read.projection } : {}),
              ...(read.names ? { ExpressionAttributeNames: { ...read.names } } : {}),
              ...(read.consistent ? { ConsistentRead: true } : {}),
            },
          },
          ...(read.onAnswer ? { ReturnConsumedCapacity: "TOTAL" } : {}),
        }),
      );
      const got = out.Responses?.[table] ?? [];
      read.onAnswer?.(out, got);
      items.push(...got);
      keys = out.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return items;
}
