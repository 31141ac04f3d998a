/**
 * The notification ledger: every notice dispatch receives is recorded once per audience, and
 * this record is the web inbox's notification (`GET /v1/notifications`). The other channels'
 * outcomes are written onto the same record, so a redelivered message skips the channels that
 * already delivered and anyone can see what reached whom.
 *
 * The record keeps the delivery layout of delivery items (`DELIVERY#inbox#<noticeId>`) and adds
 * the notice's permitted fields and a `gsi2` entry per audience, newest last.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { StoreContext } from "../context.ts";
import { keys, partitions } from "../keys.ts";
import type { Page } from "../pages.ts";
import { byParentPage, mainItem } from "../query.ts";
import type { Audience, Notification } from "./content.ts";

/** What one channel did with one notification. */
export interface ChannelState {
  readonly deliveredAt?: string;
  readonly attempts: number;
  readonly lastFailureAt?: string;
  /** A reason without content: an HTTP status or an error name. */
  readonly lastFailure?: string;
  /**
   * A channel with several recipients (SMS to duty numbers) that reached some of them: their
   * keys (a hash prefix of each number, not the number), so a redelivery skips them.
   */
  readonly reached?: readonly string[];
}

interface NotificationView extends Omit<Notification, "noticeId"> {
  readonly notificationId: string;
  readonly createdAt: string;
  /** The inbox always; webhook and sns where configured for the audience. */
  readonly channels: Readonly<Record<string, ChannelState>>;
}

interface LedgerItem extends Notification {
  readonly channel: "inbox";
  readonly recipient: Audience;
  readonly deliveredAt: string;
  readonly channels: Readonly<Record<string, ChannelState>>;
}

const inboxKey = (noticeId: string) => keys.delivery(`inbox#${noticeId}`);
const notificationsPartition = (audience: Audience) => ({
  gsi2pk: partitions.notifications(audience),
});

export interface Recorded {
  /** False when the notice was recorded before (a redelivered message). */
  readonly fresh: boolean;
  readonly channels: Readonly<Record<string, ChannelState>>;
}

/** Record a notification in the inbox, once; a repeat returns the channel states so far. */
export async function recordNotification(ctx: StoreContext, n: Notification): Promise<Recorded> {
  const deliveredAt = ctx.clock.now().toISOString();
  const item: LedgerItem = {
    ...n,
    channel: "inbox",
    recipient: n.audience,
    deliveredAt,
    channels: { inbox: { deliveredAt, attempts: 1 } },
  };
  try {
    await ctx.clients.ddb.send(
      new PutCommand({
        TableName: ctx.config.mainTableName,
        Item: {
          ...inboxKey(n.noticeId),
          ...item,
          ...notificationsPartition(n.audience),
          gsi2sk: `${deliveredAt}#${n.noticeId}`,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return { fresh: true, channels: item.channels };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const stored = (await mainItem(ctx, inboxKey(n.noticeId))) as LedgerItem | undefined;
  return { fresh: false, channels: stored?.channels ?? {} };
}

/** Write a channel's state onto the notification's record. */
export async function recordChannelState(
  ctx: StoreContext,
  noticeId: string,
  channel: string,
  state: ChannelState,
) {
  await ctx.clients.ddb.send(
    new UpdateCommand({
      TableName: ctx.config.mainTableName,
      Key: inboxKey(noticeId),
      UpdateExpression: "SET channels.#c = :state",
      ExpressionAttributeNames: { "#c": channel },
      ExpressionAttributeValues: { ":state": state },
    }),
  );
}

function viewOf(item: LedgerItem): NotificationView {
  const { noticeId, channel: _c, recipient: _r, deliveredAt, channels, ...rest } = item;
  const {
    pk: _pk,
    sk: _sk,
    gsi2pk: _g,
    gsi2sk: _s,
    ...notice
  } = rest as typeof rest & Record<"pk" | "sk" | "gsi2pk" | "gsi2sk", unknown>;
  return { notificationId: noticeId, ...notice, createdAt: deliveredAt, channels };
}

/** An audience's notifications, newest first. */
export async function listNotifications(
  ctx: StoreContext,
  audience: Audience,
  page: { limit: number; cursor?: string },
): Promise<Page<NotificationView>> {
  const partition = notificationsPartition(audience);
  return byParentPage(ctx, partition.gsi2pk, page, (items) => (items as LedgerItem[]).map(viewOf));
}
