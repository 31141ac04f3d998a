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
import type { Context } from "aws-lambda";
import { RedactingLogFormatter } from "./redaction.ts";

const logger = new Logger({ logFormatter: new RedactingLogFormatter() });

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

/** Marks a handler wrapped by withRequestIds (tests check every entry is). */
export const LOGS_REQUEST_IDS = Symbol("logs request ids");

/** The id API Gateway gave the request: the `requestId` of the stage's access log. */
function apiRequestIdOf(event: unknown): string | undefined {
  const id = (event as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext
    ?.requestId;
  return typeof id === "string" ? id : undefined;
}

/**
 * A Lambda entry whose every log line carries the invocation's ids: `function_request_id` (the
 * Lambda request id, as in the function's REPORT line) and, behind API Gateway,
 * `api_request_id` (the access log's `requestId`), so an access-log line leads to its function's
 * lines. The keys are reset after each invocation: none leaks into the next.
 */
export function withRequestIds<E, R, C extends object = Context>(
  handler: (event: E, context: C) => Promise<R>,
): ((event: E, context: C) => Promise<R>) & { [LOGS_REQUEST_IDS]: true } {
  const wrapped = async (event: E, context: C): Promise<R> => {
    logger.addContext(context as unknown as Context);
    const apiRequestId = apiRequestIdOf(event);
    if (apiRequestId) logger.appendKeys({ api_request_id: apiRequestId });
    try {
      return await handler(event, context);
    } finally {
      logger.resetKeys();
    }
  };
  return Object.assign(wrapped, { [LOGS_REQUEST_IDS]: true as const });
}
