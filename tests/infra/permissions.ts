/**
 * Holds the AWS calls each function was seen to make (`aws-calls.json`, recorded by the
 * integration test of the same name) against that function's IAM policy in a synthesized
 * template: every call must be allowed, and every grant must be used or justified below.
 */
import { auditTable, mainTable } from "@cp/store/definitions";

type Json = Record<string, unknown>;
export type CallRecord = Record<string, string[]>;

/** Grants no recorded call uses, each with why it must stay. Matched against `fn action resource`. */
export const JUSTIFIED_GRANTS: ReadonlyArray<{ readonly grant: RegExp; readonly reason: string }> =
  [
    {
      grant: /^\w+ logs:(CreateLogStream|PutLogEvents) logs$/,
      reason: "The Lambda runtime writes the function's own log group with the function's role.",
    },
    {
      grant: /^\w+ xray:(PutTraceSegments|PutTelemetryRecords) \*$/,
      reason:
        "Active tracing: the Lambda runtime sends trace segments with the function's role; X-Ray has no resource-level permissions (absent in the China regions, which have no X-Ray integration).",
    },
    {
      grant:
        /^(router|dispatch) sqs:(ReceiveMessage|DeleteMessage|ChangeMessageVisibility|GetQueueAttributes|GetQueueUrl) \S+\.fifo$/,
      reason:
        "Lambda's event source mapping polls, deletes and extends the visibility of the function's queues with the function's role; the code never sees those calls.",
    },
    {
      grant: /^api dynamodb:DeleteItem main$/,
      reason:
        "Closing a case's last ticket deletes the child's open-case link in the same transaction (store tickets.ts); the recorded run leaves the case open.",
    },
    {
      grant: /^router kms:GenerateDataKey data$/,
      reason:
        "A case written before cases had their own data key gets one with its next change, which may be its routing (store case-transaction.ts); the recorded run routes cases that have one.",
    },
    {
      grant: /^router dynamodb:DeleteItem main$/,
      reason:
        "A routing change to a case seals the events other changes left pending and deletes them in the same transaction (store case-transaction.ts); the recorded run routes a case with none pending.",
    },
    {
      grant: /^sweeper dynamodb:DeleteItem main$/,
      reason:
        "A checkpoint first seals the events concurrent changes left pending and deletes them in the same transaction (store audit/checkpoints.ts); the recorded run has none pending.",
    },
    {
      grant: /^dispatch dynamodb:GetItem main$/,
      reason:
        "A redelivered notice finds the ledger entry of its first delivery (store notifications/ledger.ts); the recorded run has no redelivery.",
    },
    {
      grant: /^api sqs:SendMessage cp-(agency-[a-z-]+|supervisors)\.fifo$/,
      reason:
        "Declines, transfers and referrals notify the receiving agency or the supervisors; the recorded run files, accepts and closes only.",
    },
    {
      grant: /^router sqs:SendMessage cp-agency-[a-z-]+\.fifo$/,
      reason:
        "Routing sends tickets to whichever agencies the routing table picks; the recorded report reached four of them.",
    },
    {
      grant: /^sweeper sqs:SendMessage cp-intake\.fifo$/,
      reason:
        "The outbox half of filing: the sweeper re-publishes reports still unrouted after the grace period; the recorded run has none.",
    },
    {
      grant: /^sweeper s3:PutObject checkpoints\/checkpoints\/\*$/,
      reason:
        "The sweeper copies each signed checkpoint to the Object Lock bucket (store audit/checkpoint-copies.ts); the local stack has no S3, so the recorded run copies to a folder through the same interface.",
    },
    {
      grant: /^dispatch sns:Publish cp-notify-[a-z_]+$/,
      reason:
        "Dispatch serves every agency's queue and the supervisors' and publishes to the audience's topic; the recorded report reached four agencies and the supervisors.",
    },
    {
      grant: /^\w+ kms:(Decrypt|GenerateDataKey|Encrypt|DescribeKey) data$/,
      reason:
        "DynamoDB (customer-managed table key), SQS and SNS (SSE-KMS) and Secrets Manager (the channels' secret) call KMS on the caller's behalf for every read, write, send, publish and secret read; those calls are made by the services, invisible to the SDK.",
    },
  ];

interface Statement {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: unknown[];
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The logical ids the recorded names stand for. */
interface Names {
  readonly tables: Record<string, string>;
  readonly queues: Record<string, string>;
  readonly keys: Record<string, string>;
  /** The checkpoint copies' bucket as `checkpoints`. */
  readonly buckets: Record<string, string>;
  /** Secrets and topics by name less the stage (`cp-notify`, `cp-notify-police`). */
  readonly secrets: Record<string, string>;
  readonly topics: Record<string, string>;
  readonly logGroups: readonly string[];
}

function namesOf(
  resources: Record<string, { Type: string; Properties?: Json }>,
  stage: string,
): Names {
  const byType = (type: string) =>
    Object.entries(resources).filter(([, r]) => r.Type === type) as [
      string,
      { Properties: Json },
    ][];
  const tables: Record<string, string> = {};
  for (const [id, r] of byType("AWS::DynamoDB::GlobalTable")) {
    if (r.Properties.TableName === `${stage}-${mainTable.name}`) tables.main = id;
    if (r.Properties.TableName === `${stage}-${auditTable.name}`) tables.audit = id;
  }
  const queues: Record<string, string> = {};
  for (const [id, r] of byType("AWS::SQS::Queue")) {
    queues[String(r.Properties.QueueName).replace(`${stage}-`, "")] = id;
  }
  const keys: Record<string, string> = {};
  for (const [id, r] of byType("AWS::KMS::Key")) {
    keys[r.Properties.KeyUsage === "SIGN_VERIFY" ? "checkpoint" : "data"] = id;
  }
  const buckets: Record<string, string> = {};
  for (const [id, r] of byType("AWS::S3::Bucket")) {
    if (r.Properties.ObjectLockEnabled === true) buckets.checkpoints = id;
  }
  const secrets: Record<string, string> = {};
  for (const [id, r] of byType("AWS::SecretsManager::Secret")) {
    secrets[String(r.Properties.Name).replace(`${stage}-`, "")] = id;
  }
  const topics: Record<string, string> = {};
  for (const [id, r] of byType("AWS::SNS::Topic")) {
    if (r.Properties.TopicName)
      topics[String(r.Properties.TopicName).replace(`${stage}-`, "")] = id;
  }
  return {
    tables,
    queues,
    keys,
    buckets,
    secrets,
    topics,
    logGroups: byType("AWS::Logs::LogGroup").map(([id]) => id),
  };
}

/** A policy resource as a recorded name (`main`, `main/index/gsi1`, `cp-intake.fifo`, `data`, `logs`, `*`). */
function nameOf(resource: unknown, names: Names): string {
  if (resource === "*") return "*";
  const text = JSON.stringify(resource);
  const has = (id: string) => text.includes(`"${id}"`);
  for (const [name, id] of Object.entries(names.tables)) {
    if (!has(id)) continue;
    const index = /\/index\/([A-Za-z0-9_.-]+)/.exec(text);
    return index ? `${name}/index/${index[1]}` : name;
  }
  for (const [name, id] of Object.entries(names.queues)) if (has(id)) return name;
  for (const [name, id] of Object.entries(names.keys)) if (has(id)) return name;
  for (const [name, id] of Object.entries(names.secrets)) if (has(id)) return name;
  for (const [name, id] of Object.entries(names.topics)) if (has(id)) return name;
  for (const [name, id] of Object.entries(names.buckets)) {
    if (has(id)) return `${name}${/"(\/[^"]*)"/.exec(text)?.[1] ?? ""}`;
  }
  if (names.logGroups.some(has)) return "logs";
  return text;
}

/** Every `action resource` a function's role allows. */
function grantsOf(
  resources: Record<string, { Type: string; Properties?: Json }>,
  functionId: string,
  names: Names,
): Set<string> {
  const fn = resources[functionId] as { Properties: Json };
  const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  const statements: Statement[] = Object.values(resources)
    .filter(
      (r) =>
        r.Type === "AWS::IAM::Policy" &&
        asArray((r.Properties as Json).Roles as unknown[]).some((role) =>
          JSON.stringify(role).includes(`"${roleId}"`),
        ),
    )
    .flatMap((r) =>
      ((r.Properties as Json).PolicyDocument as { Statement: Json[] }).Statement.map((s) => ({
        effect: String(s.Effect),
        actions: asArray(s.Action as string | string[]),
        resources: asArray(s.Resource),
      })),
    );
  const grants = new Set<string>();
  for (const s of statements.filter((s) => s.effect === "Allow")) {
    for (const action of s.actions) {
      for (const resource of s.resources) grants.add(`${action} ${nameOf(resource, names)}`);
    }
  }
  return grants;
}

export interface Findings {
  /** Calls a function makes that its role does not allow. */
  readonly missing: string[];
  /** Grants no call uses and no entry of JUSTIFIED_GRANTS explains. */
  readonly unused: string[];
}

/** Holds the record against the template of one stage. */
export function checkPermissions(
  template: { Resources: Record<string, { Type: string; Properties?: Json }> },
  stage: string,
  calls: CallRecord,
): Findings {
  const resources = template.Resources;
  const names = namesOf(resources, stage);
  const missing: string[] = [];
  const unused: string[] = [];
  for (const [fn, made] of Object.entries(calls)) {
    const functionId = Object.entries(resources).find(
      ([, r]) =>
        r.Type === "AWS::Lambda::Function" && r.Properties?.FunctionName === `${stage}-cp-${fn}`,
    )?.[0];
    if (!functionId) {
      missing.push(`${fn}: no such function in the template`);
      continue;
    }
    const grants = grantsOf(resources, functionId, names);
    for (const call of made) if (!grants.has(call)) missing.push(`${fn} ${call}`);
    for (const grant of grants) {
      if (made.includes(grant)) continue;
      const line = `${fn} ${grant}`;
      if (!JUSTIFIED_GRANTS.some((j) => j.grant.test(line))) unused.push(line);
    }
  }
  return { missing: missing.sort(), unused: unused.sort() };
}
