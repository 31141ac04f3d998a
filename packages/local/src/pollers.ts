/**
 * Queue pollers: what the Lambda SQS event source does in AWS. Each receives batches, hands them
 * to the real handler as an `SQSEvent`, and deletes only the records the handler did not report as
 * failed. A failed record becomes visible again after a short pause (AWS waits the queue's
 * visibility timeout; locally a second keeps retries and redrive to the DLQ quick to see).
 *
 * Like Lambda on a FIFO queue, different message groups (cases) are processed at the same time and
 * one group's messages strictly in order: a report never waits behind another case's report. The
 * SQS emulator hands out a group's later messages while an earlier one is still in flight (AWS
 * does not), so the poller keeps the order itself: each group's messages run one receive-batch
 * after another on a chain of their own, and once a message of a group fails, the group's later
 * messages wait in memory (still in flight) until it comes back and succeeds.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface Poller {
  stop(): Promise<void>;
}

const RETRY_AFTER_SECONDS = 1;

function recordOf(message: Message, queueArn: string): SQSRecord {
  const attrs = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? "1",
      SentTimestamp: attrs.SentTimestamp ?? String(Date.now()),
      SenderId: attrs.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp:
        attrs.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attrs.MessageGroupId ? { MessageGroupId: attrs.MessageGroupId } : {}),
      ...(attrs.MessageDeduplicationId
        ? { MessageDeduplicationId: attrs.MessageDeduplicationId }
        : {}),
      ...(attrs.SequenceNumber ? { SequenceNumber: attrs.SequenceNumber } : {}),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: "us-east-1",
  };
}

export interface PollerOptions {
  /** Messages received and not yet finished, at most (Lambda's concurrent batches, in messages). */
  readonly maxInFlight?: number;
}

interface Group {
  tail: Promise<void>;
  queued: number;
  /** The message that failed and went back to the queue; the group waits for it. */
  blockedOn?: string;
  blockedAt: number;
  /** The group's later messages, held (still in flight) until the failed one succeeds. */
  parked: Message[];
}

/** A failed message not seen again for this long went to the dead-letter queue: stop waiting. */
const GIVE_UP_WAITING_MS = 10_000;

const sequenceOf = (m: Message) => BigInt(m.Attributes?.SequenceNumber ?? 0);

export function startPoller(
  sqs: SQSClient,
  queueUrl: string,
  queueArn: string,
  handler: SqsHandler,
  onError: (error: unknown) => void,
  options: PollerOptions = {},
): Poller {
  const maxInFlight = options.maxInFlight ?? 50;
  let running = true;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const groups = new Map<string, Group>();

  const settle = async (messages: Message[], failed: ReadonlySet<string>) => {
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ""));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
    for (const m of messages.filter((m) => failed.has(m.MessageId ?? ""))) {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: RETRY_AFTER_SECONDS,
        }),
      );
    }
  };

  /**
   * One group's messages of one receive, after that group's earlier ones. The emulator hands out
   * a group's later messages while an earlier one waits to be retried (AWS holds them back), so
   * after a failure the group's later messages are parked until the failed one comes back and
   * succeeds; they are then handled in the queue's order (by sequence number).
   */
  const processGroup = async (group: Group, received: Message[]) => {
    const byId = new Map<string, Message>();
    for (const m of [...group.parked, ...received]) byId.set(m.MessageId ?? "", m);
    const messages = [...byId.values()].sort((a, b) => (sequenceOf(a) < sequenceOf(b) ? -1 : 1));
    group.parked = [];
    if (group.blockedOn && !byId.has(group.blockedOn)) {
      if (Date.now() - group.blockedAt < GIVE_UP_WAITING_MS) {
        group.parked = messages;
        return;
      }
    }
    group.blockedOn = undefined;
    const event: SQSEvent = { Records: messages.map((m) => recordOf(m, queueArn)) };
    let failed: Set<string>;
    try {
      const response = await handler(event);
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch (error) {
      onError(error);
      failed = new Set(messages.map((m) => m.MessageId ?? ""));
    }
    const first = messages.find((m) => failed.has(m.MessageId ?? ""));
    if (first) {
      group.blockedOn = first.MessageId;
      group.blockedAt = Date.now();
      group.parked = messages.filter((m) => m !== first && failed.has(m.MessageId ?? ""));
    }
    await settle(
      messages.filter((m) => !group.parked.includes(m)),
      new Set(first?.MessageId ? [first.MessageId] : []),
    );
  };

  const enqueue = (groupId: string, messages: Message[]) => {
    let group = groups.get(groupId);
    if (!group) {
      group = { tail: Promise.resolve(), queued: 0, blockedAt: 0, parked: [] };
      groups.set(groupId, group);
    }
    const g = group;
    g.queued += messages.length;
    g.tail = g.tail
      .then(() => processGroup(g, messages))
      .catch(onError)
      .finally(() => {
        g.queued -= messages.length;
        inFlight -= messages.length;
        if (g.queued === 0 && !g.blockedOn && g.parked.length === 0) groups.delete(groupId);
        wake?.();
      });
  };

  const loop = (async () => {
    while (running) {
      if (inFlight >= maxInFlight) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      try {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(10, maxInFlight - inFlight),
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ["All"],
            // The emulator answers only the older name; without it no record has a group id.
            AttributeNames: ["All"],
          }),
        );
        const messages = out.Messages ?? [];
        inFlight += messages.length;
        // Split by group, keeping the received order inside each group.
        const byGroup = new Map<string, Message[]>();
        for (const m of messages) {
          const id = m.Attributes?.MessageGroupId ?? m.MessageId ?? "";
          byGroup.set(id, [...(byGroup.get(id) ?? []), m]);
        }
        for (const [id, list] of byGroup) enqueue(id, list);
      } catch (error) {
        if (running) {
          onError(error);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake?.();
      await loop;
      await Promise.all([...groups.values()].map((g) => g.tail));
    },
  };
}
