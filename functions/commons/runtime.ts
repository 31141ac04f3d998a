/**
 * What every Lambda entry shares: the store context built once per container from the
 * environment, and the structured logger. Log fields are ids, codes and counts — never a child's
 * or a reporter's personal data; the logger redacts known personal fields should one slip in.
 */

import { Logger } from "@aws-lambda-powertools/logger";
import { KMSClient } from "@aws-sdk/client-kms";
import { systemClock } from "@cp/domain";
import { configFromEnv, createClients, envelopeCipher, type StoreContext } from "@cp/store";
import { kmsDataKeys } from "@cp/store/crypto/kms-keys";
import { RedactingLogFormatter } from "./redaction.ts";

export const logger = new Logger({ logFormatter: new RedactingLogFormatter() });

let context: StoreContext | undefined;

function personalDataKeyId(): string {
  const keyId = process.env.PERSONAL_DATA_KEY_ID;
  // Fail closed: without the key, personal data could be neither written nor read.
  if (!keyId) throw new Error("Environment variable PERSONAL_DATA_KEY_ID is not set.");
  return keyId;
}

export function storeContext(): StoreContext {
  context ??= {
    clients: createClients(),
    config: configFromEnv(),
    clock: systemClock,
    cipher: envelopeCipher(kmsDataKeys(new KMSClient({}), personalDataKeyId())),
  };
  return context;
}

export const log = (level: "info" | "warn" | "error", message: string, fields: object = {}) =>
  logger[level](message, fields as Record<string, unknown>);
