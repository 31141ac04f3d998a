import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { PolicyStatement, type Role } from "aws-cdk-lib/aws-iam";
import { Bucket, type CfnBucket, ObjectLockRetention } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { type DataKey, recordsBucketProps } from "./encryption.ts";

export interface CheckpointArchiveProps {
  readonly key: DataKey;
  /** Days each copy is locked (compliance mode: nobody, the account root included, can shorten it). */
  readonly retentionDays: number;
}

/**
 * Where signed audit checkpoints are copied so that nobody can rewrite them: an S3 bucket with
 * Object Lock in compliance mode (versioned, as Object Lock requires), encrypted with the data
 * key, TLS only, no public access. Until a copy's retention ends no principal can delete or
 * overwrite that version, nor shorten its retention; a chain rewritten in the audit table no
 * longer matches the copies (`npm run audit:verify -- --copies s3://<bucket>`).
 *
 * Writes are recorded by the account trail's S3 data events (trail.ts) rather than by server
 * access logs.
 */
export class CheckpointArchive extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: CheckpointArchiveProps) {
    super(scope, id);
    this.bucket = new Bucket(this, "Bucket", {
      ...recordsBucketProps(props.key),
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(
        Duration.days(props.retentionDays),
      ),
      // Nothing to delete on a rolled-back first create; locked versions outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Writes to the checkpoint bucket are recorded as S3 data events by the account's CloudTrail trail (or the organisation trail); server access logs would need another bucket and add nothing.",
    });
    Validations.of(this.bucket).acknowledge({
      id: "NIST.800.53.R5-S3BucketLoggingEnabled",
      reason:
        "Writes to the checkpoint bucket are recorded as S3 data events by the account's CloudTrail trail (or the organisation trail); server access logs would need another bucket and add nothing.",
    });
    Validations.of(this.bucket).acknowledge({
      id: "NIST.800.53.R5-S3BucketReplicationEnabled",
      reason:
        "Replicating to another region would move audit data out of the region it must stay in (个人信息保护法 Art. 40 for the China deployment); Object Lock already makes the copies unchangeable.",
    });
  }

  /** Writing new copies only: `s3:PutObject` under `checkpoints/`, and the key through S3. */
  grantWrite(role: Role, key: DataKey): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["s3:PutObject"],
        resources: [this.bucket.arnForObjects("checkpoints/*")],
      }),
    );
    key.grantS3Write(role);
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(role.node.findChild("DefaultPolicy")).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/checkpoints/*]`,
      reason:
        "One object per checkpoint, named by case and seq, is written under checkpoints/: the writer cannot know the names in advance. PutObject only: no read, no delete, and Object Lock refuses overwrites of locked versions anyway.",
    });
  }
}
