/** The shape of a change to a case, as the repositories build it and `commitCaseChange` writes it. */
import type { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { EventDraft } from "@cp/domain";
import type { CaseRecord, TicketRecord } from "./records.ts";

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

export type { EventDraft } from "@cp/domain";

/** A ticket's move from one state to another (no `before`: the ticket is new). */
export interface TicketTransition {
  readonly before?: TicketRecord;
  readonly after: TicketRecord;
}

export interface CaseChange<R> {
  /** The case as it is to be after the change (version and audit head are set here). */
  readonly next: Omit<CaseRecord, "version" | "auditSeq" | "auditHash">;
  /** Other items, each with its own condition. */
  readonly items: readonly TransactItem[];
  readonly events: readonly EventDraft[];
  /** The tickets this change creates or moves, for whatever is derived from ticket history. */
  readonly tickets?: readonly TicketTransition[];
  /**
   * Rebuild on fresh state when one of `items` fails its condition too (a ticket moved by a
   * command that did not name a version): the build re-reads and judges again.
   */
  readonly rebuildOnItemConflict?: boolean;
  readonly result: R;
}

type ItemKey = { readonly pk: string; readonly sk: string };

/** One Update that adds each figure to its attribute; `ADD` creates the item and attributes on first use. */
export function addCounters(
  tableName: string,
  key: ItemKey,
  delta: ReadonlyMap<string, number>,
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts: string[] = [];
  for (const [attr, n] of delta) {
    const i = parts.length;
    names[`#a${i}`] = attr;
    values[`:v${i}`] = n;
    parts.push(`#a${i} :v${i}`);
  }
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `ADD ${parts.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** One Update that adds names to the item's `names` set (idempotent). */
export function addNames(tableName: string, key: ItemKey, names: Iterable<string>): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: "ADD #names :names",
      ExpressionAttributeNames: { "#names": "names" },
      ExpressionAttributeValues: { ":names": new Set(names) },
    },
  };
}

/**
 * One Put of a whole item, under the condition its kind needs: `"new"` for an item that must not
 * exist yet (an audit event, a first version, a claim), `{ version }` for one written over only
 * while still at that version, none for an item that may be written over.
 */
export function putItem(
  tableName: string,
  item: Record<string, unknown>,
  condition?: "new" | { readonly version: number },
): TransactItem {
  const guard =
    condition === "new"
      ? { ConditionExpression: "attribute_not_exists(pk)" }
      : condition
        ? {
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": condition.version },
          }
        : {};
  return { Put: { TableName: tableName, Item: item, ...guard } };
}
