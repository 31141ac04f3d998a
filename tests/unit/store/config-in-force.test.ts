/**
 * The one reader of a configuration in force (repos/versioned-config.ts `versionCache`), through
 * the SLA policy: the version in force at an instant, never from a list that may miss it, and no
 * read where the list held is known to be complete. The table is a stand-in that answers from
 * what it holds and counts the requests; the real table is read by the integration tests
 * (sla-policy-versions, routing-rules-versions).
 */
import type { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { DEFAULT_SLA_POLICY } from "@cp/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { slaPolicyAt, slaPolicyNow } from "../../../packages/store/src/repos/sla-policy.ts";

const T0 = Date.parse("2026-03-02T08:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();

/** A main table holding the SLA policy's stored versions and pointer; `now` moves wall and store clocks together. */
function table(name: string) {
  const items: Record<string, unknown>[] = [];
  const requests: ("Query" | "GetItem")[] = [];
  let wall = T0;
  const send = async (command: QueryCommand | GetCommand) => {
    const input = command.input as Record<string, unknown>;
    if ("KeyConditionExpression" in input) {
      requests.push("Query");
      const values = input.ExpressionAttributeValues as Record<string, string>;
      return {
        Items: items.filter(
          (i) => i.pk === values[":pk"] && String(i.sk).startsWith(values[":v"] ?? ""),
        ),
      };
    }
    requests.push("GetItem");
    const key = input.Key as { pk: string; sk: string };
    return { Item: items.find((i) => i.pk === key.pk && i.sk === key.sk) };
  };
  const ctx = {
    clients: { ddb: { send } },
    config: { mainTableName: name },
    clock: { now: () => new Date(wall) },
  } as unknown as Parameters<typeof slaPolicyNow>[0];
  return {
    ctx,
    requests,
    now(ms: number) {
      wall = T0 + ms;
      vi.setSystemTime(wall);
    },
    /** What another function's change writes: the version and the pointer naming it. */
    storeVersion(version: number, effectiveFrom: string) {
      const pk = "SLA#policy";
      items.push({
        pk,
        sk: `V#${String(version).padStart(6, "0")}`,
        version,
        effectiveFrom,
        changedBy: "admin",
        table: { ...DEFAULT_SLA_POLICY, version },
      });
      const pointer = items.find((i) => i.pk === pk && i.sk === "CURRENT");
      if (pointer) pointer.version = version;
      else items.push({ pk, sk: "CURRENT", version, auditSeq: 1, auditHash: "h" });
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the SLA policy in force", () => {
  it("follows at once a version another function stored, for a command as for a filing", async () => {
    const t = table("config-in-force-1");
    expect((await slaPolicyNow(t.ctx)).version).toBe(1);
    expect(t.requests).toEqual(["Query"]);

    // Nothing changed: the pointer says so, and the versions are not read again.
    t.now(5_000);
    expect((await slaPolicyNow(t.ctx)).version).toBe(1);
    expect(t.requests).toEqual(["Query", "GetItem"]);

    // Another function stores version 2; this function's list does not have it yet.
    t.storeVersion(2, at(6_000));
    t.now(6_500);
    expect((await slaPolicyNow(t.ctx)).version).toBe(2);
    expect(t.requests).toEqual(["Query", "GetItem", "GetItem", "Query"]);
    t.now(7_000);
    expect((await slaPolicyAt(t.ctx, at(7_000))).version).toBe(2);
  });

  it("answers for an instant well before its list was confirmed with no read, by the version then", async () => {
    const t = table("config-in-force-2");
    t.storeVersion(2, at(-60_000));
    t.now(10_000);
    expect((await slaPolicyAt(t.ctx, at(9_500))).version).toBe(2);
    const read = t.requests.length;
    // The router, routing reports filed before the list was read: no request at all.
    expect((await slaPolicyAt(t.ctx, at(8_000))).version).toBe(2);
    expect((await slaPolicyAt(t.ctx, at(-120_000))).version).toBe(1);
    expect(t.requests).toHaveLength(read);
    // Within the clock margin of the list's confirmation, the pointer is asked again.
    expect((await slaPolicyAt(t.ctx, at(9_500))).version).toBe(2);
    expect(t.requests).toHaveLength(read + 1);
  });
});
