import { Duration, Stack } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import type { DataKey } from "./encryption.ts";

/** The custom metric the sweeper emits (Powertools EMF, default `service` dimension). */
export const OVERDUE_METRIC = { name: "TicketsOverdue", service: "sweeper" } as const;

export interface AlarmsProps {
  readonly stage: string;
  readonly key: DataKey;
  /** Namespace of the functions' EMF metrics (POWERTOOLS_METRICS_NAMESPACE). */
  readonly metricsNamespace: string;
  readonly deadLetterQueues: ReadonlyArray<{ readonly name: string; readonly queue: IQueue }>;
  readonly functions: ReadonlyArray<{ readonly name: string; readonly function: IFunction }>;
  readonly httpApi: HttpApi;
  readonly email?: string;
}

/**
 * What wakes someone up. Any message in a dead-letter queue is a report, ticket or escalation that
 * did not get through; any function error, any API 5xx and any overdue ticket need a person.
 * Every alarm publishes to one encrypted SNS topic.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.stage = props.stage;
    this.topic = new Topic(this, "Topic", {
      topicName: stageName(props.stage, "cp-alarms"),
      masterKey: props.key.key,
      enforceSSL: true,
    });
    // CloudWatch publishes to the encrypted topic with this key.
    props.key.key.addToResourcePolicy(
      new PolicyStatement({
        sid: "CloudWatchAlarmsPublishToTopic",
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    );
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));

    const minute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);
    for (const { name, queue } of props.deadLetterQueues) {
      this.whenAboveZero(
        `dlq-${name}`,
        `Messages in ${name}: work that failed repeatedly and needs a person`,
        queue.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: "Maximum" }),
      );
    }
    for (const { name, function: fn } of props.functions) {
      this.whenAboveZero(
        `errors-${name}`,
        `Errors in the ${name} function`,
        fn.metricErrors({ period: fiveMinutes, statistic: "Sum" }),
      );
    }
    this.whenAboveZero(
      "api-5xx",
      "The HTTP API answered 5xx",
      props.httpApi.metricServerError({ period: fiveMinutes, statistic: "Sum" }),
    );
    this.whenAboveZero(
      "tickets-overdue",
      "Open tickets past their accept or close deadline",
      new Metric({
        namespace: props.metricsNamespace,
        metricName: OVERDUE_METRIC.name,
        dimensionsMap: { service: OVERDUE_METRIC.service },
        period: fiveMinutes,
        statistic: "Maximum",
      }),
    );
  }

  private whenAboveZero(name: string, description: string, metric: IMetric): void {
    const alarm = new Alarm(this, name, {
      alarmName: stageName(this.stage, `cp-${name}`),
      alarmDescription: description,
      metric,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
