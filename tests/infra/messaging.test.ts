import { allQueues } from "@cp/store/definitions";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logicalIdByName, mentions, type Synthesized, synthesize } from "./synth.ts";

type Json = Record<string, unknown>;
let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
}, 120_000);
afterAll(() => synth?.cleanup());

const queueId = (name: string) =>
  logicalIdByName(synth.template, "AWS::SQS::Queue", "QueueName", `dev-${name}`);

describe("queues from the store definitions", () => {
  it.each(allQueues.map((q) => [q.name, q] as const))(
    "%s: FIFO, KMS, redrive, visibility",
    (_, queue) => {
      const keyId = Object.keys(synth.template.findResources("AWS::KMS::Key"))[0] as string;
      const dlqId = queueId(queue.deadLetterName);
      synth.template.hasResourceProperties("AWS::SQS::Queue", {
        QueueName: `dev-${queue.name}`,
        FifoQueue: true,
        KmsMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
        VisibilityTimeout: queue.visibilityTimeoutSeconds,
        // Fourteen days (the SQS maximum), on work queues and dead-letter queues alike.
        MessageRetentionPeriod: 14 * 24 * 3600,
        RedrivePolicy: {
          deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] },
          maxReceiveCount: queue.maxReceiveCount,
        },
      });
      synth.template.hasResourceProperties("AWS::SQS::Queue", {
        QueueName: `dev-${queue.deadLetterName}`,
        FifoQueue: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
        KmsMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
      });
    },
  );

  it("every queue, dead-letter queues included, refuses requests without TLS", () => {
    const queues = Object.keys(synth.template.findResources("AWS::SQS::Queue"));
    const policies = Object.values(synth.template.findResources("AWS::SQS::QueuePolicy")) as {
      Properties: Json;
    }[];
    for (const id of queues) {
      const policy = policies.find((p) => mentions(p.Properties.Queues, id));
      expect(policy, id).toBeDefined();
      expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain(
        '"aws:SecureTransport":"false"',
      );
    }
  });
});

describe("event sources", () => {
  const functionOf = (mapping: Json): string =>
    String((mapping.FunctionName as { Ref: string }).Ref);
  const functions = () =>
    synth.template.findResources("AWS::Lambda::Function") as Record<string, { Properties: Json }>;

  it.each(allQueues.map((q) => [q.name, q] as const))(
    "%s feeds its consumer with partial batch failures",
    (_, queue) => {
      const mappings = Object.values(
        synth.template.findResources("AWS::Lambda::EventSourceMapping"),
      ) as {
        Properties: Json;
      }[];
      const mapping = mappings.find((m) =>
        mentions(m.Properties.EventSourceArn, queueId(queue.name)),
      );
      expect(mapping).toBeDefined();
      const properties = mapping?.Properties as Json;
      expect(properties.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
      const consumer = functions()[functionOf(properties)]?.Properties as Json;
      expect(consumer.FunctionName).toBe(`dev-cp-${queue.consumer}`);
      // AWS: visibility timeout at least six times the function timeout.
      expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * Number(consumer.Timeout));
    },
  );

  it("no queue is consumed by a function that times out after its visibility timeout / 6", () => {
    const mappings = Object.values(
      synth.template.findResources("AWS::Lambda::EventSourceMapping"),
    ) as {
      Properties: Json;
    }[];
    const queues = synth.template.findResources("AWS::SQS::Queue") as Record<
      string,
      { Properties: Json }
    >;
    expect(mappings).toHaveLength(allQueues.length);
    for (const { Properties } of mappings) {
      const [queueLogicalId] = Object.keys(queues).filter((id) =>
        mentions(Properties.EventSourceArn, id),
      );
      const visibility = Number(queues[queueLogicalId as string]?.Properties.VisibilityTimeout);
      const timeout = Number(functions()[functionOf(Properties)]?.Properties.Timeout);
      expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    }
  });
});

describe("sweeper schedule", () => {
  it("invokes the sweeper every minute with a dead-letter queue and no retries", () => {
    const sweeper = logicalIdByName(
      synth.template,
      "AWS::Lambda::Function",
      "FunctionName",
      "dev-cp-sweeper",
    );
    const dlq = queueId("cp-sweeper-schedule-dlq");
    synth.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [sweeper, "Arn"] },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [dlq, "Arn"] } },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
      }),
    });
  });
});

describe("alarms", () => {
  const alarms = () =>
    Object.values(synth.template.findResources("AWS::CloudWatch::Alarm")) as { Properties: Json }[];

  it("alarms on any message in each dead-letter queue", () => {
    const dlqs = [...allQueues.map((q) => q.deadLetterName), "cp-sweeper-schedule-dlq"];
    for (const name of dlqs) {
      const id = queueId(name);
      const alarm = alarms().find(
        (a) =>
          a.Properties.MetricName === "ApproximateNumberOfMessagesVisible" &&
          mentions(a.Properties.Dimensions, id),
      );
      expect(alarm, name).toBeDefined();
      expect(alarm?.Properties).toMatchObject({
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
      });
    }
  });

  it("alarms on errors and throttles of every function, the API's rates and latency, overdue tickets, all to the topic", () => {
    for (const name of ["api", "router", "dispatch", "sweeper"]) {
      const id = logicalIdByName(
        synth.template,
        "AWS::Lambda::Function",
        "FunctionName",
        `dev-cp-${name}`,
      );
      expect(
        alarms().some(
          (a) => a.Properties.MetricName === "Errors" && mentions(a.Properties.Dimensions, id),
        ),
        name,
      ).toBe(true);
    }
    for (const name of ["api", "router", "dispatch", "sweeper"]) {
      const id = logicalIdByName(
        synth.template,
        "AWS::Lambda::Function",
        "FunctionName",
        `dev-cp-${name}`,
      );
      expect(
        alarms().some(
          (a) => a.Properties.MetricName === "Throttles" && mentions(a.Properties.Dimensions, id),
        ),
        `throttles of ${name}`,
      ).toBe(true);
    }
    const byName = (name: string) =>
      alarms().find((a) => a.Properties.AlarmName === `dev-cp-${name}`)?.Properties;
    // Error rates count only busy minutes and need 3 bad minutes of 5: one failed probe pages nobody.
    for (const [name, metric, threshold] of [
      ["api-5xx-rate", "5xx", 5],
      ["api-4xx-rate", "4xx", 25],
    ] as const) {
      const alarm = byName(name);
      expect(alarm, name).toMatchObject({
        Threshold: threshold,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
      });
      expect(JSON.stringify(alarm?.Metrics)).toContain(`"MetricName":"${metric}"`);
      expect(JSON.stringify(alarm?.Metrics)).toMatch(/IF\(FILL\(n, 0\) >= 10/);
    }
    expect(byName("api-latency-p99")).toMatchObject({ ExtendedStatistic: "p99", Threshold: 3000 });
    for (const table of ["main", "audit"]) {
      expect(JSON.stringify(byName(`ddb-throttles-${table}`)?.Metrics)).toContain(
        "WriteThrottleEvents",
      );
    }
    for (const queue of allQueues) {
      const alarm = byName(`age-${queue.name.replace(/\.fifo$/, "")}`);
      expect(alarm, queue.name).toMatchObject({
        MetricName: "ApproximateAgeOfOldestMessage",
        Threshold: 900,
      });
    }
    synth.template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "ChildProtection/dev",
      MetricName: "TicketsOverdue",
      Dimensions: [{ Name: "service", Value: "sweeper" }],
      Threshold: 0,
    });
    // The alarm topic (the others are the notification topics per audience).
    const topic = Object.keys(synth.template.findResources("AWS::SNS::Topic")).find((id) =>
      id.startsWith("AlarmsTopic"),
    ) as string;
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
  });

  it("the alarm topic is encrypted and TLS-only", () => {
    synth.template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    synth.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      }),
    });
  });
});
