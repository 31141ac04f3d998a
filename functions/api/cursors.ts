/**
 * Paged answers with opaque, signed cursors (packages/store/src/crypto/page-cursors.ts): the
 * cursor a client sends is opened before anything is read, and only when it was given to this
 * caller for this query (method, path and every query parameter but `cursor` and `limit`);
 * otherwise 400 naming `cursor`. The `nextCursor` of the answer is sealed the same way.
 */
import { InvalidInputError } from "@cp/domain";
import { type CursorKeys, cursorKeys, openCursor, sealCursor } from "@cp/store/crypto/page-cursors";
import type { Context } from "hono";
import type { AppDeps, AppEnv } from "./context.ts";

const keysBySecret = new Map<string, CursorKeys>();

function keysOf(deps: AppDeps): CursorKeys {
  const secret = deps.store.config.fingerprintKey;
  let keys = keysBySecret.get(secret);
  if (!keys) {
    keys = cursorKeys(secret);
    keysBySecret.set(secret, keys);
  }
  return keys;
}

/** Who asks and what: a cursor of one list does not open another, nor for another caller. */
function cursorBinding(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const query = [...url.searchParams]
    .filter(([name]) => name !== "cursor" && name !== "limit")
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  return JSON.stringify([c.get("identity").sub, c.req.method, url.pathname, query]);
}

/**
 * Reads one page: `read` gets the store's cursor (or none for the first page) and its answer's
 * `nextCursor` goes back to the client sealed.
 */
export async function paged<P extends { readonly nextCursor?: string | undefined }>(
  c: Context<AppEnv>,
  deps: AppDeps,
  read: (cursor: string | undefined) => Promise<P>,
): Promise<P> {
  const keys = keysOf(deps);
  const binding = cursorBinding(c);
  const given = c.req.query("cursor");
  let inner: string | undefined;
  if (given !== undefined) {
    inner = openCursor(keys, given, binding);
    if (inner === undefined) {
      throw new InvalidInputError("The cursor is not one this list gave you.", [
        { path: "query.cursor", message: "not a cursor this list gave to you for this query" },
      ]);
    }
  }
  const page = await read(inner);
  return page.nextCursor === undefined
    ? page
    : { ...page, nextCursor: sealCursor(keys, page.nextCursor, binding) };
}
