import { createHash } from "node:crypto";
import { encodeTime, ulid } from "ulid";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A new random id (ULID: time-ordered, 26 characters). */
export const newId = (): string => ulid();

/**
 * An id in ULID form derived from a seed, so that redoing the same work (a redelivered message)
 * names the same record and the conditional write turns the repeat into a no-op.
 */
export function derivedId(at: Date, ...seed: string[]): string {
  const digest = createHash("sha256").update(seed.join("|")).digest();
  let random = "";
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] as number) % 32];
  return encodeTime(at.getTime(), 10) + random;
}

/** Opaque page cursors: the last key of a page, base64url. */
export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined;

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through: a cursor that is not ours
  }
  return undefined;
}
