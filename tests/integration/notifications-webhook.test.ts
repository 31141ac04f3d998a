/**
 * Notification channels on real queues: dispatch delivers through a signed webhook that a
 * receiver on 127.0.0.1 verifies; a receiver that keeps failing gets retries with backoff and then
 * the message is in the dead-letter queue, not lost; and no notification — inbox or webhook —
 * carries anything of the child beyond reference, category, township and due time. Works in 2005
 * (see sweeper-helpers.ts).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { MINUTE, type ReportInput, ReportInputSchema } from "@cp/domain";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { type Poller, startPoller } from "@cp/local/pollers";
import { escalationNotice, sweep } from "@cp/store";
import { WebhookChannel } from "@cp/store/notifications/webhook";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, exampleReport, storeContext, uniqueIdNumber } from "../support/api.ts";
import {
  byAgency,
  escalationRecord,
  fileAndRoute,
  ledgerEntry,
  ManualClock,
} from "./sweeper-helpers.ts";

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly verified: boolean;
}

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;

/** A webhook receiver that verifies every delivery's signature, answering `status`. */
async function receiver(status: number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified = false;
      try {
        new Webhook(SECRET).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ headers: req.headers, body, verified });
      res.writeHead(verified ? status : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/cp`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const CANARY = {
  name: "金丝雀小红",
  idNumber: uniqueIdNumber("20140909"),
  birthDate: "2014-09-09",
  village: "金丝雀村",
  description: "CANARY 描述：孩子由金丝雀照看。",
  phone: "13912349876",
};

function canaryReport(): ReportInput {
  const base = exampleReport(CANARY.idNumber, { categories: ["physical_abuse"] });
  return ReportInputSchema.parse({
    ...base,
    reporter: { ...base.reporter, phone: CANARY.phone },
    children: [
      {
        ...base.children[0],
        name: CANARY.name,
        birthDate: CANARY.birthDate,
        village: CANARY.village,
      },
    ],
    incident: { ...base.incident, description: CANARY.description, location: CANARY.village },
  });
}

const leaks = (text: string) => Object.values(CANARY).filter((v) => text.includes(v));

const ctx = storeContext();
const prefix = `t${randomUUID().slice(0, 8)}-`;
let good: Awaited<ReturnType<typeof receiver>>;
let failing: Awaited<ReturnType<typeof receiver>>;
const pollers: Poller[] = [];
const queues = { police: "", supervisors: "", supervisorsDlq: "" };

/** A FIFO queue of the test's own with a DLQ after `maxReceiveCount` receives. */
async function queuePair(name: string, maxReceiveCount: number) {
  const dlq = await ctx.clients.sqs.send(
    new CreateQueueCommand({
      QueueName: `${prefix}${name}-dlq.fifo`,
      Attributes: { FifoQueue: "true" },
    }),
  );
  const dlqArn = (
    await ctx.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }),
    )
  ).Attributes?.QueueArn;
  const main = await ctx.clients.sqs.send(
    new CreateQueueCommand({
      QueueName: `${prefix}${name}.fifo`,
      Attributes: {
        FifoQueue: "true",
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
      },
    }),
  );
  const arn = (
    await ctx.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: main.QueueUrl, AttributeNames: ["QueueArn"] }),
    )
  ).Attributes?.QueueArn as string;
  return { url: main.QueueUrl as string, arn, dlqUrl: dlq.QueueUrl as string };
}

beforeAll(async () => {
  good = await receiver(204);
  failing = await receiver(503);
  const dispatch = createDispatchHandler(ctx, () => undefined, [
    new WebhookChannel(
      {
        police: { url: good.url, secret: SECRET },
        supervisors: { url: failing.url, secret: SECRET },
      },
      { backoffMs: 5 },
    ),
  ]);
  const police = await queuePair("cp-agency-police", 2);
  const supervisors = await queuePair("cp-supervisors", 2);
  queues.police = police.url;
  queues.supervisors = supervisors.url;
  queues.supervisorsDlq = supervisors.dlqUrl;
  for (const q of [police, supervisors]) {
    pollers.push(startPoller(ctx.clients.sqs, q.url, q.arn, dispatch, () => undefined));
  }
});

afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  await Promise.all([good?.close(), failing?.close()]);
});

const send = (queueUrl: string, body: object, groupId: string) =>
  ctx.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      MessageGroupId: groupId,
      MessageDeduplicationId: randomUUID(),
    }),
  );

describe("notifications", () => {
  it("carry no child's data anywhere, and reach the agency's webhook signed, once", async () => {
    // Prepare: a report full of canaries, routed and escalated at a moved clock.
    const clock = new ManualClock(new Date("2005-04-01T08:00:00.000Z"));
    const { filed, tickets } = await fileAndRoute(clock, canaryReport());
    const police = byAgency(tickets, "police");
    clock.advance(16 * MINUTE);
    await sweep(storeContext(clock), { only: ["due"] });
    const record = await escalationRecord(ctx, police.ticketId, police.acceptDueAt);
    if (!record) throw new Error("the police ticket was not escalated");

    // Act: the real escalation notice, with canaries a careless producer might add, to the
    // test's police queue, whose webhook answers 204.
    const notice = escalationNotice(record);
    await send(queues.police, { ...notice, ...CANARY, children: [CANARY] }, filed.caseId);

    // Assess: one signed delivery, verified by the receiver, with nothing of the child.
    const delivery = await eventually(
      async () => good.received.find((r) => r.headers["webhook-id"] === notice.noticeId),
      15_000,
      "the webhook delivery",
    );
    expect(delivery.verified).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: "ticket_overdue",
      data: {
        notificationId: notice.noticeId,
        audience: "police",
        referenceNo: filed.referenceNo,
        categories: ["physical_abuse"],
        townships: ["建塘镇"],
        dueAt: police.acceptDueAt,
      },
    });
    expect(leaks(delivery.body)).toEqual([]);
    const ledger = await eventually(
      async () => {
        const e = await ledgerEntry(ctx, notice.noticeId);
        return (e?.channels as { webhook?: { deliveredAt?: string } })?.webhook?.deliveredAt
          ? e
          : undefined;
      },
      15_000,
      "the webhook outcome in the ledger",
    );
    expect(leaks(JSON.stringify(ledger))).toEqual([]);
    expect(good.received.filter((r) => r.headers["webhook-id"] === notice.noticeId)).toHaveLength(
      1,
    );

    // And every notice the stack's own dispatch recorded for this case is clean too.
    const noticeIds = [
      ...tickets.map((t) => t.ticketId),
      ...tickets
        .filter((t) => t.acceptDueAt < clock.now().toISOString())
        .map((t) => `escalation:${t.ticketId}#${t.acceptDueAt}`),
    ];
    for (const id of noticeIds) {
      const entry = await eventually(() => ledgerEntry(ctx, id), 15_000, `notice ${id}`);
      expect(leaks(JSON.stringify(entry)), id).toEqual([]);
    }
  });

  it("a failing receiver gets retries with backoff, then the message is dead-lettered, not lost", async () => {
    // Prepare
    const noticeId = `test:${randomUUID()}`;
    const notice = {
      event: "ticket_overdue",
      noticeId,
      caseId: `case-${randomUUID()}`,
      referenceNo: "SGL-20050401-TEST01",
      categories: ["bullying"],
      townships: ["建塘镇"],
      dueAt: "2005-04-01T09:00:00.000Z",
    };

    // Act: the supervisors' webhook answers 503 to everything.
    await send(queues.supervisors, notice, notice.caseId);

    // Assess: the message lands in the dead-letter queue …
    const dead = await eventually(
      async () => {
        const out = await ctx.clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queues.supervisorsDlq,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
        );
        return out.Messages?.find((m) => m.Body?.includes(noticeId));
      },
      30_000,
      "the dead letter",
    );
    expect(JSON.parse(dead.Body ?? "{}")).toMatchObject({ noticeId });
    // … after 3 signed attempts per receive (backoff between them), on every receive the queue
    // allowed before dead-lettering, each one recorded on the ledger.
    const attempts = failing.received.filter((r) => r.headers["webhook-id"] === noticeId);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length % 3).toBe(0);
    expect(attempts.every((a) => a.verified)).toBe(true);
    const ledger = await ledgerEntry(ctx, noticeId);
    const channels = (ledger?.channels ?? {}) as Record<string, Record<string, unknown>>;
    expect(channels.inbox).toMatchObject({ attempts: 1 });
    expect(channels.webhook).toMatchObject({
      attempts: attempts.length,
      lastFailure: expect.stringContaining("HTTP 503"),
    });
    expect(channels.webhook).not.toHaveProperty("deliveredAt");
  });
});
