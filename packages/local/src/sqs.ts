import type { Server } from "node:http";
import { createSqsServer } from "local-aws-sqs";

export interface RunningSqs {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Start the SQS emulator (JSON protocol of client-sqs v3; FIFO, dedup and redrive work). */
export async function startSqs(port: number): Promise<RunningSqs> {
  const server: Server = await createSqsServer({
    port,
    hostname: "127.0.0.1",
    emulateQueueCreationLifecycle: false,
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
