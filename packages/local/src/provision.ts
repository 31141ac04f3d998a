/** Create the tables and queues of the store's definitions, as the CDK app does in AWS. */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, type SQSClient } from "@aws-sdk/client-sqs";
import {
  allQueues,
  auditTable,
  mainTable,
  projectionOf,
  type TableDefinition,
} from "@cp/store/definitions";

/** Create one table of the definitions (indexes, TTL); a table that exists already is left as it is. */
export async function createTable(ddb: DynamoDBClient, def: TableDefinition) {
  const attributes = new Set([def.partitionKey, def.sortKey]);
  for (const i of def.indexes) {
    attributes.add(i.partitionKey);
    attributes.add(i.sortKey);
  }
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: def.name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [...attributes].map((name) => ({
          AttributeName: name,
          AttributeType: "S",
        })),
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: "HASH" },
          { AttributeName: def.sortKey, KeyType: "RANGE" },
        ],
        ...(def.indexes.length > 0
          ? {
              GlobalSecondaryIndexes: def.indexes.map((i) => ({
                IndexName: i.indexName,
                KeySchema: [
                  { AttributeName: i.partitionKey, KeyType: "HASH" },
                  { AttributeName: i.sortKey, KeyType: "RANGE" },
                ],
                Projection: projectionOf(i.projection),
              })),
            }
          : {}),
      }),
    );
  } catch (error) {
    // A persisted database already has its tables.
    if (!(error instanceof ResourceInUseException)) throw error;
    return;
  }
  if (def.ttlAttribute) {
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: def.name,
        TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
      }),
    );
  }
}

export async function provision(ddb: DynamoDBClient, sqs: SQSClient, accountId: string) {
  await createTable(ddb, mainTable);
  await createTable(ddb, auditTable);
  for (const q of allQueues) {
    await sqs.send(
      new CreateQueueCommand({
        QueueName: q.deadLetterName,
        Attributes: { FifoQueue: "true", MessageRetentionPeriod: String(14 * 24 * 3600) },
      }),
    );
    await sqs.send(
      new CreateQueueCommand({
        QueueName: q.name,
        Attributes: {
          FifoQueue: "true",
          VisibilityTimeout: String(q.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: `arn:aws:sqs:us-east-1:${accountId}:${q.deadLetterName}`,
            maxReceiveCount: q.maxReceiveCount,
          }),
        },
      }),
    );
  }
}
