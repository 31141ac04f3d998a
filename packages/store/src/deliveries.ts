/**
 * The dispatch side's record of what reached each agency. A delivery is recorded once per notice:
 * a redelivered message finds the record and is counted as a duplicate, not delivered twice.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { StoreContext } from "./case-transaction.ts";
import { keys } from "./records.ts";

export interface DeliveryRecord {
  readonly noticeId: string;
  readonly channel: string;
  readonly recipient: string;
  readonly event: string;
  readonly ticketId?: string;
  readonly caseId: string;
  readonly referenceNo: string;
  readonly deliveredAt: string;
}

/** Record a delivery; false when it was recorded before. */
export async function recordDelivery(ctx: StoreContext, delivery: DeliveryRecord) {
  try {
    await ctx.clients.ddb.send(
      new PutCommand({
        TableName: ctx.config.mainTableName,
        Item: { ...keys.delivery(`${delivery.channel}#${delivery.noticeId}`), ...delivery },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
