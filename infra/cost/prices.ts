/**
 * List prices of what an idle deployment pays for, per region, with the date they were taken and
 * whether they were checked against the provider's price page. No free tier is applied: an
 * account that runs other workloads has usually spent it.
 *
 * Prices change; the table is dated so a figure computed from it says how old it is. To update:
 * change the figures, `asOf`, and `verified` (and `unverified` for single items).
 */

/** What the idle-cost model prices, each per the unit named beside it. */
export interface Prices {
  /** Customer-managed KMS key, per key and month. */
  readonly kmsKeyMonth: number;
  /** KMS requests, per 10,000. */
  readonly kmsRequests10k: number;
  /** CloudWatch alarm, standard resolution, per metric and month. */
  readonly alarmMetricMonth: number;
  /** CloudWatch dashboard, per dashboard and month (beyond the account's first three). */
  readonly dashboardMonth: number;
  /** CloudWatch custom metric, per metric and month (the first 10,000 tier). */
  readonly customMetricMonth: number;
  /** CloudWatch Logs ingestion, per GB. */
  readonly logsIngestGb: number;
  /** CloudWatch Logs storage, per GB and month. */
  readonly logsStorageGbMonth: number;
  /** EventBridge Scheduler invocations, per million. */
  readonly schedulerMillion: number;
  /** Lambda requests, per million. */
  readonly lambdaRequestsMillion: number;
  /** Lambda compute on arm64, per GB-second. */
  readonly lambdaArmGbSecond: number;
  /** SQS FIFO requests, per million (an empty receive is one request). */
  readonly sqsFifoMillion: number;
  /** Secrets Manager secret, per secret and month. */
  readonly secretMonth: number;
  /** DynamoDB on-demand storage, per GB and month. */
  readonly dynamoStorageGbMonth: number;
  /** DynamoDB point-in-time recovery, per GB and month. */
  readonly dynamoPitrGbMonth: number;
  /** AWS Backup storage of DynamoDB backups (warm), per GB and month. */
  readonly backupGbMonth: number;
  /** S3 Standard storage, per GB and month. */
  readonly s3GbMonth: number;
  /** CloudTrail: the first copy of management events in a region. */
  readonly trailManagementEvents: number;
}

export interface PriceTable {
  readonly region: string;
  readonly currency: "USD" | "CNY";
  /** When the figures were taken. */
  readonly asOf: string;
  /** Whether the whole table was checked against the provider's published price page. */
  readonly verified: boolean;
  /** Items whose figure is known to be unverified, with why. */
  readonly unverified: Readonly<Partial<Record<keyof Prices, string>>>;
  readonly prices: Prices;
}

/**
 * US East (N. Virginia), USD: AWS list prices as the project last read them; not re-checked on
 * the date below, so every item is flagged to be verified before a budget is built on it.
 */
const US_EAST_1: PriceTable = {
  region: "us-east-1",
  currency: "USD",
  asOf: "2026-11-29",
  verified: false,
  unverified: {
    kmsKeyMonth: "aws.amazon.com/kms/pricing, from memory",
    alarmMetricMonth: "aws.amazon.com/cloudwatch/pricing, from memory",
    backupGbMonth: "aws.amazon.com/backup/pricing (DynamoDB warm storage), from memory",
  },
  prices: {
    kmsKeyMonth: 1.0,
    kmsRequests10k: 0.03,
    alarmMetricMonth: 0.1,
    dashboardMonth: 3.0,
    customMetricMonth: 0.3,
    logsIngestGb: 0.5,
    logsStorageGbMonth: 0.03,
    schedulerMillion: 1.0,
    lambdaRequestsMillion: 0.2,
    lambdaArmGbSecond: 0.0000133334,
    sqsFifoMillion: 0.5,
    secretMonth: 0.4,
    dynamoStorageGbMonth: 0.25,
    dynamoPitrGbMonth: 0.2,
    backupGbMonth: 0.1,
    s3GbMonth: 0.023,
    trailManagementEvents: 0,
  },
};

/**
 * China (Ningxia), CNY, operated by NWCD. NOT VERIFIED: the figures are estimates in the range of
 * the published CNY list prices (amazonaws.cn/<service>/pricing), which could not be read when
 * this table was made. Check every line against www.amazonaws.cn before quoting a budget.
 */
const CN_NORTHWEST_1: PriceTable = {
  region: "cn-northwest-1",
  currency: "CNY",
  asOf: "2026-11-29",
  verified: false,
  unverified: {
    kmsKeyMonth: "estimate; check amazonaws.cn/kms/pricing",
    alarmMetricMonth: "estimate; check amazonaws.cn/cloudwatch/pricing",
    dashboardMonth: "estimate; check amazonaws.cn/cloudwatch/pricing",
    sqsFifoMillion: "estimate; check amazonaws.cn/sqs/pricing",
    secretMonth: "estimate; check amazonaws.cn/secrets-manager/pricing",
    schedulerMillion: "estimate; EventBridge Scheduler's CNY price not read",
    backupGbMonth: "estimate; check amazonaws.cn/backup/pricing",
  },
  prices: {
    kmsKeyMonth: 7.0,
    kmsRequests10k: 0.2,
    alarmMetricMonth: 0.7,
    dashboardMonth: 21.0,
    customMetricMonth: 2.1,
    logsIngestGb: 4.1,
    logsStorageGbMonth: 0.2,
    schedulerMillion: 7.0,
    lambdaRequestsMillion: 1.36,
    lambdaArmGbSecond: 0.0000907,
    sqsFifoMillion: 3.4,
    secretMonth: 2.8,
    dynamoStorageGbMonth: 1.9,
    dynamoPitrGbMonth: 1.5,
    backupGbMonth: 0.7,
    s3GbMonth: 0.18,
    trailManagementEvents: 0,
  },
};

export const PRICE_TABLES: Readonly<Record<string, PriceTable>> = {
  [US_EAST_1.region]: US_EAST_1,
  [CN_NORTHWEST_1.region]: CN_NORTHWEST_1,
};

/** The price table of `region`, or an error naming the regions that have one. */
export function priceTable(region: string): PriceTable {
  const table = PRICE_TABLES[region];
  if (!table) {
    throw new Error(
      `no price table for ${region}; known: ${Object.keys(PRICE_TABLES).join(", ")} (infra/cost/prices.ts)`,
    );
  }
  return table;
}
