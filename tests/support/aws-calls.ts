/**
 * Records every AWS action a function's code performs, per function, as IAM names it
 * (`dynamodb:PutItem main`, `sqs:SendMessage intake.fifo`, `kms:Sign checkpoint`).
 *
 * A middleware on every SDK client (the store's clients and those the code creates for itself,
 * such as the checkpoint signer's KMS client) reads which function is running from an
 * AsyncLocalStorage the caller sets with `as(fn, work)`. It is added when a client sends its first
 * command, so clients need no change. Services without a local emulator (KMS) are answered by
 * the middleware itself, after recording, with what the real service would return: KMS, Secrets
 * Manager (the secrets given to `startRecording`) and SNS.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { localDataKeys } from "@cp/store/crypto/local-keys";
import { auditTable, mainTable } from "@cp/store/definitions";
import { Client } from "@smithy/core/client";

/** Key ids the recorded functions are configured with, and their names in the record. */
export const KEY_IDS = {
  data: "arn:aws:kms:us-east-1:123456789012:key/personal-data",
  checkpoint: "arn:aws:kms:us-east-1:123456789012:key/audit-checkpoint",
} as const;

/** The notification secret's id as the recorded dispatch is configured (NOTIFY_SECRET_ID). */
export const NOTIFY_SECRET_ID =
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:cp-notify-Ab12Cd";

/** A topic's ARN; the record names it by its name (`cp-notify-police`), as the stack does less its stage. */
export const topicArn = (name: string) => `arn:aws:sns:us-east-1:123456789012:${name}`;

export type CallRecord = Record<string, string[]>;

interface Recorder {
  readonly calls: Map<string, Set<string>>;
  readonly queuePrefix: string;
  readonly kms: (command: string, input: Record<string, unknown>) => Promise<unknown>;
  readonly secrets: Readonly<Record<string, string>>;
}

/** A secret's name in the record: its ARN's name less the six random characters. */
function secretName(id: unknown): string {
  const match = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(String(id));
  if (!match) throw new Error(`a call to an unknown secret ${String(id)}`);
  return match[1] as string;
}

/** Answers of the services without an emulator here, after recording. */
function answer(
  current: Recorder,
  service: string,
  command: string,
  input: Record<string, unknown>,
): Promise<unknown> | undefined {
  if (service === "KMS") return current.kms(command, input);
  if (service === "SecretsManager" && command === "GetSecretValue") {
    const value = current.secrets[String(input.SecretId)];
    if (value === undefined) throw new Error(`no local value for ${String(input.SecretId)}`);
    return Promise.resolve({
      ARN: input.SecretId,
      Name: secretName(input.SecretId),
      SecretString: value,
      VersionId: "local",
    });
  }
  if (service === "SNS" && command === "Publish") {
    return Promise.resolve({
      MessageId: createHash("sha256").update(String(input.Message)).digest("hex"),
    });
  }
  return undefined;
}

const running = new AsyncLocalStorage<string>();
let recorder: Recorder | undefined;
const instrumented = new WeakSet<object>();

/** Run `work` as function `fn`: every AWS call inside it is recorded under that name. */
export function as<T>(fn: string, work: () => Promise<T>): Promise<T> {
  return running.run(fn, work);
}

const TABLES: Record<string, string> = { [mainTable.name]: "main", [auditTable.name]: "audit" };

function table(name: unknown, index?: unknown): string {
  const known = TABLES[String(name)];
  if (!known) throw new Error(`a call to an unknown table ${String(name)}`);
  return index ? `${known}/index/${String(index)}` : known;
}

/** Document-client command names → the DynamoDB API (and IAM) name. */
const DOCUMENT_NAMES: Record<string, string> = {
  Get: "GetItem",
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  BatchGet: "BatchGetItem",
  BatchWrite: "BatchWriteItem",
  TransactGet: "TransactGetItems",
  TransactWrite: "TransactWriteItems",
};

/** The IAM actions (with their resource) one DynamoDB command needs. */
function dynamoActions(command: string, input: Record<string, unknown>): string[] {
  const name = DOCUMENT_NAMES[command] ?? command;
  if (name === "TransactWriteItems" || name === "TransactGetItems") {
    // No IAM action of its own: each item is authorised as the operation it performs.
    const items = (input.TransactItems ?? []) as Record<string, { TableName?: string }>[];
    return items.flatMap((item) =>
      Object.entries(item).map(([op, body]) => {
        const action =
          op === "ConditionCheck" ? "ConditionCheckItem" : op === "Get" ? "GetItem" : `${op}Item`;
        return `dynamodb:${action} ${table(body.TableName)}`;
      }),
    );
  }
  if (name === "BatchGetItem" || name === "BatchWriteItem") {
    return Object.keys((input.RequestItems ?? {}) as object).map(
      (t) => `dynamodb:${name} ${table(t)}`,
    );
  }
  return [`dynamodb:${name} ${table(input.TableName, input.IndexName)}`];
}

function actionsOf(
  service: string,
  command: string,
  input: Record<string, unknown>,
  queuePrefix: string,
): string[] {
  switch (service) {
    case "DynamoDB":
      return dynamoActions(command, input);
    case "SQS": {
      const url = String(input.QueueUrl ?? "");
      if (!url.startsWith(queuePrefix)) throw new Error(`a call to an unknown queue ${url}`);
      return [`sqs:${command} ${url.slice(queuePrefix.length)}`];
    }
    case "KMS": {
      const key = Object.entries(KEY_IDS).find(([, id]) => id === input.KeyId)?.[0];
      // Decrypt may omit the key id for symmetric keys; ours always names it.
      if (!key) throw new Error(`a KMS call with an unknown key ${String(input.KeyId)}`);
      return [`kms:${command} ${key}`];
    }
    case "SecretsManager":
      return [`secretsmanager:${command} ${secretName(input.SecretId)}`];
    case "SNS":
      return [`sns:${command} ${String(input.TopicArn).split(":").at(-1)}`];
    default:
      return [`${service.toLowerCase()}:${command}`];
  }
}

function record(fn: string, actions: string[]): void {
  if (!recorder) return;
  const set = recorder.calls.get(fn) ?? new Set<string>();
  for (const action of actions) set.add(action);
  recorder.calls.set(fn, set);
}

/** KMS answers: data keys wrapped with the local master key, ECDSA P-256 signatures. */
function localKms(masterKeyHex: string) {
  const dataKeys = localDataKeys(Buffer.from(masterKeyHex, "hex"));
  const signing = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return async (command: string, input: Record<string, unknown>): Promise<unknown> => {
    switch (command) {
      case "GenerateDataKey": {
        const key = await dataKeys.generateDataKey();
        return { KeyId: input.KeyId, Plaintext: key.plaintext, CiphertextBlob: key.wrapped };
      }
      case "Decrypt":
        return {
          KeyId: input.KeyId,
          Plaintext: await dataKeys.unwrapDataKey(input.CiphertextBlob as Uint8Array),
        };
      case "GetPublicKey":
        return {
          KeyId: input.KeyId,
          PublicKey: signing.publicKey.export({ format: "der", type: "spki" }),
        };
      case "Sign": {
        const message = Buffer.from(input.Message as Uint8Array);
        const data =
          input.MessageType === "DIGEST" ? message : createHash("sha256").update(message).digest();
        // KMS signs the digest and returns a DER signature, as here.
        return {
          KeyId: input.KeyId,
          Signature: sign(null, data, { key: signing.privateKey, dsaEncoding: "der" }),
          SigningAlgorithm: input.SigningAlgorithm,
        };
      }
      default:
        throw new Error(`the local KMS does not answer ${command}`);
    }
  };
}

type Send = (this: Client<never, never, never, never>, ...args: unknown[]) => unknown;

/**
 * Start recording: from now on every SDK client, on its first send, gets the recording
 * middleware. Returns `stop`, which restores `send` and returns what was recorded, sorted.
 */
export function startRecording(options: {
  queuePrefix: string;
  masterKeyHex: string;
  /** Secret values by id, for Secrets Manager's answers. */
  secrets?: Readonly<Record<string, string>>;
}): {
  stop(): CallRecord;
} {
  if (recorder) throw new Error("already recording");
  recorder = {
    calls: new Map(),
    queuePrefix: options.queuePrefix,
    kms: localKms(options.masterKeyHex),
    secrets: options.secrets ?? {},
  };
  const prototype = Client.prototype as unknown as { send: Send };
  const original = prototype.send;
  prototype.send = function (this: Client<never, never, never, never>, ...args: unknown[]) {
    if (!instrumented.has(this)) {
      instrumented.add(this);
      (this.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
        (next: (args: unknown) => Promise<unknown>, context: Record<string, unknown>) =>
          async (args: { input: Record<string, unknown> }) => {
            const fn = running.getStore();
            const current = recorder;
            if (!fn || !current) return next(args);
            const service = String(context.clientName ?? "").replace(/Client$/, "");
            const service2 = service === "DynamoDBDocument" ? "DynamoDB" : service;
            const command = String(context.commandName ?? "").replace(/Command$/, "");
            record(fn, actionsOf(service2, command, args.input, current.queuePrefix));
            const answered = answer(current, service2, command, args.input);
            if (answered) {
              return { output: { $metadata: {}, ...((await answered) as object) }, response: {} };
            }
            return next(args);
          },
        { step: "initialize", priority: "high", name: "awsCallRecorder" },
      );
    }
    return original.apply(this, args);
  };
  return {
    stop() {
      prototype.send = original;
      const calls = recorder?.calls ?? new Map();
      recorder = undefined;
      return Object.fromEntries(
        [...calls.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([fn, set]) => [fn, [...set].sort()]),
      );
    },
  };
}
