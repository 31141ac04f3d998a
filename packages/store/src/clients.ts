import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** SDK clients, created once per process (a Lambda container reuses them across invocations). */
export interface AwsClients {
  readonly ddb: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
}

export function createClients(): AwsClients {
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { ddb, sqs: new SQSClient({}) };
}
