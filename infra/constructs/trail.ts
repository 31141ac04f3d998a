import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { ReadWriteType, Trail } from "aws-cdk-lib/aws-cloudtrail";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Bucket, type IBucket } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import { LOG_RETENTION } from "./app-function.ts";
import { type DataKey, recordsBucketProps } from "./encryption.ts";

export interface AccountTrailProps {
  readonly stage: string;
  readonly key: DataKey;
  /** The checkpoint copies: their writes are recorded as S3 data events. */
  readonly checkpointBucket: IBucket;
}

/** Trail log files are kept 400 days: more than the six months 网络安全法 Art. 21 asks for. */
const TRAIL_RETENTION_DAYS = 400;

/**
 * A CloudTrail trail of the account's management events in every region of the partition (both
 * China regions in aws-cn), with file integrity validation, encrypted with the data key, kept
 * 400 days in S3 and one year in CloudWatch Logs (where metric filters and alarms can read it).
 * CloudTrail's own event history keeps 90 days only. It also records every write to the
 * checkpoint bucket (S3 data events, write-only: a few a day).
 *
 * An account whose organisation already runs a trail for it passes `-c organizationTrail=true`
 * and gets none of this (the organisation trail must then record the checkpoint bucket's data
 * events; docs/deploy-china.md).
 */
export class AccountTrail extends Construct {
  readonly trail: Trail;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccountTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const trailName = stageName(props.stage, "cp-trail");
    this.bucket = new Bucket(this, "Logs", {
      ...recordsBucketProps(props.key),
      lifecycleRules: [
        {
          expiration: Duration.days(TRAIL_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const logGroup = new LogGroup(this, "Events", {
      retention: LOG_RETENTION,
      encryptionKey: props.key.forLogs(),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // The ARN by name: the key policy must not depend on the trail, which depends on the key.
    props.key.allowCloudTrail(
      stack.formatArn({
        service: "cloudtrail",
        resource: "trail",
        resourceName: trailName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    );
    this.trail = new Trail(this, "Trail", {
      trailName,
      bucket: this.bucket,
      encryptionKey: props.key.key,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      managementEvents: ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
    });
    this.trail.addS3EventSelector(
      [{ bucket: props.checkpointBucket, objectPrefix: "checkpoints/" }],
      {
        readWriteType: ReadWriteType.WRITE_ONLY,
        includeManagementEvents: false,
      },
    );

    const logsRole = this.trail.node.tryFindChild("LogsRole");
    if (logsRole) {
      Validations.of(logsRole.node.findChild("DefaultPolicy")).acknowledge({
        id: "NIST.800.53.R5-IAMNoInlinePolicy",
        reason:
          "CloudTrail's delivery role, made by the Trail construct: its own policy allows writing this trail's log group only.",
      });
    }
    const loggingReason =
      "The trail bucket is itself the account's audit record (with CloudTrail's file validation); server access logs of it would need a further bucket and record CloudTrail's own writes.";
    Validations.of(this.bucket).acknowledge({ id: "AwsSolutions-S1", reason: loggingReason });
    Validations.of(this.bucket).acknowledge({
      id: "NIST.800.53.R5-S3BucketLoggingEnabled",
      reason: loggingReason,
    });
    Validations.of(this.bucket).acknowledge({
      id: "NIST.800.53.R5-S3BucketReplicationEnabled",
      reason:
        "Replicating the trail to another region would move the account's audit records out of the region they must stay in (个人信息保护法 Art. 40 for the China deployment).",
    });
  }
}
