/**
 * The access log is tamper-evident: reads and refusals on a case are chained on the case's own
 * access head, concurrent readers all get in, and the verify route catches an entry removed or
 * altered in the table.
 */

import { DeleteCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { auditTable } from "@cp/store/definitions";
import { describe, expect, it } from "vitest";
import {
  api,
  exampleReport,
  fileAs,
  pendingTicket,
  storeContext,
  uniqueIdNumber,
} from "../support/api.ts";
import { newReporter } from "../support/security.ts";

interface Verdict {
  valid: boolean;
  problem?: string;
  accessLog: { valid: boolean; entries: number; problem?: string };
}

const verify = async (caseId: string) =>
  (await api<Verdict>("GET", `/v1/cases/${caseId}/audit/verify`, { as: "supervisor.wang" })).body;

describe("the access log's chain", () => {
  it("takes concurrent readers in turn and catches an entry removed or altered", async () => {
    const { caseId } = await fileAs(await newReporter(), exampleReport(uniqueIdNumber()));
    await pendingTicket("officer.police", caseId);
    // Reads by the agency on the case and refusals of others, all at once.
    const reads = await Promise.all([
      ...["case", "case", "case"].map(() =>
        api("GET", `/v1/cases/${caseId}`, { as: "officer.police" }),
      ),
      ...["officer.court", "officer.education"].map((as) =>
        api("GET", `/v1/cases/${caseId}`, { as }),
      ),
    ]);
    expect(reads.map((r) => r.status).slice(0, 3)).toEqual([200, 200, 200]);
    const before = await verify(caseId);
    expect(before.valid).toBe(true);
    expect(before.accessLog.valid).toBe(true);
    // One merged view by the police, one refusal for each of the two others (twice as many if
    // the reads straddled a minute).
    expect(reads.map((r) => r.status).slice(3)).not.toContain(200);
    expect(before.accessLog.entries).toBeGreaterThanOrEqual(3);
    expect(before.accessLog.entries).toBeLessThanOrEqual(6);

    const ctx = storeContext();
    const items = (
      await ctx.clients.ddb.send(
        new QueryCommand({
          TableName: auditTable.name,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `ACCESS#${caseId}` },
          ConsistentRead: true,
        }),
      )
    ).Items as { pk: string; sk: string; entry?: { seq: number; actor: { sub: string } } }[];
    const first = items.find((i) => i.entry?.seq === 1);
    if (!first?.entry) throw new Error("no first entry in the access log");

    // Removed: the next entry no longer links (or the head is not met).
    await ctx.clients.ddb.send(
      new DeleteCommand({ TableName: auditTable.name, Key: { pk: first.pk, sk: first.sk } }),
    );
    const removed = await verify(caseId);
    expect(removed.valid).toBe(false);
    expect(removed.accessLog.valid).toBe(false);
    expect(removed.problem).toMatch(/^access log: /);

    // Put back as it was: whole again. Altered: its hash no longer holds.
    await ctx.clients.ddb.send(new PutCommand({ TableName: auditTable.name, Item: first }));
    expect((await verify(caseId)).valid).toBe(true);
    await ctx.clients.ddb.send(
      new PutCommand({
        TableName: auditTable.name,
        Item: { ...first, entry: { ...first.entry, actor: { ...first.entry.actor, sub: "x" } } },
      }),
    );
    const altered = await verify(caseId);
    expect(altered.valid).toBe(false);
    expect(altered.accessLog.problem).toBe("entry seq 1 does not match its hash");
  });
});
