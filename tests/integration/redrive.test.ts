/**
 * `npm run redrive` against the SQS emulator of the local stack: a dead-letter queue's messages
 * go back to their work queue with body, attributes, group id and deduplication id kept, in
 * order within a group. The queues get a prefix of their own, so the stack's pollers (which
 * consume the stack's queues) never take a message this test is looking for.
 */
import { randomUUID } from "node:crypto";
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { runCli } from "@cp/cli/cli";
import { HELP, main } from "@cp/cli/redrive";
import { intakeQueue } from "@cp/store/definitions";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";

const { sqsEndpoint, queueUrlPrefix } = inject("stack");
const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const sqs = new SQSClient({ endpoint: sqsEndpoint, region: "us-east-1", credentials });

/** A prefix no poller reads: `<stack prefix>t<id>-` */
const prefix = `${queueUrlPrefix}t${randomUUID().slice(0, 8)}-`;
const queueName = (url: string) => url.slice(url.lastIndexOf("/") + 1);
const work = prefix + intakeQueue.name;
const dead = prefix + intakeQueue.deadLetterName;

const env = (): NodeJS.ProcessEnv => ({
  QUEUE_URL_PREFIX: prefix,
  AWS_ENDPOINT_URL_SQS: sqsEndpoint,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
});

async function drain(url: string) {
  const messages = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
        // The older name of the same parameter, which the local SQS emulator reads.
        AttributeNames: ["All"],
        MessageAttributeNames: ["All"],
        VisibilityTimeout: 300,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
  }
}

/** Runs the CLI in this process, capturing what it prints. */
async function redrive(...argv: string[]) {
  const out = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const status = await main(argv, env());
    return { status, printed: out.mock.calls.map((c) => c.join(" ")).join("\n") };
  } finally {
    out.mockRestore();
  }
}

beforeAll(async () => {
  for (const url of [dead, work]) {
    await sqs.send(
      new CreateQueueCommand({ QueueName: queueName(url), Attributes: { FifoQueue: "true" } }),
    );
  }
});

describe("npm run redrive", () => {
  it("moves every dead letter back with its group id, deduplication id, body and attributes", async () => {
    const sent = [
      { group: "case-a", dedup: "report-1", body: '{"n":1}' },
      { group: "case-b", dedup: "report-2", body: '{"n":2}' },
      { group: "case-a", dedup: "report-3", body: '{"n":3}' },
      ...Array.from({ length: 12 }, (_, i) => ({
        group: "case-c",
        dedup: `bulk-${i}`,
        body: `{"bulk":${i}}`,
      })),
    ];
    for (const m of sent) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: dead,
          MessageBody: m.body,
          MessageGroupId: m.group,
          MessageDeduplicationId: m.dedup,
          MessageAttributes: { kind: { DataType: "String", StringValue: "report-filed" } },
        }),
      );
    }
    const counted = await redrive("cp-intake", "--dry-run");
    expect(counted.status).toBe(0);
    expect(counted.printed).toMatch(/15 waiting/);
    expect(counted.printed).toMatch(/nothing moved/);

    const ran = await redrive("cp-intake");
    expect(ran.status).toBe(0);
    expect(ran.printed).toContain("moved 15 message(s) from cp-intake-dlq.fifo to cp-intake.fifo");
    expect(await drain(dead)).toEqual([]);

    const moved = await drain(work);
    const seen = moved.map((m) => ({
      group: m.Attributes?.MessageGroupId,
      dedup: m.Attributes?.MessageDeduplicationId,
      body: m.Body,
    }));
    expect(seen).toHaveLength(sent.length);
    expect(new Set(seen.map((s) => JSON.stringify(s)))).toEqual(
      new Set(sent.map((s) => JSON.stringify(s))),
    );
    // Within a group (a case) the order is the order they were sent in.
    for (const group of ["case-a", "case-c"]) {
      expect(seen.filter((s) => s.group === group).map((s) => s.dedup)).toEqual(
        sent.filter((s) => s.group === group).map((s) => s.dedup),
      );
    }
    for (const m of moved) {
      expect(m.MessageAttributes?.kind?.StringValue).toBe("report-filed");
    }
  });

  it("--max moves no more than asked", async () => {
    for (const i of [1, 2, 3]) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: dead,
          MessageBody: `m${i}`,
          MessageGroupId: "case-d",
          MessageDeduplicationId: `max-${i}`,
        }),
      );
    }
    expect((await redrive("cp-intake.fifo", "--max", "2")).printed).toContain("moved 2 message(s)");
    expect((await drain(work)).map((m) => m.Body)).toEqual(["m1", "m2"]);
    expect((await redrive("cp-intake-dlq")).printed).toContain("moved 1 message(s)");
    expect((await drain(work)).map((m) => m.Body)).toEqual(["m3"]);
  });

  it("explains itself and refuses a queue it does not know in one line", async () => {
    const printed = { log: [] as string[], error: [] as string[] };
    const log = vi.spyOn(console, "log").mockImplementation((t) => printed.log.push(String(t)));
    const error = vi.spyOn(console, "error").mockImplementation((t) => {
      printed.error.push(String(t));
    });
    try {
      const cli = (...argv: string[]) => runCli("redrive", HELP, (a) => main(a, env()), argv);
      expect(await cli("--help")).toBe(0);
      expect(printed.log.join("\n")).toMatch(/^example: npm run redrive -- cp-intake$/m);
      expect(await cli("cp-nowhere")).toBe(2);
      expect(await cli("cp-intake", "--max", "0")).toBe(2);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    expect(printed.error).toHaveLength(2);
    expect(printed.error[0]).toMatch(
      /^redrive: no work queue "cp-nowhere"; one of cp-intake, .*--help/,
    );
    expect(printed.error[1]).toMatch(/^redrive: --max 0 is not a positive whole number/);
  });
});
