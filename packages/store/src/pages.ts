import { InvalidInputError } from "@cp/domain";
import { decodeCursor, encodeCursor } from "./ids.ts";

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/**
 * The ExclusiveStartKey a cursor stands for, checked to lie in the partition being read, so a
 * forged cursor cannot page through someone else's items.
 */
export function startKey(
  cursor: string | undefined,
  partition: Readonly<Record<string, string>>,
): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor);
  const inPartition = key && Object.entries(partition).every(([k, v]) => key[k] === v);
  if (!inPartition) {
    throw new InvalidInputError("The cursor is not valid for this list.", [
      { path: "cursor", message: "not a cursor of this list" },
    ]);
  }
  return key;
}

export const nextCursor = (lastKey: Record<string, unknown> | undefined) => encodeCursor(lastKey);
