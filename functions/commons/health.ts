import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { queueUrls, type StoreContext } from "@cp/store";

/** The table and the intake queue answer. */
export async function storeIsHealthy(ctx: StoreContext): Promise<boolean> {
  await Promise.all([
    ctx.clients.ddb.send(new DescribeTableCommand({ TableName: ctx.config.mainTableName })),
    ctx.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrls(ctx.config).intake,
        AttributeNames: ["QueueArn"],
      }),
    ),
  ]);
  return true;
}
