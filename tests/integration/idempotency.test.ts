/**
 * Exactly-once effects under at-least-once delivery: the same Idempotency-Key posted twice, and the
 * same intake message delivered twice, each leave exactly one set of records.
 */

import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { createRouterHandler } from "@cp/functions/router/handler";
import { intakeQueue } from "@cp/store/definitions";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { drained } from "../reliability/support.ts";
import {
  api,
  eventually,
  exampleReport,
  fileAs,
  storeContext,
  uniqueIdNumber,
} from "../support/api.ts";

const ctx = storeContext();

async function ticketCount(caseId: string) {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
      Select: "COUNT",
    }),
  );
  return out.Count ?? 0;
}

async function auditCount(caseId: string) {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.auditTableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
      Select: "COUNT",
      ConsistentRead: true,
    }),
  );
  return out.Count ?? 0;
}

async function reportsOf(sub: string) {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": `REPORTER#${sub}` },
    }),
  );
  return out.Items ?? [];
}

describe("Idempotency-Key on POST /v1/reports", () => {
  it("answers a repeat with the first response and stores one report", async () => {
    const key = `idem-${Date.now()}-${Math.random()}`;
    const body = exampleReport(uniqueIdNumber(), { immediateDanger: false });
    const before = (await reportsOf("doctor.he")).length;

    const first = await api("POST", "/v1/reports", {
      as: "doctor.he",
      body,
      headers: { "idempotency-key": key },
    });
    const second = await api("POST", "/v1/reports", {
      as: "doctor.he",
      body,
      headers: { "idempotency-key": key },
    });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect((await reportsOf("doctor.he")).length).toBe(before + 1);
  });

  it("refuses the same key with a different body (409) and stores nothing more", async () => {
    const key = `idem-${Date.now()}-${Math.random()}`;
    const body = exampleReport(uniqueIdNumber(), { immediateDanger: false });
    await api("POST", "/v1/reports", {
      as: "doctor.he",
      body,
      headers: { "idempotency-key": key },
    });
    const before = (await reportsOf("doctor.he")).length;

    const changed = { ...body, incident: { ...body.incident, description: "另一份描述" } };
    const res = await api("POST", "/v1/reports", {
      as: "doctor.he",
      body: changed,
      headers: { "idempotency-key": key },
    });

    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await reportsOf("doctor.he")).length).toBe(before);
  });

  it("files two reports concurrently under one key exactly once", async () => {
    const key = `idem-${Date.now()}-${Math.random()}`;
    const body = exampleReport(uniqueIdNumber(), { immediateDanger: false });
    const before = (await reportsOf("doctor.he")).length;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api<{ reportId: string }>("POST", "/v1/reports", {
          as: "doctor.he",
          body,
          headers: { "idempotency-key": key },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.reportId)).size).toBe(1);
    expect((await reportsOf("doctor.he")).length).toBe(before + 1);
  });
});

describe("the same intake message delivered twice", () => {
  it("creates the tickets once, through the queue and through the handler", async () => {
    const filed = { body: await fileAs("teacher.li", exampleReport(uniqueIdNumber())) };
    const caseId = filed.body.caseId;
    await eventually(
      async () => ((await ticketCount(caseId)) === 4 ? true : undefined),
      10_000,
      "tickets",
    );
    const eventsAfterRouting = await auditCount(caseId);

    // Redelivery through SQS: a new deduplication id, so the queue hands it over again.
    await ctx.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: ctx.config.queueUrlPrefix + intakeQueue.name,
        MessageBody: JSON.stringify({ reportId: filed.body.reportId, caseId }),
        MessageGroupId: caseId,
        MessageDeduplicationId: `redelivery-${Date.now()}`,
      }),
    );
    // And the handler given the same record twice in one batch, as Lambda may after a timeout.
    const handler = createRouterHandler(ctx, () => undefined);
    const record = (id: string) => ({
      messageId: id,
      receiptHandle: id,
      body: JSON.stringify({ reportId: filed.body.reportId, caseId }),
      attributes: {
        ApproximateReceiveCount: "2",
        SentTimestamp: "0",
        SenderId: "t",
        ApproximateFirstReceiveTimestamp: "0",
        MessageGroupId: caseId,
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${intakeQueue.name}`,
      awsRegion: "us-east-1",
    });
    const response = await handler({ Records: [record("a"), record("b")] } as SQSEvent);

    expect(response.batchItemFailures).toEqual([]);
    // The queued redelivery has been consumed (and deleted, so handled without failure) once the
    // intake queue is empty: only then can "nothing changed" mean anything.
    await drained(ctx.clients.sqs, [ctx.config.queueUrlPrefix + intakeQueue.name], 20_000);
    expect(await ticketCount(caseId)).toBe(4);
    expect(await auditCount(caseId)).toBe(eventsAfterRouting);
  });
});
