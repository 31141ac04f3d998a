/**
 * Page cursors on the local stack: opaque (no key names, no user names inside), signed and bound
 * to the caller and the query. A tampered, foreign, malformed or old-style cursor answers 400
 * naming `cursor` and reads nothing from the store.
 */
import type { StoreContext } from "@cp/store";
import { describe, expect, it } from "vitest";
import {
  api,
  eventually,
  exampleReport,
  signToken,
  storeContext,
  uniqueIdNumber,
} from "../support/api.ts";
import { freshSub, inProcessApp } from "../support/security.ts";

/** A store context whose reads of DynamoDB are counted. */
function countingStore(): { store: StoreContext; reads: () => number } {
  const base = storeContext();
  let reads = 0;
  const ddb = new Proxy(base.clients.ddb, {
    get(target, prop, receiver) {
      if (prop === "send") {
        return (command: { constructor: { name: string } }, ...rest: unknown[]) => {
          if (/Get|Query|Scan/.test(command.constructor.name)) reads++;
          return (target.send as (...a: unknown[]) => unknown).call(target, command, ...rest);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  return { store: { ...base, clients: { ...base.clients, ddb } }, reads: () => reads };
}

interface Page {
  items: { reportId: string }[];
  nextCursor?: string;
}

describe("page cursors", () => {
  it("are opaque and signed; a tampered, foreign, malformed or old-style cursor is 400 naming cursor and reads nothing", async () => {
    const sub = freshSub("teacher");
    const token = await signToken({ roles: ["reporter"], org: "建塘镇中心小学" }, sub);
    for (let i = 0; i < 3; i++) {
      const res = await api("POST", "/v1/reports", {
        token,
        body: exampleReport(uniqueIdNumber()),
      });
      expect(res.status).toBe(201);
    }
    const { store, reads } = countingStore();
    const app = await inProcessApp({}, store);
    const get = async (path: string, as = token) => {
      const res = await app.request(path, { headers: { authorization: `Bearer ${as}` } });
      return {
        status: res.status,
        body: (await res.json()) as Page & { errors?: { path: string }[] },
      };
    };

    // All three pages, one report each, through the cursors the API gave.
    await eventually(
      async () => {
        const first = await get("/v1/reports?mine=true&limit=3");
        return first.body.items.length === 3 ? true : undefined;
      },
      10_000,
      "the three reports listed",
    );
    const seen: string[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await get(
        `/v1/reports?mine=true&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((r) => r.reportId));
      cursor = page.body.nextCursor;
      if (cursor) cursors.push(cursor);
    } while (cursor && seen.length < 10);
    expect(new Set(seen).size).toBe(3);
    expect(seen).toHaveLength(3);

    // Opaque: base64url, and neither the key names nor the caller inside.
    const given = cursors[0] as string;
    expect(given).toMatch(/^[A-Za-z0-9_-]+$/);
    const inside = Buffer.from(given, "base64url").toString("latin1");
    // (Quoted names: random bytes match a bare two-letter name now and then.)
    for (const leak of ['"pk"', '"sk"', "REPORTER#", sub]) expect(inside).not.toContain(leak);
    // Two cursors for the same place differ (fresh IV): nothing to compare or guess.
    const again = await get("/v1/reports?mine=true&limit=1");
    expect(again.body.nextCursor).not.toBe(given);

    const other = await signToken(
      { roles: ["reporter"], org: "建塘镇中心小学" },
      freshSub("teacher"),
    );
    const flipped = `${given.slice(0, 20)}${given[20] === "A" ? "B" : "A"}${given.slice(21)}`;
    const oldStyle = Buffer.from(JSON.stringify({ pk: `REPORTER#${sub}`, sk: "R#0" })).toString(
      "base64url",
    );
    const refused: [string, string, string][] = [
      ["tampered", `/v1/reports?mine=true&cursor=${flipped}`, token],
      ["another caller's", `/v1/reports?mine=true&cursor=${given}`, other],
      ["another query's", `/v1/reports?mine=true&status=closed&cursor=${given}`, token],
      ["too short", "/v1/reports?mine=true&cursor=AAAA", token],
      ["not base64url", "/v1/reports?mine=true&cursor=%21%21%21", token],
      ["old-style (base64 JSON of a key)", `/v1/reports?mine=true&cursor=${oldStyle}`, token],
      ["truncated", `/v1/reports?mine=true&cursor=${given.slice(0, -3)}`, token],
    ];
    for (const [what, path, as] of refused) {
      const before = reads();
      const res = await get(path, as);
      expect(res.status, what).toBe(400);
      expect(
        res.body.errors?.map((e) => e.path),
        what,
      ).toContain("query.cursor");
      expect(reads() - before, `${what}: reads`).toBe(0);
    }
    // The genuine cursor still works for its caller and query, with another page size too.
    expect((await get(`/v1/reports?mine=true&limit=2&cursor=${given}`)).status).toBe(200);
  }, 60_000);
});
