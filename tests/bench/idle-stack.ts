/**
 * The local stack as the bench's single steps start it: free ports, no queue pollers and no
 * sweep (each step drives the router, the dispatcher and the sweep itself, so nothing else
 * interleaves with what it measures), and no log lines.
 */
import { type LocalStack, startLocalStack } from "@cp/local/stack";
import { freePort } from "../support/free-port.ts";

export async function startIdleStack(): Promise<LocalStack> {
  return startLocalStack({
    apiPort: 0,
    dynamoPort: await freePort(),
    sqsPort: await freePort(),
    pollers: false,
    sweepIntervalMs: 0,
    log: () => undefined,
  });
}
