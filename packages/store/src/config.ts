/**
 * Where the store finds its tables and queues. In AWS the CDK app sets these variables; the local
 * stack sets them to DynamoDB Local and the SQS emulator. Endpoints come from the SDK's own
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SQS`, so no code path differs.
 */

import type { AgencyCode } from "@cp/domain/agencies";
import { type RetentionPolicy, retentionPolicy } from "@cp/domain/retention";
import { agencyQueue, auditTable, intakeQueue, mainTable, supervisorQueue } from "./definitions.ts";

export interface StoreConfig {
  readonly mainTableName: string;
  readonly auditTableName: string;
  /** A queue's URL is this prefix followed by the queue's definition name. */
  readonly queueUrlPrefix: string;
  /** Prefix of reference numbers (the deployment's city code). */
  readonly referencePrefix: string;
  /** Key of the child fingerprint HMAC. */
  readonly fingerprintKey: string;
  /** How long each class of data is kept (`RETENTION_POLICY`, JSON overrides); the defaults when absent. */
  readonly retention?: RetentionPolicy;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set.`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return {
    mainTableName: env.MAIN_TABLE_NAME ?? mainTable.name,
    auditTableName: env.AUDIT_TABLE_NAME ?? auditTable.name,
    queueUrlPrefix: required(env, "QUEUE_URL_PREFIX"),
    referencePrefix: env.REFERENCE_PREFIX ?? "SGL",
    fingerprintKey: required(env, "FINGERPRINT_KEY"),
    retention: retentionPolicy(env.RETENTION_POLICY),
  };
}

export const queueUrls = (config: StoreConfig) => ({
  intake: config.queueUrlPrefix + intakeQueue.name,
  supervisors: config.queueUrlPrefix + supervisorQueue.name,
  agency: (agency: AgencyCode) => config.queueUrlPrefix + agencyQueue(agency).name,
});
