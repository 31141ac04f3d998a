/**
 * `npm start`: the local stack in the foreground until Ctrl-C.
 * Options: PORT (API, default 3000), DYNAMODB_PORT (8000), SQS_PORT (9324),
 * `--persist DIR` or CP_DATA_DIR to keep data across restarts. While it runs, a state file
 * (state-file.ts) tells the command-line tools where it is.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { log } from "@cp/functions/commons/runtime";
import { checkpointSignerFromEnv } from "@cp/store/audit/checkpoints";
import { seedCareDemo } from "./care-demo.ts";
import { DEMO_USERS } from "./demo-users.ts";
import { startLocalStack } from "./stack.ts";
import {
  type LocalStackState,
  removeStateFile,
  shown,
  stateFilePath,
  writeJsonFile,
} from "./state-file.ts";

const HELP = `usage: npm start [-- --persist DIR]

The whole platform on this machine: API and web app, DynamoDB Local, SQS emulator, workers.
  --persist DIR   keep data (and keys) in DIR across restarts (or CP_DATA_DIR); default: in memory
Environment: PORT (API, 3000), DYNAMODB_PORT (8000), SQS_PORT (9324),
  CP_LOCAL_STACK (state file for the command-line tools, default .local-stack/state.json).

example: PORT=3100 npm start -- --persist .local-data`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(HELP);
  process.exit(0);
}

/**
 * The data directory, absolute and made: DynamoDB Local runs in its package's folder, where a
 * relative path would point elsewhere, and it refuses a directory that does not exist.
 */
function persistDir(argv: readonly string[]): string | undefined {
  const i = argv.indexOf("--persist");
  const dir = i >= 0 ? argv[i + 1] : process.env.CP_DATA_DIR || undefined;
  if (i >= 0 && !dir) throw new Error("--persist needs a directory");
  if (!dir) return undefined;
  mkdirSync(resolve(dir), { recursive: true });
  return resolve(dir);
}

const stateFile = stateFilePath();
try {
  const dataDir = persistDir(process.argv.slice(2));
  const stack = await startLocalStack({
    apiPort: Number(process.env.PORT ?? 3000),
    dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
    sqsPort: Number(process.env.SQS_PORT ?? 9324),
    ...(dataDir ? { dataDir } : {}),
    log,
  });
  const signer = await checkpointSignerFromEnv();
  const keyFile = join(dirname(stateFile), "checkpoint-public.jwk");
  writeJsonFile(keyFile, signer.publicJwk);
  const state: LocalStackState = {
    format: "cp-local-stack/1",
    pid: process.pid,
    startedAt: new Date().toISOString(),
    apiUrl: stack.apiUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    sqsEndpoint: stack.sqsEndpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    queueUrlPrefix: stack.store.config.queueUrlPrefix,
    mainTableName: stack.store.config.mainTableName,
    auditTableName: stack.store.config.auditTableName,
    checkpointPublicKeyFile: keyFile,
    ...(process.env.CHECKPOINT_COPY_DIR
      ? { checkpointCopyDir: process.env.CHECKPOINT_COPY_DIR }
      : {}),
    ...(dataDir ? { dataDir } : {}),
  };
  writeJsonFile(stateFile, state);
  await seedCareDemo(stack.store);
  console.log(`
Local stack ready.
  API       ${stack.apiUrl}/v1/health
  Docs      ${stack.apiUrl}/docs
  DynamoDB  ${stack.dynamoEndpoint}   SQS ${stack.sqsEndpoint}
  Data      ${dataDir ? `kept in ${dataDir}` : "in memory (use --persist DIR to keep it)"}
  Tools     npm run report:progress, npm run audit:verify find this stack through ${shown(stateFile)}
  Demo users (POST /v1/dev/token {"username": ...}): ${DEMO_USERS.map((u) => u.sub).join(", ")}
Press Ctrl-C to stop.`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    removeStateFile(stateFile);
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  console.error(`Could not start the local stack: ${(error as Error).message}`);
  process.exit(1);
}
