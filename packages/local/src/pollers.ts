/**
 * Queue pollers: what the Lambda SQS event source does in AWS. Each receives a batch, hands it to
 * the real handler as an `SQSEvent`, and deletes only the records the handler did not report as
 * failed. A failed record becomes visible again after a short pause (AWS waits the queue's
 * visibility timeout; locally a second keeps retries and redrive to the DLQ quick to see).
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

export function startPoller(
  sqs: SQSClient,
  queueUrl: string,
  queueArn: string,
  handler: SqsHandler,
  onError: (error: unknown) => void,
): Poller {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ["All"],
          }),
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) continue;
        const event: SQSEvent = { Records: messages.map((m) => recordOf(m, queueArn)) };
        let failed: Set<string>;
        try {
          const response = await handler(event);
          failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        } catch (error) {
          onError(error);
          failed = new Set(event.Records.map((r) => r.messageId));
        }
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
      await loop;
    },
  };
}
