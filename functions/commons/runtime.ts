/**
 * What every Lambda entry shares: the store context built once per container from the
 * environment, and the structured logger. Log fields are ids, codes and counts — never a child's
 * or a reporter's personal data.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { systemClock } from "@cp/domain";
import { configFromEnv, createClients, type StoreContext } from "@cp/store";

export const logger = new Logger();

let context: StoreContext | undefined;

export function storeContext(): StoreContext {
  context ??= { clients: createClients(), config: configFromEnv(), clock: systemClock };
  return context;
}

export const log = (level: "info" | "warn" | "error", message: string, fields: object = {}) =>
  logger[level](message, fields as Record<string, unknown>);
