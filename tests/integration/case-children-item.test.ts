/**
 * A case's children sit in an item of their own beside the case item (decision 0018), so that a
 * command writes a small case item. A case item written before that carries them itself: it still
 * reads whole, and its next change moves them to their item without losing them.
 */
import { DeleteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { commitCaseChange, keys, readCase } from "@cp/store";
import { mainTable } from "@cp/store/definitions";
import { expect, it } from "vitest";
import { exampleReport, storeContext, uniqueIdNumber } from "../support/api.ts";
import { fileAndRoute } from "../support/security.ts";

const ctx = storeContext();

const rawItem = async (key: Record<string, string>) =>
  (
    await ctx.clients.ddb.send(
      new GetCommand({ TableName: mainTable.name, Key: key, ConsistentRead: true }),
    )
  ).Item;

it("keeps the children in their own item, and moves those of an older case item there on its next change", async () => {
  // Arrange: a filed case, then made as an older one was (children on the case item).
  const { filed } = await fileAndRoute(exampleReport(uniqueIdNumber()));
  const caseKey = keys.case(filed.caseId);
  const childrenKey = keys.caseChildren(filed.caseId);
  const sealed = (await rawItem(childrenKey))?.children;
  expect(sealed).toMatch(/^pd2\./);
  expect((await rawItem(caseKey))?.children).toBeUndefined();
  expect((await readCase(ctx, filed.caseId))?.children[0]?.name).toBe("小明");
  await ctx.clients.ddb.send(
    new UpdateCommand({
      TableName: mainTable.name,
      Key: caseKey,
      UpdateExpression: "SET children = :c",
      ExpressionAttributeValues: { ":c": sealed },
    }),
  );
  await ctx.clients.ddb.send(new DeleteCommand({ TableName: mainTable.name, Key: childrenKey }));
  const before = await readCase(ctx, filed.caseId);
  expect(before?.children[0]?.name).toBe("小明");

  // Act: a change to the case that leaves its children as they were.
  await commitCaseChange(ctx, filed.caseId, (current) => ({
    next: { ...current, legalHold: { at: "2026-01-01T00:00:00.000Z", by: "test" } },
    items: [],
    events: [],
    result: undefined,
  }));

  // Assess: the children moved to their item, unchanged, and the case item holds none.
  const after = await readCase(ctx, filed.caseId);
  expect(after?.legalHold?.by).toBe("test");
  expect(after?.children).toEqual(before?.children);
  expect((await rawItem(caseKey))?.children).toBeUndefined();
  expect((await rawItem(childrenKey))?.children).toMatch(/^pd2\./);
});
