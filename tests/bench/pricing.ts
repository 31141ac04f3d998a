/**
 * On-demand prices the bench turns counted requests into money with: one AWS China region and one
 * global region. Prices change; the table says where each figure was read and when, and the page
 * prints it beside the money so a reader can redo the sum with today's prices.
 */

export interface PriceTable {
  readonly region: string;
  readonly currency: "CNY" | "USD";
  /** Per million on-demand write request units / read request units (DynamoDB Standard). */
  readonly dynamoWritePerMillion: number;
  readonly dynamoReadPerMillion: number;
  /** Per million SQS FIFO requests, API Gateway HTTP API requests, Lambda requests; null: not in the table. */
  readonly sqsFifoPerMillion: number | null;
  readonly httpApiPerMillion: number | null;
  readonly lambdaRequestsPerMillion: number | null;
  /** Where the figures come from and when they were read. */
  readonly source: string;
}

export const PRICES_READ_ON = "2026-11-29";

export const PRICE_TABLES: readonly PriceTable[] = [
  {
    region: "cn-northwest-1",
    currency: "CNY",
    dynamoWritePerMillion: 11.1538,
    // The read price is not legible in the stored copy of the page; one fifth of the write
    // price is the ratio AWS keeps in every region it publishes. Check it in the console.
    dynamoReadPerMillion: 2.2308,
    sqsFifoPerMillion: null,
    httpApiPerMillion: null,
    lambdaRequestsPerMillion: null,
    source:
      "amazonaws.cn/en/dynamodb/pricing (China (Beijing) and China (Ningxia), on-demand write requests); read price derived (one fifth of write)",
  },
  {
    region: "us-east-1",
    currency: "USD",
    dynamoWritePerMillion: 0.625,
    dynamoReadPerMillion: 0.125,
    sqsFifoPerMillion: 0.5,
    httpApiPerMillion: 1.0,
    lambdaRequestsPerMillion: 0.2,
    source:
      "aws.amazon.com pricing pages for DynamoDB (on-demand, after the November 2024 reduction), SQS (FIFO), API Gateway (HTTP APIs, first 300 million) and Lambda (requests); free tiers left out",
  },
];

/** What a counted amount of work costs at one price table; null parts are not priced. */
export interface Money {
  readonly region: string;
  readonly currency: string;
  readonly dynamo: number;
  readonly sqs: number | null;
  readonly httpApi: number | null;
  readonly lambdaRequests: number | null;
  readonly total: number;
}

export interface Usage {
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly sqsRequests: number;
  readonly httpRequests: number;
  readonly lambdaInvocations: number;
}

export function priceOf(usage: Usage, table: PriceTable): Money {
  const per = (count: number, perMillion: number | null) =>
    perMillion === null ? null : (count * perMillion) / 1e6;
  const dynamo =
    (usage.writeUnits * table.dynamoWritePerMillion +
      usage.readUnits * table.dynamoReadPerMillion) /
    1e6;
  const sqs = per(usage.sqsRequests, table.sqsFifoPerMillion);
  const httpApi = per(usage.httpRequests, table.httpApiPerMillion);
  const lambdaRequests = per(usage.lambdaInvocations, table.lambdaRequestsPerMillion);
  return {
    region: table.region,
    currency: table.currency,
    dynamo,
    sqs,
    httpApi,
    lambdaRequests,
    total: dynamo + (sqs ?? 0) + (httpApi ?? 0) + (lambdaRequests ?? 0),
  };
}
