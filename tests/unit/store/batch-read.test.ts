/**
 * Reading many items by key: how the keys are split into requests and what is asked again.
 * The table is a stand-in that answers from a map and, when told to, leaves keys unprocessed as
 * DynamoDB does under load; the real table is read by the integration tests.
 */
import type { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { mainItems } from "../../../packages/store/src/query.ts";

type Key = { pk: string; sk: string };

function table(stored: readonly Key[], unprocessedOnce = 0) {
  const requests: Record<string, unknown>[] = [];
  let leftOver = unprocessedOnce;
  const send = async (command: BatchGetCommand) => {
    const asked = command.input.RequestItems?.main as { Keys: Key[] } & Record<string, unknown>;
    requests.push(asked);
    const held = asked.Keys.slice(0, asked.Keys.length - leftOver);
    const unprocessed = asked.Keys.slice(held.length);
    leftOver = 0;
    return {
      Responses: {
        main: held.filter((k) => stored.some((s) => s.pk === k.pk && s.sk === k.sk)),
      },
      ...(unprocessed.length > 0 ? { UnprocessedKeys: { main: { Keys: unprocessed } } } : {}),
    };
  };
  const ctx = { clients: { ddb: { send } }, config: { mainTableName: "main" } };
  return { ctx: ctx as unknown as Parameters<typeof mainItems>[0], requests };
}

const key = (n: number): Key => ({ pk: `CASE#${n}`, sk: "CASE" });

describe("reading many items by key", () => {
  it("asks nothing for no keys", async () => {
    const { ctx, requests } = table([]);
    expect(await mainItems(ctx, [])).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it("asks 100 keys a request, each key once, and leaves out keys with no item", async () => {
    const stored = Array.from({ length: 230 }, (_, i) => key(i));
    const { ctx, requests } = table(stored);
    const asked = [...stored, key(5), key(7), key(999)];
    const items = await mainItems(ctx, asked, {
      projection: "caseId, #s",
      names: { "#s": "status" },
      consistent: true,
    });
    expect(items).toHaveLength(230);
    expect(requests.map((r) => (r.Keys as Key[]).length)).toEqual([100, 100, 31]);
    expect(requests[0]).toMatchObject({
      ProjectionExpression: "caseId, #s",
      ExpressionAttributeNames: { "#s": "status" },
      ConsistentRead: true,
    });
  });

  it("asks again for the keys the table left unprocessed", async () => {
    const stored = Array.from({ length: 10 }, (_, i) => key(i));
    const { ctx, requests } = table(stored, 4);
    const answers: number[] = [];
    const items = await mainItems(ctx, stored, {
      onAnswer: (_out, got) => answers.push(got.length),
    });
    expect(items.map((i) => i.pk).sort()).toEqual(stored.map((k) => k.pk).sort());
    expect(requests.map((r) => (r.Keys as Key[]).length)).toEqual([10, 4]);
    expect(answers).toEqual([6, 4]);
  });
});
