/**
 * The whole platform on one machine: DynamoDB Local, the SQS emulator, the API on node-server,
 * pollers feeding the real SQS handlers, and a timer standing in for the scheduler.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { type Clock, systemClock } from "@cp/domain";
import { createApp } from "@cp/functions/api/app";
import type { QuotaSettings } from "@cp/functions/api/quota";
import { storeIsHealthy } from "@cp/functions/commons/health";
import { redacting } from "@cp/functions/commons/redaction";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { createRouterHandler, type RouterStats } from "@cp/functions/router/handler";
import { createSweeperHandler, sweepOptionsFromEnv } from "@cp/functions/sweeper/handler";
import {
  allQueues,
  configFromEnv,
  createClients,
  envelopeCipher,
  intakeQueue,
  localDataKeys,
  type StoreContext,
} from "@cp/store";
import { checkpointCopiesFromEnv } from "@cp/store/audit/checkpoint-copies";
import { checkpointSignerFromEnv } from "@cp/store/audit/checkpoints";
import { serve } from "@hono/node-server";
import { startDynamo } from "./dynamodb.ts";
import { checkJava } from "./java.ts";
import { type Poller, startPoller } from "./pollers.ts";
import { provision } from "./provision.ts";
import { startScheduler, sweepIntervalMsFromEnv } from "./scheduler.ts";
import { startSqs } from "./sqs.ts";
import { createLocalIssuer, LOCAL_AUDIENCE, LOCAL_ISSUER, type LocalIssuer } from "./tokens.ts";
import { withWebApp } from "./web.ts";

export interface LocalStackOptions {
  /** 0 picks a free port. */
  readonly apiPort: number;
  readonly dynamoPort: number;
  readonly sqsPort: number;
  /** Keep data here across restarts; in memory when absent. */
  readonly dataDir?: string;
  readonly clock?: Clock;
  readonly log: (level: "info" | "warn" | "error", message: string, fields?: object) => void;
  /** Per-user request quotas of the API; the production defaults when absent. */
  readonly quotas?: QuotaSettings;
  /** Origins a browser may call the API from; default: CORS_ORIGINS (comma-separated), else none. */
  readonly corsOrigins?: readonly string[];
  /** Run the queue pollers (tests may drive the handlers themselves). */
  readonly pollers?: boolean;
  /** Sweeper timer interval; 0 turns it off (tests call the sweep themselves). Default: env or 60 s. */
  readonly sweepIntervalMs?: number;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly store: StoreContext;
  readonly issuer: LocalIssuer;
  /** The master key (hex) of the personal-data cipher, for tests that open what the stack sealed. */
  readonly personalDataKey: string;
  readonly routerStats: RouterStats;
  stop(): Promise<void>;
}

const ACCOUNT_ID = "123456789012";

/** A fingerprint key that survives restarts when data does, so the same child finds its case. */
function fingerprintKey(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString("hex");
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "fingerprint.key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** The master key of personal-data encryption: beside the data when kept, else in memory only. */
function personalDataKey(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString("hex");
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "personal-data.key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

export async function startLocalStack(stackOptions: LocalStackOptions): Promise<LocalStack> {
  // Every log line of the stack passes the same redaction as in Lambda.
  const options = { ...stackOptions, log: redacting(stackOptions.log) };
  checkJava();
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const dynamo = await startDynamo(options.dynamoPort, options.dataDir);
    stops.push(dynamo.stop);
    const sqsServer = await startSqs(options.sqsPort);
    stops.push(sqsServer.stop);

    // The SDK reads these, exactly as a Lambda reads its environment.
    Object.assign(process.env, {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
      QUEUE_URL_PREFIX: `${sqsServer.endpoint}/${ACCOUNT_ID}/`,
      FINGERPRINT_KEY: fingerprintKey(options.dataDir),
      // Checkpoints signed with a key kept beside persisted data; otherwise the OS temp default.
      ...(options.dataDir
        ? { CHECKPOINT_KEY_FILE: join(options.dataDir, "checkpoint-key.pem") }
        : {}),
      // Copies of signed checkpoints, standing in for the Object Lock bucket (no S3 emulator
      // here): beside persisted data, else in the OS temp folder beside the default key.
      CHECKPOINT_COPY_DIR:
        process.env.CHECKPOINT_COPY_DIR ??
        join(options.dataDir ?? tmpdir(), "cp-local-checkpoint-copies"),
    });
    const clients = createClients();
    stops.push(async () => {
      clients.ddb.destroy();
      clients.sqs.destroy();
    });
    await provision(clients.ddb as unknown as DynamoDBClient, clients.sqs, ACCOUNT_ID);
    const dataKey = personalDataKey(options.dataDir);
    const store: StoreContext = {
      clients,
      config: configFromEnv(),
      clock: options.clock ?? systemClock,
      cipher: envelopeCipher(localDataKeys(Buffer.from(dataKey, "hex"))),
    };

    const issuer = await createLocalIssuer();
    const app = createApp({
      store,
      stage: "local",
      tokens: {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        keys: issuer.publicKey,
        algorithms: [issuer.algorithm],
      },
      health: () => storeIsHealthy(store),
      devToken: (username) => issuer.tokenFor(username),
      corsOrigins:
        options.corsOrigins ??
        (process.env.CORS_ORIGINS ?? "")
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean),
      ...(options.quotas ? { quotas: options.quotas } : {}),
      log: options.log,
    });
    const server = serve({
      fetch: withWebApp(app).fetch,
      port: options.apiPort,
      hostname: "127.0.0.1",
    });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => resolve());
        }),
    );
    const apiPort = (server.address() as AddressInfo).port;

    const routerStats: RouterStats = { routed: 0, duplicates: 0 };
    if (options.pollers !== false) {
      const pollers: Poller[] = [];
      const onError = (error: unknown) =>
        options.log("error", "poller error", { error: (error as Error).name });
      const router = createRouterHandler(store, options.log, routerStats);
      const dispatch = createDispatchHandler(store, options.log);
      for (const q of allQueues) {
        const url = store.config.queueUrlPrefix + q.name;
        const attrs = await clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
        );
        const arn = attrs.Attributes?.QueueArn ?? q.name;
        pollers.push(
          startPoller(clients.sqs, url, arn, q === intakeQueue ? router : dispatch, onError),
        );
      }
      stops.push(async () => {
        await Promise.all(pollers.map((p) => p.stop()));
      });
    }

    const sweepEvery = options.sweepIntervalMs ?? sweepIntervalMsFromEnv();
    if (sweepEvery > 0) {
      const sweeper = createSweeperHandler(
        store,
        options.log,
        sweepOptionsFromEnv(),
        undefined,
        () => checkpointSignerFromEnv(),
        checkpointCopiesFromEnv(),
      );
      const scheduler = startScheduler(
        () => sweeper({ source: "scheduler" }),
        sweepEvery,
        (error) => options.log("error", "sweep failed", { error: (error as Error).name }),
      );
      stops.push(scheduler.stop);
    }

    return {
      apiUrl: `http://127.0.0.1:${apiPort}`,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsServer.endpoint,
      store,
      issuer,
      personalDataKey: dataKey,
      routerStats,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
