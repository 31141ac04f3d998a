/**
 * What a deployment costs per month when nobody uses it: read from the synthesized CloudFormation
 * template (no AWS call, no CDK import) and priced with a dated table (prices.ts).
 *
 * Idle means no report, no sign-in, no page view. What still runs: the scheduled sweep every
 * minute (scheduler, Lambda, its log lines and metrics, its table reads), Lambda's pollers on every
 * queue (empty long-polls are billed requests), and everything billed by the month — keys,
 * alarms, dashboards, secrets, stored data, its point-in-time recovery and its backups.
 * Pay-per-use services with no traffic (API Gateway, CloudFront, Cognito, SNS, S3 requests) cost
 * nothing and are listed as such.
 */
import { type Prices, priceTable } from "./prices.ts";

/** The part of a CloudFormation template this module reads. */
export interface TemplateJson {
  readonly Resources?: Readonly<
    Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>
  >;
}

/** What the template cannot say; each default is stated where it is used. */
export interface IdleAssumptions {
  /** Data kept in the tables (GB): a city's first year of reports and child files is small. */
  readonly storedGb: number;
  /** Duration of one idle scheduled run (ms): a sweep that finds nothing to do. */
  readonly idleRunMs: number;
  /** Log bytes one idle run writes (Lambda's START/END/REPORT lines and one EMF metrics line). */
  readonly logBytesPerRun: number;
  /** Custom metrics a scheduled function publishes every run (the sweeper's three, functions/sweeper/index.ts). */
  readonly customMetricsPerSchedule: number;
  /**
   * Lambda's pollers per SQS event source mapping when the queue is empty, each long-polling 20 s
   * (AWS documents five parallel pollers to start with; an idle queue keeps them).
   */
  readonly pollersPerQueue: number;
  /** DynamoDB asks KMS for a table key about every five minutes per table in use. */
  readonly kmsRequestsPerTableHour: number;
}

const DEFAULT_IDLE_ASSUMPTIONS: IdleAssumptions = {
  storedGb: 1,
  idleRunMs: 300,
  logBytesPerRun: 1000,
  customMetricsPerSchedule: 3,
  pollersPerQueue: 5,
  kmsRequestsPerTableHour: 12,
};

interface IdleCostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  /** quantity × unitPrice, in the table's currency. */
  readonly monthly: number;
  /** Set when this line's price is flagged unverified in the table. */
  readonly unverified?: string;
}

export interface IdleCost {
  readonly region: string;
  readonly currency: "USD" | "CNY";
  /** Date of the price table. */
  readonly pricesAsOf: string;
  readonly pricesVerified: boolean;
  /** Monthly total, rounded to cents (fen). */
  readonly total: number;
  readonly lines: readonly IdleCostLine[];
  readonly assumptions: IdleAssumptions;
}

/** Hours in a month as AWS bills them. */
const HOURS_PER_MONTH = 730;
const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
const GB = 1024 ** 3;
/** A long poll of an empty queue lasts this long (seconds). */
const LONG_POLL_SECONDS = 20;

type Resource = { readonly Type: string; readonly Properties?: Record<string, unknown> };

function resourcesOf(template: TemplateJson, type: string): [string, Resource][] {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}

/** The logical id a `Ref` or `Fn::GetAtt` points to. */
function referenced(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { Ref?: unknown; "Fn::GetAtt"?: unknown };
  if (typeof v.Ref === "string") return v.Ref;
  if (Array.isArray(v["Fn::GetAtt"])) return String(v["Fn::GetAtt"][0]);
  return undefined;
}

/** Runs per month of `rate(n unit)`; undefined for a cron or at() expression. */
export function runsPerMonth(expression: string): number | undefined {
  const match = /^rate\((\d+)\s+(minute|hour|day)s?\)$/.exec(expression.trim());
  if (!match) return undefined;
  const every = Number(match[1]);
  const minutes = { minute: 1, hour: 60, day: 1440 }[match[2] as "minute" | "hour" | "day"];
  return MINUTES_PER_MONTH / (every * minutes);
}

/** Metrics an alarm is billed for: one, or each metric a math expression reads. */
function alarmMetrics(alarm: Resource): number {
  const metrics = alarm.Properties?.Metrics as { MetricStat?: unknown }[] | undefined;
  if (!metrics) return 1;
  return Math.max(1, metrics.filter((m) => m.MetricStat !== undefined).length);
}

/** Retained recovery points × (1 + copies) of every rule of every backup plan. */
function backupCopiesKept(template: TemplateJson): number {
  let kept = 0;
  for (const [, plan] of resourcesOf(template, "AWS::Backup::BackupPlan")) {
    const rules = ((plan.Properties?.BackupPlan as { BackupPlanRule?: unknown[] } | undefined)
      ?.BackupPlanRule ?? []) as {
      ScheduleExpression?: string;
      Lifecycle?: { DeleteAfterDays?: number };
      CopyActions?: unknown[];
    }[];
    for (const rule of rules) {
      const days = rule.Lifecycle?.DeleteAfterDays ?? 35;
      // Daily unless the cron names a day of the month or week.
      const cron = rule.ScheduleExpression ?? "cron(0 5 * * ? *)";
      const fields = cron.replace(/^cron\(|\)$/g, "").split(/\s+/);
      const everyDays =
        fields[2] !== "*" && fields[2] !== "?"
          ? 30
          : fields[4] !== "?" && fields[4] !== "*"
            ? 7
            : 1;
      kept += Math.ceil(days / everyDays) * (1 + (rule.CopyActions?.length ?? 0));
    }
  }
  return kept;
}

/**
 * The monthly cost of an idle deployment of `template` in `region` (a region with a price table:
 * infra/cost/prices.ts). Stable signature: the benchmark imports it.
 */
export function idleMonthlyCost(
  template: TemplateJson,
  region: string,
  assumptions: Partial<IdleAssumptions> = {},
): IdleCost {
  const table = priceTable(region);
  const a = { ...DEFAULT_IDLE_ASSUMPTIONS, ...assumptions };
  const lines: IdleCostLine[] = [];
  const add = (item: string, quantity: number, unit: string, price: keyof Prices, per = 1) => {
    const unitPrice = table.prices[price];
    const note = table.unverified[price];
    lines.push({
      item,
      quantity,
      unit,
      unitPrice,
      monthly: (quantity / per) * unitPrice,
      ...(note ? { unverified: note } : {}),
    });
  };
  const count = (type: string) => resourcesOf(template, type).length;
  const resources = template.Resources ?? {};

  add("KMS customer-managed keys", count("AWS::KMS::Key"), "key-months", "kmsKeyMonth");
  const alarmMetricCount = resourcesOf(template, "AWS::CloudWatch::Alarm").reduce(
    (sum, [, alarm]) => sum + alarmMetrics(alarm),
    0,
  );
  add("CloudWatch alarms", alarmMetricCount, "alarm metrics", "alarmMetricMonth");
  add("CloudWatch dashboards", count("AWS::CloudWatch::Dashboard"), "dashboards", "dashboardMonth");
  add(
    "Secrets Manager secrets",
    count("AWS::SecretsManager::Secret"),
    "secret-months",
    "secretMonth",
  );

  // Scheduled runs and what each costs: the scheduler, the Lambda request and compute, the logs.
  let runs = 0;
  let gbSeconds = 0;
  let scheduledFunctions = 0;
  let retainedLogGb = 0;
  for (const [, schedule] of [
    ...resourcesOf(template, "AWS::Scheduler::Schedule"),
    ...resourcesOf(template, "AWS::Events::Rule"),
  ]) {
    const expression = schedule.Properties?.ScheduleExpression;
    if (typeof expression !== "string") continue;
    const perMonth = runsPerMonth(expression);
    if (perMonth === undefined) continue;
    const target = schedule.Properties?.Target as { Arn?: unknown } | undefined;
    const targets = target
      ? [target]
      : ((schedule.Properties?.Targets as { Arn?: unknown }[]) ?? []);
    for (const t of targets) {
      const fn = resources[referenced(t.Arn) ?? ""];
      if (fn?.Type !== "AWS::Lambda::Function") continue;
      runs += perMonth;
      scheduledFunctions++;
      const memoryGb = Number(fn.Properties?.MemorySize ?? 128) / 1024;
      gbSeconds += perMonth * memoryGb * (a.idleRunMs / 1000);
      const logGroup =
        resources[
          referenced((fn.Properties?.LoggingConfig as { LogGroup?: unknown })?.LogGroup) ?? ""
        ];
      const retentionDays = Number(logGroup?.Properties?.RetentionInDays ?? 30);
      // Steady state: the stored volume is the retention period's worth of ingestion.
      retainedLogGb += ((perMonth * a.logBytesPerRun) / GB) * (retentionDays / 30);
    }
  }
  add("EventBridge Scheduler invocations", runs, "invocations", "schedulerMillion", 1e6);
  add("Lambda requests (scheduled runs)", runs, "requests", "lambdaRequestsMillion", 1e6);
  add("Lambda compute (scheduled runs, arm64)", gbSeconds, "GB-seconds", "lambdaArmGbSecond");
  add(
    "CloudWatch Logs ingestion (scheduled runs)",
    (runs * a.logBytesPerRun) / GB,
    "GB",
    "logsIngestGb",
  );
  add(
    "CloudWatch Logs storage (retention's worth)",
    retainedLogGb,
    "GB-months",
    "logsStorageGbMonth",
  );
  add(
    "CloudWatch custom metrics (scheduled runs)",
    scheduledFunctions * a.customMetricsPerSchedule,
    "metrics",
    "customMetricMonth",
  );

  // Lambda long-polls every queue it consumes, billed per empty receive.
  const mappings = resourcesOf(template, "AWS::Lambda::EventSourceMapping").length;
  const receives = mappings * a.pollersPerQueue * (60 / LONG_POLL_SECONDS) * MINUTES_PER_MONTH;
  add("SQS empty receives (Lambda pollers)", receives, "requests", "sqsFifoMillion", 1e6);

  // Data at rest, its point-in-time recovery and its backups.
  const tables = [
    ...resourcesOf(template, "AWS::DynamoDB::GlobalTable"),
    ...resourcesOf(template, "AWS::DynamoDB::Table"),
  ];
  const withPitr = tables.filter(([, t]) =>
    JSON.stringify(t.Properties ?? {}).includes('"PointInTimeRecoveryEnabled":true'),
  ).length;
  add("DynamoDB storage", tables.length > 0 ? a.storedGb : 0, "GB-months", "dynamoStorageGbMonth");
  add(
    "DynamoDB point-in-time recovery",
    tables.length > 0 ? (a.storedGb * withPitr) / tables.length : 0,
    "GB-months",
    "dynamoPitrGbMonth",
  );
  add(
    "AWS Backup copies kept (daily, with the copy vault)",
    a.storedGb * backupCopiesKept(template),
    "GB-months",
    "backupGbMonth",
  );
  add(
    "KMS requests (DynamoDB table keys, scheduled reads)",
    scheduledFunctions > 0 ? tables.length * a.kmsRequestsPerTableHour * HOURS_PER_MONTH : 0,
    "requests",
    "kmsRequests10k",
    1e4,
  );
  add(
    "CloudTrail trail (first copy of management events)",
    count("AWS::CloudTrail::Trail"),
    "trails",
    "trailManagementEvents",
  );

  const total = Math.round(lines.reduce((sum, line) => sum + line.monthly, 0) * 100) / 100;
  return {
    region: table.region,
    currency: table.currency,
    pricesAsOf: table.asOf,
    pricesVerified: table.verified,
    total,
    lines,
    assumptions: a,
  };
}

/** The cost as a short table for a person (bench output, docs). */
export function formatIdleCost(cost: IdleCost): string {
  const rows = cost.lines
    .filter((line) => line.monthly > 0)
    .sort((x, y) => y.monthly - x.monthly)
    .map(
      (line) =>
        `  ${line.monthly.toFixed(2).padStart(8)} ${cost.currency}  ${line.item} (${Number(line.quantity.toPrecision(4))} ${line.unit})${line.unverified ? " *" : ""}`,
    );
  return [
    `idle ${cost.region}: ${cost.total.toFixed(2)} ${cost.currency}/month (prices of ${cost.pricesAsOf}${cost.pricesVerified ? "" : ", not verified"})`,
    ...rows,
  ].join("\n");
}
