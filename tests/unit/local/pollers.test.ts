/**
 * The local queue poller against the in-process SQS emulator (no DynamoDB): different message
 * groups are handled at the same time, each group strictly in order, and a failed message holds
 * back only its own group until it succeeds.
 */
import type { Server } from "node:http";
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { type Poller, startPoller } from "@cp/local/pollers";
import type { SQSEvent } from "aws-lambda";
import { createSqsServer } from "local-aws-sqs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../support/free-port.ts";

let server: Server;
let sqs: SQSClient;
let poller: Poller | undefined;
let serial = 0;

beforeAll(async () => {
  const port = await freePort();
  server = await createSqsServer({
    port,
    hostname: "127.0.0.1",
    emulateQueueCreationLifecycle: false,
  });
  sqs = new SQSClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});
afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});
afterAll(async () => {
  sqs.destroy();
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
});

async function queueWith(messages: [group: string, body: string][]) {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `poller-${++serial}.fifo`,
      Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" },
    }),
  );
  const url = QueueUrl as string;
  for (let i = 0; i < messages.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: messages.slice(i, i + 10).map(([group, body], j) => ({
          Id: String(j),
          MessageBody: body,
          MessageGroupId: group,
        })),
      }),
    );
  }
  return url;
}

const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe("the local poller", () => {
  it("handles another group while one group's message is still in progress", async () => {
    const url = await queueWith([
      ["slow", "slow-1"],
      ["fast", "fast-1"],
    ]);
    const fastDone = deferred();
    const handled: string[] = [];
    poller = startPoller(
      sqs,
      url,
      "arn:aws:sqs:us-east-1:0:q.fifo",
      async (event: SQSEvent) => {
        for (const r of event.Records) {
          // The slow group's message finishes only after the other group's: a poller that works
          // one batch at a time never gets there.
          if (r.body === "slow-1") await fastDone.promise;
          handled.push(r.body);
          if (r.body === "fast-1") fastDone.resolve();
        }
        return { batchItemFailures: [] };
      },
      () => undefined,
    );
    await waitFor(() => handled.length === 2, 10_000);
    expect(handled).toEqual(["fast-1", "slow-1"]);
  });

  it("keeps each group's order, and a failed message holds back its own group only", async () => {
    const sent: [string, string][] = [];
    for (let i = 0; i < 8; i++) for (const g of ["a", "b", "c"]) sent.push([g, `${g}-${i}`]);
    const url = await queueWith(sent);
    const seen = new Map<string, string[]>();
    let failedOnce = false;
    poller = startPoller(
      sqs,
      url,
      "arn:aws:sqs:us-east-1:0:q.fifo",
      async (event: SQSEvent) => {
        const failures: { itemIdentifier: string }[] = [];
        for (const r of event.Records) {
          if (failures.length > 0) {
            failures.push({ itemIdentifier: r.messageId });
            continue;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
          if (r.body === "b-2" && !failedOnce) {
            failedOnce = true;
            failures.push({ itemIdentifier: r.messageId });
            continue;
          }
          const group = r.body.split("-")[0] as string;
          seen.set(group, [...(seen.get(group) ?? []), r.body]);
        }
        return { batchItemFailures: failures };
      },
      () => undefined,
    );
    await waitFor(() => [...seen.values()].flat().length === sent.length, 20_000);
    expect(failedOnce).toBe(true);
    for (const g of ["a", "b", "c"]) {
      expect(seen.get(g)).toEqual(sent.filter(([group]) => group === g).map(([, body]) => body));
    }
  });
});

async function waitFor(done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
