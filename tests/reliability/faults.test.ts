/**
 * Faults on the real local stack: a router that dies mid-batch, a SendMessage that fails after
 * the write, one message delivered many times, and fifty officers racing to accept one ticket.
 * After each, nothing is lost and nothing is done twice.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { ManualClock, type ReportInput, verifyChain } from "@cp/domain";
import { createRouterHandler } from "@cp/functions/router/handler";
import { fileReport, queueUrls, type StoreContext, sweep } from "@cp/store";
import { describe, expect, it } from "vitest";
import { reportBody } from "../bench/sample-reports.ts";
import { receiveEvent } from "../bench/sqs-event.ts";
import { api, eventually, fileAs, storeContext } from "../support/api.ts";
import {
  auditOfCase,
  drained,
  dyingAfter,
  expectedTickets,
  failingSends,
  InjectedFault,
  privateQueues,
  reporter,
  ticketsOfCase,
} from "./support.ts";

const quiet = () => undefined;

const physicalAbuse = (n: number, run: number) =>
  reportBody(
    n,
    { categories: ["physical_abuse"], immediateDanger: true },
    run,
  ) as unknown as ReportInput;

/** Each report's case holds exactly the demanded tickets, one routing event, a valid chain. */
async function assertRoutedOnce(
  ctx: StoreContext,
  filed: { caseId: string; input: ReportInput }[],
) {
  for (const f of filed) {
    const tickets = await ticketsOfCase(ctx, f.caseId);
    const events = await auditOfCase(ctx, f.caseId);
    expect(tickets.map((t) => `${t.agency}:${t.kind}`).sort()).toEqual(expectedTickets(f.input));
    expect(events.filter((e) => e.action === "report_routed")).toHaveLength(1);
    expect(events.filter((e) => e.action === "ticket_created")).toHaveLength(tickets.length);
    expect(verifyChain(events).valid).toBe(true);
  }
}

/** Receive everything on a queue once, and return the bodies. */
async function receiveAll(sqs: SQSClient, url: string) {
  const bodies: string[] = [];
  for (;;) {
    const event = await receiveEvent(sqs, url, 10, 0);
    if (event.Records.length === 0) return bodies;
    bodies.push(...event.Records.map((r) => r.body));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: event.Records.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
      }),
    );
  }
}

describe("faults", () => {
  it("a router killed mid-batch loses nothing and doubles nothing once a healthy router drains the queue", async () => {
    // Prepare: reports on an intake queue of the test's own, which no stack poller reads.
    const healthy = storeContext();
    const prefix = await privateQueues(
      healthy.clients.sqs,
      healthy.config.queueUrlPrefix,
      `kill${Date.now()}`,
    );
    const ctx: StoreContext = { ...healthy, config: { ...healthy.config, queueUrlPrefix: prefix } };
    const filed = [];
    for (let n = 0; n < 10; n++) {
      const input = physicalAbuse(n, 11);
      filed.push({ ...(await fileReport(ctx, reporter, input)), input });
    }
    const urls = queueUrls(ctx.config);

    // Act 1: a router whose process dies after 8 writes: one report's transaction and its four
    // notices, the second report's transaction and two of its four notices, then nothing.
    const doomed = storeContext();
    const kill = dyingAfter(doomed, 8);
    const dyingRouter = createRouterHandler({ ...doomed, config: ctx.config }, quiet);
    const batch = await receiveEvent(ctx.clients.sqs, urls.intake, 10, 1);
    expect(batch.Records).toHaveLength(10);
    await dyingRouter(batch).catch((error) => {
      if (!(error instanceof InjectedFault)) throw error;
    });
    expect(kill.dead).toBe(true);
    // A dead process deletes nothing; its messages come back when their visibility lapses.
    for (const r of batch.Records) {
      await ctx.clients.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: urls.intake,
          ReceiptHandle: r.receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }

    // Act 2: a healthy router drains the queue as the event source would.
    const router = createRouterHandler(ctx, quiet);
    for (let round = 0; round < 20; round++) {
      const event = await receiveEvent(ctx.clients.sqs, urls.intake, 10, 0);
      if (event.Records.length === 0) break;
      const { batchItemFailures } = await router(event);
      const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      const done = event.Records.filter((r) => !failed.has(r.messageId));
      if (done.length > 0) {
        await ctx.clients.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: urls.intake,
            Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
          }),
        );
      }
    }

    // Assess: every report routed exactly once, and each ticket's notice sent once.
    await assertRoutedOnce(ctx, filed);
    const tickets = (await Promise.all(filed.map((f) => ticketsOfCase(ctx, f.caseId)))).flat();
    const police = (await receiveAll(ctx.clients.sqs, urls.agency("police"))).map(
      (b) => (JSON.parse(b) as { ticketId: string }).ticketId,
    );
    expect(police.sort()).toEqual(
      tickets
        .filter((t) => t.agency === "police")
        .map((t) => t.ticketId)
        .sort(),
    );
  });

  it("a SendMessage that fails after the write leaves the report durable, and the outbox sweep publishes it", async () => {
    // Prepare: SQS refuses the intake message; the transaction went through.
    const clock = new ManualClock(new Date());
    const ctx = failingSends(storeContext(clock));
    const input = physicalAbuse(1, 12);
    const filed = await fileReport(ctx, reporter, input);
    const status = await api<{ status: string }>("GET", `/v1/reports/${filed.reportId}`, {
      as: "teacher.li",
    });
    expect(status.body.status).toBe("received");
    expect(await ticketsOfCase(ctx, filed.caseId)).toHaveLength(0);

    // Act: the sweep, past the outbox grace, with a working SQS client.
    clock.advance(10 * 60_000);
    const sweeper = { ...storeContext(clock) };
    await sweep(sweeper, { only: ["outbox"] });

    // Assess: the stack's router picks it up; routed once.
    await eventually(
      async () =>
        (await ticketsOfCase(ctx, filed.caseId)).length === expectedTickets(input).length
          ? true
          : undefined,
      30_000,
      "tickets after the outbox sweep",
    );
    await drained(ctx.clients.sqs, [queueUrls(ctx.config).intake], 30_000);
    await assertRoutedOnce(ctx, [{ caseId: filed.caseId, input }]);
  });

  it("the same intake message delivered 20 times makes one set of tickets", async () => {
    const ctx = failingSends(storeContext());
    const input = physicalAbuse(1, 13);
    const filed = await fileReport(ctx, reporter, input);
    const sender = storeContext();
    const body = JSON.stringify({ reportId: filed.reportId, caseId: filed.caseId });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sender.clients.sqs.send(
          new SendMessageCommand({
            QueueUrl: queueUrls(sender.config).intake,
            MessageBody: body,
            MessageGroupId: filed.caseId,
            MessageDeduplicationId: `${filed.reportId}-again-${i}`,
          }),
        ),
      ),
    );
    await eventually(
      async () => ((await ticketsOfCase(ctx, filed.caseId)).length > 0 ? true : undefined),
      30_000,
      "tickets",
    );
    await drained(sender.clients.sqs, [queueUrls(sender.config).intake], 60_000);
    await assertRoutedOnce(ctx, [{ caseId: filed.caseId, input }]);
  });

  it("50 concurrent accepts of one ticket: exactly one 200 and 49 × 409", async () => {
    const ctx = storeContext();
    const filed = { body: await fileAs("doctor.he", physicalAbuse(1, 14)) };
    const police = await eventually(
      async () => (await ticketsOfCase(ctx, filed.body.caseId)).find((t) => t.agency === "police"),
      30_000,
      "police ticket",
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        api("POST", `/v1/tickets/${police.ticketId}/accept`, { as: "officer.police", body: {} }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.headers.get("content-type")).toContain("application/problem+json");
    }
    const events = await auditOfCase(ctx, filed.body.caseId);
    expect(events.filter((e) => e.action === "ticket_accepted")).toHaveLength(1);
    expect(verifyChain(events).valid).toBe(true);
  });
});
