/**
 * Dispatch: consumes the agency queues and the supervisors' queue. Each notice is parsed through
 * the notification whitelist (ids, reference, category, township, due times — nothing about a
 * child), recorded once in the ledger (the web inbox), then sent through every channel configured
 * for its audience (signed webhook, SNS, Tencent Cloud SMS; see channels.ts for where they are
 * configured). A channel that gives up fails the record: the queue
 * redelivers it, channels that already delivered are skipped, and after the queue's last
 * redelivery the message moves to the dead-letter queue instead of being lost.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import { NoticeSchema } from "@cp/domain";
import type { StoreContext } from "@cp/store";
import {
  audienceOfQueue,
  DeliveryFailedError,
  type Notification,
  type NotificationChannel,
  recordChannelState,
  recordNotification,
} from "@cp/store/notifications";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type ChannelSource, channelSource } from "./channels.ts";

type Log = (level: "info" | "warn" | "error", message: string, fields?: object) => void;

export function createDispatchHandler(
  ctx: StoreContext,
  log: Log,
  source: readonly NotificationChannel[] | ChannelSource = channelSource(),
) {
  const channelsNow: ChannelSource =
    typeof source === "function" ? source : () => Promise.resolve(source);
  const processor = new SqsFifoPartialProcessorAsync();
  const deliver = async (record: SQSRecord, channels: readonly NotificationChannel[]) => {
    const queue = record.eventSourceARN.split(":").at(-1) ?? "";
    const audience = audienceOfQueue(queue);
    if (!audience) throw new Error(`dispatch does not serve the queue ${queue}`);
    const notification: Notification = {
      ...NoticeSchema.parse(JSON.parse(record.body)),
      audience,
    };
    const recorded = await recordNotification(ctx, notification);
    const ids = {
      audience,
      event: notification.event,
      noticeId: notification.noticeId,
      referenceNo: notification.referenceNo,
    };
    log("info", recorded.fresh ? "notice delivered" : "notice already delivered", ids);

    const failures: DeliveryFailedError[] = [];
    for (const channel of channels) {
      const before = recorded.channels[channel.name];
      if (!channel.serves(audience) || before?.deliveredAt) continue;
      try {
        const receipt = await channel.deliver(notification, before?.reached);
        await recordChannelState(ctx, notification.noticeId, channel.name, {
          deliveredAt: ctx.clock.now().toISOString(),
          attempts: (before?.attempts ?? 0) + receipt.attempts,
        });
        log("info", "notice sent", { ...ids, channel: channel.name });
      } catch (error) {
        if (!(error instanceof DeliveryFailedError)) throw error;
        failures.push(error);
        // Recipients reached earlier stay reached, whatever this attempt did.
        const reached = error.reached ?? before?.reached;
        await recordChannelState(ctx, notification.noticeId, channel.name, {
          attempts: (before?.attempts ?? 0) + error.attempts,
          lastFailureAt: ctx.clock.now().toISOString(),
          lastFailure: error.message,
          ...(reached?.length ? { reached } : {}),
        });
        log("warn", "notice not sent; the queue will redeliver it", {
          ...ids,
          channel: channel.name,
          reason: error.message,
          receiveCount: record.attributes.ApproximateReceiveCount,
        });
      }
    }
    if (failures.length > 0) throw failures[0];
  };
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    // Channels unreadable (the secret, its key): the whole batch fails and is redelivered.
    const channels = await channelsNow();
    return processPartialResponse(
      event,
      (record: SQSRecord) => deliver(record, channels),
      processor,
      {
        throwOnFullBatchFailure: false,
        // A failing webhook of one case holds back that case's notices only, not the whole batch.
        skipGroupOnError: true,
      },
    );
  };
}
