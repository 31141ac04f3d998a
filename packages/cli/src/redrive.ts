/**
 * `npm run redrive -- QUEUE [--max N] [--dry-run]`: moves the messages of a work queue's
 * dead-letter queue back to the queue, for regions where SQS offers no DLQ redrive (the AWS China
 * regions) and for the local stack. Each message keeps its body, attributes, message group id
 * (its case, so order within a case holds) and deduplication id.
 *
 * Send first, delete after: a crash between the two leaves the message in both queues, and the
 * kept deduplication id makes SQS drop the second copy for five minutes; after that the
 * consumers' idempotency does. Nothing is lost either way.
 */
import { parseArgs } from "node:util";
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { allQueues, type QueueDefinition } from "@cp/store/definitions";
import { runCli, UsageError } from "./cli.ts";
import { useEnvironmentOf } from "./store-target.ts";

export const HELP = `usage: npm run redrive -- QUEUE [--max N] [--dry-run] [--local-stack STATE_FILE]

Moves the messages of QUEUE's dead-letter queue back to QUEUE, oldest first, keeping each
message's group id (its case) and deduplication id. For regions without SQS DLQ redrive.
  QUEUE          a work queue: ${allQueues.map((q) => q.name.replace(/\.fifo$/, "")).join(", ")}
  --max N        move at most N messages (default: all)
  --dry-run      only count the messages waiting in the dead-letter queue
  --local-stack  the state file of a running local stack (default: the one \`npm start\` writes)
A deployed stage is reached as its functions reach it: QUEUE_URL_PREFIX (the stack's
https://sqs.<region>.amazonaws.com.cn/<account>/<stage>-), AWS_REGION and the usual credentials.
Exit status: 0 done, 1 a message could not be moved, 2 wrong usage.

example: npm run redrive -- cp-intake`;

/** The work queue a name means (`cp-intake`, `cp-intake.fifo` or its `-dlq` name). */
function queueNamed(name: string): QueueDefinition {
  const base = name.replace(/\.fifo$/, "").replace(/-dlq$/, "");
  const found = allQueues.find((q) => q.name === `${base}.fifo`);
  if (!found) {
    throw new UsageError(
      `no work queue "${name}"; one of ${allQueues.map((q) => q.name.replace(/\.fifo$/, "")).join(", ")}`,
    );
  }
  return found;
}

function sqsClientOf(env: NodeJS.ProcessEnv): SQSClient {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = env;
  return new SQSClient({
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
    ...(env.AWS_ENDPOINT_URL_SQS ? { endpoint: env.AWS_ENDPOINT_URL_SQS } : {}),
    ...(AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: AWS_ACCESS_KEY_ID,
            secretAccessKey: AWS_SECRET_ACCESS_KEY,
            ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  });
}

interface RedriveResult {
  readonly moved: number;
  readonly from: string;
  readonly to: string;
}

/** Moves up to `max` messages from `from` to `to` (queue URLs), in the order SQS gives them. */
async function redrive(
  sqs: SQSClient,
  from: string,
  to: string,
  max = Number.POSITIVE_INFINITY,
): Promise<RedriveResult> {
  let moved = 0;
  while (moved < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: from,
        MaxNumberOfMessages: Math.min(10, max - moved),
        MessageSystemAttributeNames: ["All"],
        // The older name of the same parameter, which the local SQS emulator reads.
        AttributeNames: ["All"],
        MessageAttributeNames: ["All"],
        // Long enough to send and delete a batch; a message not moved returns to the DLQ after it.
        VisibilityTimeout: 60,
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      await sqs.send(new SendMessageCommand(copyOf(message, to)));
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: from, ReceiptHandle: message.ReceiptHandle }),
      );
      moved += 1;
    }
  }
  return { moved, from, to };
}

function copyOf(message: Message, queueUrl: string) {
  const group = message.Attributes?.MessageGroupId;
  const dedup = message.Attributes?.MessageDeduplicationId;
  if (!group) throw new Error(`message ${message.MessageId} has no group id: not a FIFO message`);
  const attributes = Object.entries(message.MessageAttributes ?? {});
  return {
    QueueUrl: queueUrl,
    MessageBody: message.Body ?? "",
    MessageGroupId: group,
    ...(dedup ? { MessageDeduplicationId: dedup } : {}),
    ...(attributes.length > 0
      ? {
          MessageAttributes: Object.fromEntries(
            attributes.map(([name, value]) => [
              name,
              {
                DataType: value.DataType,
                ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
                ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue } : {}),
              },
            ]),
          ),
        }
      : {}),
  };
}

export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      max: { type: "string" },
      "dry-run": { type: "boolean" },
      "local-stack": { type: "string" },
    },
    allowPositionals: true,
  });
  const name = positionals[0];
  if (!name) throw new UsageError("the QUEUE is missing");
  const queue = queueNamed(name);
  if (values.max !== undefined && !/^[1-9]\d*$/.test(values.max)) {
    throw new UsageError(`--max ${values.max} is not a positive whole number`);
  }
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const where = useEnvironmentOf(values["local-stack"], env, "QUEUE_URL_PREFIX");
  const prefix = env.QUEUE_URL_PREFIX ?? "";
  const sqs = sqsClientOf(env);
  const from = prefix + queue.deadLetterName;
  const to = prefix + queue.name;
  if (values["dry-run"]) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: from,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    console.log(
      `${queue.deadLetterName} (${where}): ${Attributes.ApproximateNumberOfMessages ?? "?"} waiting, ${Attributes.ApproximateNumberOfMessagesNotVisible ?? "?"} in flight; nothing moved`,
    );
    return 0;
  }
  const result = await redrive(sqs, from, to, values.max ? Number(values.max) : undefined);
  console.log(
    `moved ${result.moved} message(s) from ${queue.deadLetterName} to ${queue.name} (${where})`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli("redrive", HELP, (argv) => main(argv));
}
