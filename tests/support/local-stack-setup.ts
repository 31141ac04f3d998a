/**
 * Vitest global setup for integration tests: one real local stack (DynamoDB Local, the SQS
 * emulator, the API, the pollers) on free ports, shared by the test files and stopped after.
 */
import { startLocalStack } from "@cp/local/stack";
import type { TestProject } from "vitest/node";
import { freePort } from "./free-port.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: {
      apiUrl: string;
      dynamoEndpoint: string;
      sqsEndpoint: string;
      queueUrlPrefix: string;
      fingerprintKey: string;
      personalDataKey: string;
      signingJwk: Record<string, unknown>;
    };
  }
}

export default async function setup(project: TestProject) {
  const errors: string[] = [];
  const start = async () =>
    startLocalStack({
      apiPort: 0,
      dynamoPort: await freePort(),
      sqsPort: await freePort(),
      // Tests move a ManualClock and call the sweep themselves; a timer on the wall clock would race them.
      sweepIntervalMs: 0,
      log: (level, message, fields) => {
        if (level === "error") errors.push(`${message} ${JSON.stringify(fields ?? {})}`);
      },
    });
  const stack = await start().catch(async (error: unknown) => {
    // A port free a moment ago can be taken by another program before the stack binds it;
    // the stack stops what it started, and one more start on other ports settles it.
    if (!/EADDRINUSE|address already in use|BindException/i.test(String(error))) throw error;
    return start();
  });
  project.provide("stack", {
    apiUrl: stack.apiUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    sqsEndpoint: stack.sqsEndpoint,
    queueUrlPrefix: stack.store.config.queueUrlPrefix,
    fingerprintKey: stack.store.config.fingerprintKey,
    personalDataKey: stack.personalDataKey,
    signingJwk: stack.issuer.privateJwk as Record<string, unknown>,
  });
  return async () => {
    await stack.stop();
    if (errors.length > 0) console.warn(`local stack logged errors:\n${errors.join("\n")}`);
  };
}
