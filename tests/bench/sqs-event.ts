/**
 * Receiving from a queue the way the Lambda event source does, for code that drives a handler
 * itself (the bench attributes a handler's cost to it; the reliability suite kills a router
 * mid-batch). The receiving client is the caller's own, so its requests are not counted against
 * the handler.
 */
import { type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent, SQSRecord } from "aws-lambda";

/** An SQS record as Lambda hands it over, from a received message. */
function recordOf(message: Message, queueArn: string): SQSRecord {
  const attrs = message.Attributes ?? {};
  const now = String(Date.now());
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: {
      ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? "1",
      SentTimestamp: attrs.SentTimestamp ?? now,
      SenderId: attrs.SenderId ?? "local",
      ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? now,
      ...(attrs.MessageGroupId ? { MessageGroupId: attrs.MessageGroupId } : {}),
      ...(attrs.MessageDeduplicationId
        ? { MessageDeduplicationId: attrs.MessageDeduplicationId }
        : {}),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: "us-east-1",
  };
}

/** The ARN a local queue URL stands for (`…/123456789012/cp-intake.fifo`). */
export function arnOf(queueUrl: string): string {
  const [account, name] = queueUrl.split("/").slice(-2);
  return `arn:aws:sqs:us-east-1:${account}:${name}`;
}

/** Receive up to `max` messages (one long-poll) and wrap them as one Lambda event. */
export async function receiveEvent(
  sqs: SQSClient,
  queueUrl: string,
  max = 10,
  waitSeconds = 1,
): Promise<SQSEvent> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ["All"],
    }),
  );
  return { Records: (out.Messages ?? []).map((m) => recordOf(m, arnOf(queueUrl))) };
}
