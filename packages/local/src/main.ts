/**
 * `npm start`: the local stack in the foreground until Ctrl-C.
 * Options: PORT (API, default 3000), DYNAMODB_PORT (8000), SQS_PORT (9324),
 * `--persist DIR` or CP_DATA_DIR to keep data across restarts.
 */
import { log } from "@cp/functions/commons/runtime";
import { DEMO_USERS } from "./demo-users.ts";
import { startLocalStack } from "./stack.ts";

function persistDir(argv: readonly string[]): string | undefined {
  const i = argv.indexOf("--persist");
  if (i >= 0) {
    const dir = argv[i + 1];
    if (!dir) throw new Error("--persist needs a directory");
    return dir;
  }
  return process.env.CP_DATA_DIR || undefined;
}

const dataDir = persistDir(process.argv.slice(2));
try {
  const stack = await startLocalStack({
    apiPort: Number(process.env.PORT ?? 3000),
    dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
    sqsPort: Number(process.env.SQS_PORT ?? 9324),
    ...(dataDir ? { dataDir } : {}),
    log,
  });
  console.log(`
Local stack ready.
  API       ${stack.apiUrl}/v1/health
  Docs      ${stack.apiUrl}/docs
  DynamoDB  ${stack.dynamoEndpoint}   SQS ${stack.sqsEndpoint}
  Data      ${dataDir ? `kept in ${dataDir}` : "in memory (use --persist DIR to keep it)"}
  Demo users (POST /v1/dev/token {"username": ...}): ${DEMO_USERS.map((u) => u.sub).join(", ")}
Press Ctrl-C to stop.`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  console.error(`Could not start the local stack: ${(error as Error).message}`);
  process.exit(1);
}
