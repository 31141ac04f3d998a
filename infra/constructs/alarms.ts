import { SECURITY_METRIC_NAMES } from "@cp/functions/commons/security-metrics";
import { SECURITY_EVENT_KINDS } from "@cp/store/audit/security-log";
import { Duration, Stack } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import type { DataKey } from "./encryption.ts";

/** The custom metric the sweeper emits (Powertools EMF, default `service` dimension). */
const OVERDUE_METRIC = { name: "TicketsOverdue", service: "sweeper" } as const;

export interface AlarmsProps {
  readonly stage: string;
  readonly key: DataKey;
  /** Namespace of the functions' EMF metrics (POWERTOOLS_METRICS_NAMESPACE). */
  readonly metricsNamespace: string;
  readonly deadLetterQueues: ReadonlyArray<{ readonly name: string; readonly queue: IQueue }>;
  readonly workQueues: ReadonlyArray<{ readonly name: string; readonly queue: IQueue }>;
  readonly tables: ReadonlyArray<{ readonly name: string; readonly table: ITableV2 }>;
  readonly functions: ReadonlyArray<{ readonly name: string; readonly function: IFunction }>;
  readonly httpApi: HttpApi;
  readonly email?: string;
}

/** Work older than this in a work queue means its consumer is stuck (routing takes seconds). */
const OLDEST_MESSAGE_ALARM_SECONDS = 15 * 60;
/** API latency (p99, ms) above which users wait noticeably. */
const API_P99_ALARM_MS = 3000;
/**
 * The API's error-rate alarms count only minutes with at least this many requests, so one failed
 * probe at night does not page anyone; and they need 3 bad minutes out of 5.
 */
const API_RATE_MIN_REQUESTS = 10;

/**
 * What wakes someone up. Any message in a dead-letter queue is a report, ticket or escalation that
 * did not get through; any function error and any overdue ticket need a person. Slow work (oldest
 * message age), throttling (Lambda, DynamoDB) and the API's error rates and latency say the
 * platform is degrading before reports are lost. Every alarm publishes to one encrypted SNS topic
 * and sits on one dashboard.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
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
    for (const { name, queue } of props.workQueues) {
      this.alarm(
        `age-${name}`,
        `The oldest message in ${name} waits over ${OLDEST_MESSAGE_ALARM_SECONDS / 60} minutes: its consumer is stuck or throttled`,
        queue.metricApproximateAgeOfOldestMessage({ period: minute, statistic: "Maximum" }),
        OLDEST_MESSAGE_ALARM_SECONDS,
        { evaluationPeriods: 5, datapointsToAlarm: 3 },
      );
    }
    for (const { name, function: fn } of props.functions) {
      this.alarm(
        `throttles-${name}`,
        `The ${name} function is throttled (reserved concurrency or the account quota)`,
        fn.metricThrottles({ period: fiveMinutes, statistic: "Sum" }),
        0,
        { evaluationPeriods: 3, datapointsToAlarm: 2 },
      );
    }
    for (const { name, table } of props.tables) {
      this.alarm(
        `ddb-throttles-${name}`,
        `DynamoDB throttles requests to the ${name} table`,
        new MathExpression({
          label: `${name} throttle events`,
          expression: "FILL(r, 0) + FILL(w, 0)",
          usingMetrics: {
            r: table.metric("ReadThrottleEvents", { period: fiveMinutes, statistic: "Sum" }),
            w: table.metric("WriteThrottleEvents", { period: fiveMinutes, statistic: "Sum" }),
          },
          period: fiveMinutes,
        }),
        0,
        { evaluationPeriods: 3, datapointsToAlarm: 2 },
      );
    }
    const requests = props.httpApi.metricCount({ period: minute, statistic: "Sum" });
    const rate = (label: string, errors: IMetric) =>
      new MathExpression({
        label,
        // Percent of requests, counted only in minutes with enough requests to mean something.
        expression: `IF(FILL(n, 0) >= ${API_RATE_MIN_REQUESTS}, 100 * FILL(e, 0) / n, 0)`,
        usingMetrics: { n: requests, e: errors },
        period: minute,
      });
    this.alarm(
      "api-5xx-rate",
      `Over 5% of API requests answered 5xx in 3 of 5 minutes (minutes with ${API_RATE_MIN_REQUESTS}+ requests): the API is down for its users`,
      rate("5xx %", props.httpApi.metricServerError({ period: minute, statistic: "Sum" })),
      5,
      { evaluationPeriods: 5, datapointsToAlarm: 3 },
    );
    this.alarm(
      "api-4xx-rate",
      `Over 25% of API requests answered 4xx in 3 of 5 minutes: a broken client, expired sign-ins or probing`,
      rate("4xx %", props.httpApi.metricClientError({ period: minute, statistic: "Sum" })),
      25,
      { evaluationPeriods: 5, datapointsToAlarm: 3 },
    );
    this.alarm(
      "api-latency-p99",
      `API p99 latency over ${API_P99_ALARM_MS} ms in 3 of 5 minutes`,
      props.httpApi.metricLatency({ period: minute, statistic: "p99" }),
      API_P99_ALARM_MS,
      { evaluationPeriods: 5, datapointsToAlarm: 3 },
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
    // One caller refused again and again (functions/api/security-log.ts: a burst is counted once
    // per caller and window); the caller's id is in the API's warning log line, not a dimension.
    const bursts = Object.fromEntries(
      SECURITY_EVENT_KINDS.map((kind, i) => [
        `b${i}`,
        new Metric({
          namespace: props.metricsNamespace,
          metricName: SECURITY_METRIC_NAMES.bursts,
          dimensionsMap: { service: "api", kind },
          period: fiveMinutes,
          statistic: "Sum",
        }),
      ]),
    );
    this.whenAboveZero(
      "security-refusal-bursts",
      "A caller was refused again and again (401/403/404/429 bursts): a stolen or expired token, a script, or probing; the caller is in the API's warning log",
      new MathExpression({
        label: "refusal bursts",
        expression: Object.keys(bursts)
          .map((id) => `FILL(${id}, 0)`)
          .join(" + "),
        usingMetrics: bursts,
        period: fiveMinutes,
      }),
    );
    this.dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: stageName(props.stage, "cp-operations"),
    });
    for (let i = 0; i < this.alarms.length; i += 4) {
      this.dashboard.addWidgets(
        ...this.alarms.slice(i, i + 4).map((alarm) => new AlarmWidget({ alarm, width: 6 })),
      );
    }
  }

  private whenAboveZero(name: string, description: string, metric: IMetric): void {
    this.alarm(name, description, metric, 0);
  }

  private alarm(
    name: string,
    description: string,
    metric: IMetric,
    threshold: number,
    periods: { evaluationPeriods: number; datapointsToAlarm: number } = {
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
  ): void {
    const alarm = new Alarm(this, name, {
      alarmName: stageName(this.stage, `cp-${name}`),
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...periods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
