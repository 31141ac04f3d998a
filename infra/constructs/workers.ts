import { AGENCY_CODES } from "@cp/domain/agencies";
import { agencyQueue, allQueues } from "@cp/store/definitions";
import { Duration } from "aws-cdk-lib";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Construct } from "constructs";
import type { FunctionName } from "../bundling.ts";
import { AppFunction } from "./app-function.ts";
import type { Data } from "./data.ts";
import type { DataKey } from "./encryption.ts";
import type { Messaging } from "./messaging.ts";

/**
 * SQS consumers time out at 30 s; every queue's visibility timeout (180 s, from the queue
 * definitions) is at least six times that, so a message is never redelivered while the first
 * delivery is still being processed.
 */
const CONSUMER_TIMEOUT = Duration.seconds(30);

export interface WorkersProps {
  readonly stage: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly key: DataKey;
  readonly data: Data;
  readonly messaging: Messaging;
  readonly reservedConcurrency?: { readonly router: number; readonly dispatch: number };
}

/**
 * The queue consumers: `router` reads intake and writes tickets, `dispatch` reads every agency
 * queue and the supervisors' queue. Each event source reports partial batch failures, so one bad
 * message is retried (and eventually dead-lettered) without redelivering its whole batch.
 */
export class Workers extends Construct {
  readonly router: AppFunction;
  readonly dispatch: AppFunction;

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    const { data, messaging } = props;

    this.router = this.consumer(
      "Router",
      "router",
      "Routes new reports into agency tickets",
      props,
    );
    // DeleteItem: a routing change seals the case's pending events onto its chain and removes them.
    data.grant(this.router.role, "main", [
      "GetItem",
      "Query",
      "PutItem",
      "UpdateItem",
      "DeleteItem",
    ]);
    data.grant(this.router.role, "audit", ["PutItem"]);
    // Routing hands tickets to agencies; escalations to supervisors are the sweeper's.
    messaging.grantSend(this.router.role, ...AGENCY_CODES.map(agencyQueue));
    props.key.grantPersonalData(this.router.role);

    this.dispatch = this.consumer(
      "Dispatch",
      "dispatch",
      "Delivers tickets and escalations",
      props,
    );
    // Deliveries and the notification ledger only: dispatch never reads or writes the audit trail
    // and never opens personal data (notices carry none), so it gets neither.
    // GetItem: a redelivered notice reads the ledger entry its first delivery wrote.
    data.grant(this.dispatch.role, "main", ["GetItem", "PutItem", "UpdateItem"]);

    for (const definition of allQueues) {
      const target = definition.consumer === "router" ? this.router : this.dispatch;
      const { queue } = messaging.get(definition);
      target.function.addEventSource(
        new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }),
      );
    }
  }

  private consumer(id: string, name: FunctionName, description: string, props: WorkersProps) {
    return new AppFunction(this, id, {
      stage: props.stage,
      name,
      description,
      memorySize: 512,
      timeout: CONSUMER_TIMEOUT,
      environment: props.environment,
      key: props.key,
      reservedConcurrency: props.reservedConcurrency?.[name as "router" | "dispatch"],
      noDeadLetterQueueBecause:
        "It consumes an SQS queue through an event source mapping (a synchronous poll): a message that keeps failing moves to that queue's own dead-letter queue, which an alarm watches.",
    });
  }
}
