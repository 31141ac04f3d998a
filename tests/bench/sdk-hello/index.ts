/**
 * The yardstick the functions are held to: a Hono app on Lambda that makes one DynamoDB GetItem
 * and one SQS SendMessage per request, bundled like the functions (SDK clients inside the
 * bundle). What is left between a function and this is the function's own code.
 */
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

const ddb = new DynamoDBClient({});
const sqs = new SQSClient({});
const table = process.env.HELLO_TABLE_NAME ?? "cp-main";
const queueUrl = process.env.HELLO_QUEUE_URL ?? "";

const app = new Hono();
app.get("/", async (c) => {
  const item = await ddb.send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: "HELLO" }, sk: { S: "HELLO" } },
    }),
  );
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "hello" }));
  return c.json({ hello: item.Item ? "found" : "world" });
});

export const handler = handle(app);
