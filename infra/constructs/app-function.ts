import { type Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { entryPath, type FunctionName, lambdaBundling, REPO_ROOT } from "../bundling.ts";
import { isChinaRegion, stageName } from "../config.ts";
import type { DataKey } from "./encryption.ts";

/**
 * How long every log group keeps its events: at least six months for network logs (网络安全法
 * art. 21); one year leaves margin over any six calendar months.
 */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;

export interface AppFunctionProps {
  readonly stage: string;
  readonly name: FunctionName;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  /** Encrypts the environment at rest (it carries the fingerprint key) and the log group. */
  readonly key: DataKey;
  /**
   * Concurrent executions reserved for (and capping) this function, so the API cannot starve the
   * queue consumers of the account's concurrency; undefined leaves it to the account pool.
   */
  readonly reservedConcurrency?: number;
  /**
   * Why the function has no Lambda dead-letter queue (which catches only failed asynchronous
   * invocations) and where its failures go instead: the acknowledgement of the NIST LambdaDLQ rule.
   */
  readonly noDeadLetterQueueBecause: string;
}

/**
 * Lambda's X-Ray integration (active tracing) is not offered in the AWS China regions; elsewhere
 * every function traces.
 */
function tracingOffered(region: string): boolean {
  return !isChinaRegion(region);
}

/**
 * One Lambda entry from `functions/<name>/index.ts`: Node.js 22 on arm64, bundled as minified ESM
 * with source maps, X-Ray tracing where the region offers it, and its own role and log group
 * (encrypted with the data key).
 *
 * The role starts empty apart from writing to this function's log group (no
 * AWSLambdaBasicExecutionRole managed policy, which would allow every log group); callers add
 * table and queue grants explicitly.
 */
export class AppFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const tracing = tracingOffered(Stack.of(this).region);
    this.logGroup = new LogGroup(this, "Logs", {
      retention: LOG_RETENTION,
      encryptionKey: props.key.forLogs(),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${stageName(props.stage, props.name)}`,
    });
    this.logGroup.grantWrite(this.role);
    props.key.grantUse(this.role);
    this.function = new NodejsFunction(this, "Function", {
      functionName: stageName(props.stage, `cp-${props.name}`),
      description: props.description,
      entry: entryPath(props.name),
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      environmentEncryption: props.key.key,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: props.name,
        // Stack traces through the bundled source maps.
        NODE_OPTIONS: "--enable-source-maps",
      },
      bundling: lambdaBundling(props.name),
    });
    Validations.of(this.function).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Node.js 22 is the runtime the platform is built and tested on (engines, local stack, CI); moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK release.",
    });
    if (tracing) this.acknowledgeTracing();
    this.acknowledgeNist(props.noDeadLetterQueueBecause);
  }

  /** The NIST 800-53 rev 5 findings every function keeps, with their reasons (decision 0010). */
  private acknowledgeNist(noDeadLetterQueueBecause: string): void {
    Validations.of(this.function).acknowledge({
      id: "NIST.800.53.R5-LambdaDLQ",
      reason: noDeadLetterQueueBecause,
    });
    Validations.of(this.function).acknowledge({
      id: "NIST.800.53.R5-LambdaInsideVPC",
      reason:
        "The function reaches only AWS endpoints (DynamoDB, SQS, KMS, Secrets Manager, SNS) over TLS, each authorized by IAM; a VPC would add NAT gateways or interface endpoints without a network boundary to protect.",
    });
    Validations.of(this.role.node.findChild("DefaultPolicy")).acknowledge({
      id: "NIST.800.53.R5-IAMNoInlinePolicy",
      reason:
        "This role's own policy holds exactly its function's grants, each on named resources and held against the AWS calls the function makes (tests/infra/permissions.test.ts); no managed policy is as narrow.",
    });
  }

  private acknowledgeTracing(): void {
    Validations.of(this.role.node.findChild("DefaultPolicy")).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "Only the X-Ray statement (xray:PutTraceSegments, xray:PutTelemetryRecords) has Resource *: those actions support no resource-level permissions. A test asserts no other statement uses *.",
    });
  }
}
