import { allQueues, type QueueDefinition } from "@cp/store/definitions";
import { Duration, Stack } from "aws-cdk-lib";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import {
  DeduplicationScope,
  FifoThroughputLimit,
  Queue,
  QueueEncryption,
} from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import type { DataKey } from "./encryption.ts";

/** A work queue with its dead-letter queue and the definition both were built from. */
export interface WorkQueue {
  readonly definition: QueueDefinition;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/**
 * The SQS FIFO queues of `allQueues` (intake, one per agency, supervisors), each with a FIFO
 * dead-letter queue, the customer-managed key, TLS-only access and the definition's redrive and
 * visibility settings. Per-message-group throughput: one case's messages stay ordered while
 * different cases flow in parallel.
 */
export class Messaging extends Construct {
  readonly queues: readonly WorkQueue[];
  /** What the functions prepend to a definition's name to get its queue URL. */
  readonly queueUrlPrefix: string;
  private readonly key: DataKey;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly stage: string; readonly key: DataKey },
  ) {
    super(scope, id);
    this.key = props.key;
    const stack = Stack.of(this);
    this.queueUrlPrefix = `https://sqs.${stack.region}.${stack.urlSuffix}/${stack.account}/${props.stage}-`;
    this.queues = allQueues.map((definition) => this.workQueue(props.stage, definition));
  }

  /** The queue built from `definition` (compared by name). */
  get(definition: QueueDefinition): WorkQueue {
    const found = this.queues.find((item) => item.definition.name === definition.name);
    if (!found) throw new Error(`no queue for definition ${definition.name}`);
    return found;
  }

  /** Queues consumed by `consumer`. */
  consumedBy(consumer: QueueDefinition["consumer"]): WorkQueue[] {
    return this.queues.filter((item) => item.definition.consumer === consumer);
  }

  /** SendMessage on the given queues only, and the key use SSE-KMS needs to encrypt a message. */
  grantSend(grantee: IGrantable, ...definitions: QueueDefinition[]): void {
    for (const definition of definitions)
      this.get(definition).queue.grant(grantee, "sqs:SendMessage");
    this.key.grantUse(grantee);
  }

  private workQueue(stage: string, definition: QueueDefinition): WorkQueue {
    const id = definition.name.replace(/\.fifo$/, "");
    const common = {
      fifo: true,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key.key,
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
    } as const;
    const deadLetterQueue = new Queue(this, `${id}-dlq`, {
      ...common,
      queueName: stageName(stage, definition.deadLetterName),
      retentionPeriod: Duration.days(14),
    });
    const queue = new Queue(this, id, {
      ...common,
      queueName: stageName(stage, definition.name),
      // Producers set MessageDeduplicationId; content-based dedup covers any that do not.
      contentBasedDeduplication: true,
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      // SQS's maximum: a week-long national holiday with a stuck consumer loses no report's work.
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });
    return { definition, queue, deadLetterQueue };
  }
}
