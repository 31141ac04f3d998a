import { intakeQueue, supervisorQueue } from "@cp/store/definitions";
import { Duration, Stack, Validations } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { Schedule, ScheduleExpression, ScheduleTargetInput } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import { AppFunction } from "./app-function.ts";
import type { Data } from "./data.ts";
import type { DataKey } from "./encryption.ts";
import type { Messaging } from "./messaging.ts";

export interface SweeperProps {
  readonly stage: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly data: Data;
  readonly messaging: Messaging;
  readonly key: DataKey;
  readonly reservedConcurrency?: number;
}

/**
 * The sweeper and the EventBridge Scheduler schedule that runs it every minute: overdue tickets
 * are escalated, and reports still "received" after a grace period are re-published to intake
 * (the outbox half of the filing transaction).
 *
 * The schedule does not retry a failed invocation: the next run a minute later does the same
 * work, and a retry would only overlap it. Invocations the scheduler cannot deliver at all land
 * in a dead-letter queue, which is alarmed like the others.
 */
export class Sweeper extends Construct {
  readonly handler: AppFunction;
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SweeperProps) {
    super(scope, id);
    this.handler = new AppFunction(this, "Handler", {
      stage: props.stage,
      name: "sweeper",
      description: "Escalates overdue tickets and re-publishes unrouted reports",
      memorySize: 512,
      timeout: Duration.seconds(50),
      environment: props.environment,
      key: props.key,
      reservedConcurrency: props.reservedConcurrency,
      noDeadLetterQueueBecause:
        "The schedule's invocations that cannot be delivered go to the schedule's own dead-letter queue; a sweep that fails inside the function changes nothing half-way and is repeated in full by the next scheduled sweep minutes later.",
    });
    // DeleteItem: sealing a case's pending events onto its chain removes them (case-transaction.ts).
    props.data.grant(
      this.handler.role,
      "main",
      ["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem"],
      ["gsi3"],
    );
    // BatchGetItem: a head already checkpointed is neither signed nor copied again.
    props.data.grant(this.handler.role, "audit", ["BatchGetItem", "PutItem"]);
    props.messaging.grantSend(this.handler.role, intakeQueue, supervisorQueue);
    props.key.grantPersonalData(this.handler.role);

    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      queueName: stageName(props.stage, "cp-sweeper-schedule-dlq"),
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself a dead-letter queue: the sweeper schedule's DeadLetterConfig target, which the rule does not recognise.",
    });

    const role = new Role(this, "SchedulerRole", {
      // Only schedules of this account may assume it (confused deputy).
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description:
        "Lets the sweeper schedule invoke the sweeper and dead-letter failed invocations",
    });
    // The scheduler writes to an encrypted dead-letter queue: that use of the key, through SQS, only.
    props.key.grantQueueSend(role);

    this.schedule = new Schedule(this, "Schedule", {
      scheduleName: stageName(props.stage, "cp-sweeper"),
      description: "Runs the sweeper every minute",
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(this.handler.function, {
        role,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
        input: ScheduleTargetInput.fromObject({ source: "scheduler" }),
      }),
    });
    // grantInvoke covers the function and its qualified ARNs (versions, aliases): `<arn>:*`.
    const functionId = Stack.of(this).getLogicalId(
      this.handler.function.node.defaultChild as CfnFunction,
    );
    Validations.of(role.node.findChild("DefaultPolicy")).acknowledge({
      id: "NIST.800.53.R5-IAMNoInlinePolicy",
      reason:
        "The scheduler's role holds one grant, to invoke the sweeper function, in its own policy; no managed policy is that narrow.",
    });
    Validations.of(role.node.findChild("DefaultPolicy")).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason:
        "The wildcard only spans the sweeper function's own versions and aliases (<sweeper ARN>:*), added by grantInvoke; the role can invoke no other function.",
    });
  }
}
