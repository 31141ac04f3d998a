/**
 * Every AWS action each function performs, recorded on a focused run of the real handlers
 * against the local DynamoDB and SQS, and kept in `tests/infra/aws-calls.json`, which the infra
 * test `permissions.test.ts` holds against each function's IAM policy in the synthesized
 * template. A call that is added to the code changes the record and fails here until the file is
 * refreshed (`UPDATE_AWS_CALLS=1`), and then fails there until the grant exists.
 *
 * Each function gets its own clients (as each Lambda does), its own queues (`calls-…`, which the
 * stack's pollers do not drain) and a clock in 2003, a year no other test sweeps.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KMSClient } from "@aws-sdk/client-kms";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { AGENCY_CODES, DEFAULT_SLA_POLICY, ManualClock } from "@cp/domain";
import { createApp } from "@cp/functions/api/app";
import { storeIsHealthy } from "@cp/functions/commons/health";
import { channelSource } from "@cp/functions/dispatch/channels";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { createRouterHandler } from "@cp/functions/router/handler";
import { createSweeperHandler } from "@cp/functions/sweeper/handler";
import { createLocalIssuer, LOCAL_AUDIENCE, LOCAL_ISSUER } from "@cp/local/tokens";
import { envelopeCipher, type StoreContext } from "@cp/store";
import { kmsCheckpointSigner } from "@cp/store/audit/checkpoints";
import { careKeys } from "@cp/store/care";
import { kmsDataKeys } from "@cp/store/crypto/kms-keys";
import { allQueues, auditTable, intakeQueue, mainTable } from "@cp/store/definitions";
import type { SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleReport, stack, uniqueIdNumber } from "../support/api.ts";
import {
  as,
  type CallRecord,
  KEY_IDS,
  NOTIFY_SECRET_ID,
  startRecording,
  topicArn,
} from "../support/aws-calls.ts";
import { startTencentSms } from "../support/tencent-sms-server.ts";

const RECORD_FILE = new URL("../infra/aws-calls.json", import.meta.url);
const QUEUE_PREFIX = "calls-";
const DAY = 24 * 3600_000;
const clock = new ManualClock(new Date("2003-06-02T01:00:00.000Z"));
const silent = () => undefined;

let recording: ReturnType<typeof startRecording>;
let queueUrlPrefix: string;
let recorded: CallRecord;

/** A function's own store context: its own clients, as in its own Lambda container. */
function contextOf(): StoreContext {
  const s = stack();
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  return {
    clients: {
      ddb: DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: s.dynamoEndpoint, region: "us-east-1", credentials }),
        { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
      ),
      sqs: new SQSClient({ endpoint: s.sqsEndpoint, region: "us-east-1", credentials }),
    },
    config: {
      mainTableName: mainTable.name,
      auditTableName: auditTable.name,
      queueUrlPrefix,
      referencePrefix: "SGL",
      fingerprintKey: s.fingerprintKey,
    },
    clock,
    cipher: envelopeCipher(
      kmsDataKeys(
        new KMSClient({
          region: "us-east-1",
          credentials: { accessKeyId: "l", secretAccessKey: "l" },
        }),
        KEY_IDS.data,
      ),
    ),
  };
}

const poller = new SQSClient({
  endpoint: stack().sqsEndpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

/** What Lambda's event source mapping does (outside any function): receive, hand over, delete. */
async function deliver(queueName: string, handler: (event: SQSEvent) => Promise<unknown>) {
  const url = queueUrlPrefix + queueName;
  for (;;) {
    const out = await poller.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["All"],
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return;
    await handler({
      Records: messages.map((m) => ({
        messageId: m.MessageId ?? "",
        receiptHandle: m.ReceiptHandle ?? "",
        body: m.Body ?? "",
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: String(Date.now()),
          SenderId: "local",
          ApproximateFirstReceiveTimestamp: String(Date.now()),
          MessageGroupId: m.Attributes?.MessageGroupId,
          MessageDeduplicationId: m.Attributes?.MessageDeduplicationId,
        },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? "",
        eventSource: "aws:sqs",
        eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queueName}`,
        awsRegion: "us-east-1",
      })),
    } as SQSEvent);
    for (const m of messages) {
      await poller.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }),
      );
    }
  }
}

beforeAll(async () => {
  const s = stack();
  queueUrlPrefix = `${s.queueUrlPrefix}${QUEUE_PREFIX}`;
  for (const q of allQueues) {
    await poller.send(
      new CreateQueueCommand({
        QueueName: QUEUE_PREFIX + q.name,
        Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" },
      }),
    );
  }
  process.env.CHECKPOINT_KMS_KEY_ID = KEY_IDS.checkpoint;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  // The channels' secret as an operator fills it: a webhook on loopback and SMS through a local
  // stand-in for Tencent Cloud SMS, so dispatch runs its delivery ledger as in AWS.
  const endpoint = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hook`;
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const tencent = { secretId: "AKIDlocalrecording", secretKey: randomBytes(24).toString("hex") };
  const sms = await startTencentSms({
    ...tencent,
    sdkAppId: "1400000001",
    signName: "未保平台",
    templates: { "1": 3, "2": 2 },
  });
  const channelSecrets = {
    webhooks: { police: { url, secret }, supervisors: { url, secret } },
    sms: {
      ...tencent,
      sdkAppId: "1400000001",
      signName: "未保平台",
      templates: { withDue: "1", withoutDue: "2" },
      recipients: { police: ["+8613900000001"], supervisors: ["+8613900000002"] },
      endpoint: sms.endpoint,
    },
  };
  recording = startRecording({
    queuePrefix: queueUrlPrefix,
    masterKeyHex: s.personalDataKey,
    secrets: { [NOTIFY_SECRET_ID]: JSON.stringify(channelSecrets) },
  });
  try {
    await scenario();
  } finally {
    await new Promise((resolve) => endpoint.close(resolve));
    await sms.close();
  }
  expect(sms.accepted.length, "texts the local Tencent server accepted").toBeGreaterThan(0);
  recorded = recording.stop();
}, 300_000);

afterAll(() => {
  poller.destroy();
});

async function scenario() {
  const issuer = await createLocalIssuer();
  /** The API's app in a Lambda of its own: the API, and the progress report's function. */
  const appOf = () => {
    const store = contextOf();
    return createApp({
      store,
      stage: "prod",
      tokens: {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        keys: issuer.publicKey,
        algorithms: [issuer.algorithm],
      },
      health: () => storeIsHealthy(store),
      log: silent,
    });
  };
  const apps = { api: appOf(), progress: appOf() };
  /**
   * A second container of the API: it holds no case key that the filing container made and kept
   * opened, so its reads open them through KMS as most reads in AWS do.
   */
  const otherApiContainer = appOf();
  const call = (method: string, path: string, user?: string, body?: unknown) =>
    callAs("api", method, path, user, body);
  const callAs = async (
    fn: keyof typeof apps,
    method: string,
    path: string,
    user?: string,
    body?: unknown,
    app = apps[fn],
  ) => {
    const token = user ? await issuer.tokenFor(user) : undefined;
    const res = await as(fn, () =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      ),
    );
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const expectOk = (res: { status: number; body: unknown }, what: string) =>
    expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);

  // Dispatch as the stack configures it: the channels' secret by id, the topics' ARNs.
  const channels = channelSource({
    NOTIFY_SECRET_ID,
    NOTIFY_SNS_TOPICS: JSON.stringify(
      Object.fromEntries(
        [...AGENCY_CODES, "supervisors"].map((a) => [a, topicArn(`cp-notify-${a}`)]),
      ),
    ),
  });
  const router = createRouterHandler(contextOf(), silent);
  const dispatch = createDispatchHandler(contextOf(), silent, channels);
  const sweeperStore = contextOf();
  const sweeper = createSweeperHandler(sweeperStore, silent, {}, undefined, () =>
    // Its own signer, as a Lambda of its own would have (the API's is cached per process).
    kmsCheckpointSigner(KEY_IDS.checkpoint),
  );
  const workQueues = async () => {
    await deliver(intakeQueue.name, (e) => as("router", () => router(e)));
    for (const q of allQueues.filter((q) => q.consumer === "dispatch")) {
      await deliver(q.name, (e) => as("dispatch", () => dispatch(e)));
    }
  };

  expectOk(await call("GET", "/v1/health"), "health");
  expectOk(await call("GET", "/v1/agencies", "teacher.li"), "agencies");
  // A child born in 1995 and an incident in 2003: the clock's year.
  const example = exampleReport(uniqueIdNumber("19950302"));
  const report = {
    ...example,
    children: example.children.map((child) => ({ ...child, birthDate: "1995-03-02" })),
    incident: { ...example.incident, occurredAt: "2003-06-01T08:00:00Z" },
  };
  const filed = await call("POST", "/v1/reports", "teacher.li", report);
  expectOk(filed, "file");
  const { reportId, referenceNo } = filed.body as { reportId: string; referenceNo: string };
  await workQueues();
  // The filer is not told the case; a supervisor finds it by the reference number.
  const found = await call("GET", `/v1/cases/by-reference/${referenceNo}`, "supervisor.wang");
  expectOk(found, "case by reference");
  const { caseId } = found.body as { caseId: string };
  expectOk(await call("GET", `/v1/reports/${reportId}`, "teacher.li"), "report status");
  expectOk(await call("GET", "/v1/reports?mine=true&limit=10", "teacher.li"), "my reports");
  const inbox = await call("GET", "/v1/tickets?status=pending&limit=100", "officer.police");
  expectOk(inbox, "inbox");
  const ticket = (inbox.body.items as { ticketId: string; caseId: string }[]).find(
    (t) => t.caseId === caseId,
  );
  expect(ticket, "the police ticket").toBeDefined();
  const ticketId = ticket?.ticketId as string;
  expectOk(await call("GET", `/v1/tickets/${ticketId}`, "officer.police"), "ticket");
  expectOk(
    await call("POST", `/v1/tickets/${ticketId}/accept`, "officer.police", { note: "已接警" }),
    "accept",
  );
  expectOk(
    await call("POST", `/v1/tickets/${ticketId}/actions`, "officer.police", {
      type: "dispatched",
      note: "已出警",
    }),
    "action",
  );
  expectOk(
    await callAs(
      "api",
      "GET",
      `/v1/cases/${caseId}`,
      "officer.police",
      undefined,
      otherApiContainer,
    ),
    "case, in another container of the API",
  );
  expectOk(await call("GET", `/v1/cases/${caseId}/audit?limit=100`, "officer.police"), "audit");
  expectOk(await call("GET", `/v1/cases/${caseId}/audit/verify`, "supervisor.wang"), "verify");
  expectOk(
    await call("POST", `/v1/cases/${caseId}/unmask`, "supervisor.wang", {
      reason: "核查处置情况，需要查看完整信息",
    }),
    "unmask",
  );
  expectOk(await call("GET", "/v1/notifications?limit=10", "officer.police"), "notifications");
  expectOk(await call("GET", "/v1/routing-rules", "admin"), "routing rules");
  expectOk(await call("GET", "/v1/sla-policy", "supervisor.wang"), "SLA policy");
  // The same clocks again, as a new version: a write with nothing changed for other tests.
  const { version: _version, ...slaPolicy } = DEFAULT_SLA_POLICY;
  expectOk(
    await call("PUT", "/v1/sla-policy", "admin", { ...slaPolicy, note: "默认办理时限" }),
    "SLA policy change",
  );
  // The report's care section reads the townships' roll-ups in one batch once the city knows a
  // township; other tests may or may not have registered one first, so this test registers one
  // itself (outside any function, so the write is not counted) and the calls do not depend on order.
  const seed = contextOf();
  await seed.clients.ddb.send(
    new UpdateCommand({
      TableName: seed.config.mainTableName,
      Key: careKeys.areasCity(),
      UpdateExpression: "ADD #names :township",
      ExpressionAttributeNames: { "#names": "names" },
      ExpressionAttributeValues: { ":township": new Set(["尼西乡"]) },
    }),
  );
  // GET /v1/reports/progress is served by the progress function (infra/constructs/api.ts).
  expectOk(
    await callAs("progress", "GET", "/v1/reports/progress?period=2003H1", "supervisor.wang"),
    "progress report",
  );
  // A refusal there is written to the security log, by the progress function's role.
  const refused = await callAs(
    "progress",
    "GET",
    "/v1/reports/progress?period=2003H1",
    "officer.police",
  );
  expect(refused.status).toBe(403);

  expectOk(await call("GET", "/v1/metrics/overdue", "supervisor.wang"), "overdue");
  // Tickets of the other agencies run late: the sweep a week later escalates them.
  clock.advance(7 * DAY);
  await as("sweeper", () => sweeper({ source: "scheduler" }));
  await workQueues();
  expectOk(await call("GET", `/v1/cases/${caseId}/audit/export`, "supervisor.wang"), "export");
  expectOk(
    await call("POST", `/v1/tickets/${ticketId}/close`, "officer.police", {
      outcome: "criminal_case_filed",
      summary: "已立案侦查",
    }),
    "close",
  );
  await workQueues();
}

describe("AWS calls per function", () => {
  it("every function's calls are the recorded ones (tests/infra/aws-calls.json)", () => {
    expect(Object.keys(recorded).sort()).toEqual([
      "api",
      "dispatch",
      "progress",
      "router",
      "sweeper",
    ]);
    if (process.env.UPDATE_AWS_CALLS) {
      writeFileSync(RECORD_FILE, `${JSON.stringify(recorded, null, 2)}\n`);
    }
    const kept = JSON.parse(readFileSync(RECORD_FILE, "utf8")) as CallRecord;
    // A difference means the code's calls changed: refresh the file with UPDATE_AWS_CALLS=1, and
    // the infra test then says whether the functions' roles allow the new calls.
    expect(recorded).toEqual(kept);
  });
});
