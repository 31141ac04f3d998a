/**
 * What keeps the audit trail and the tables beyond an administrator's reach, on the prod
 * templates of a China and a global region: checkpoint copies under S3 Object Lock (compliance
 * mode), a CloudTrail trail (or the organisation's), daily backups copied to a locked vault.
 */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_RETENTION_DAYS } from "../../infra/constructs/backups.ts";
import { CHINA_PROD_CONTEXT, type Synthesized, synthesize } from "./synth.ts";

const apps: Record<string, Synthesized> = {};
beforeAll(() => {
  apps.china = synthesize({ context: CHINA_PROD_CONTEXT });
  apps.global = synthesize({ context: { stage: "prod", checkpointRetentionDays: "400" } });
  apps.orgTrail = synthesize({ context: { ...CHINA_PROD_CONTEXT, organizationTrail: "true" } });
}, 120_000);
afterAll(() => {
  for (const synth of Object.values(apps)) synth.cleanup();
});

const template = (name: string) => (apps[name] as Synthesized).template;

function lockedBucketId(t: Template): string {
  const found = Object.keys(
    t.findResources("AWS::S3::Bucket", { Properties: { ObjectLockEnabled: true } }),
  );
  expect(found).toHaveLength(1);
  return found[0] as string;
}

describe("checkpoint copies under S3 Object Lock", () => {
  it.each([
    ["china", 3650],
    ["global", 400],
  ])("%s: compliance mode for the configured days, KMS, versioned, private", (name, days) => {
    const t = template(name);
    const id = lockedBucketId(t);
    const bucket = t.toJSON().Resources[id].Properties;
    expect(bucket.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: days } },
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" },
    });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    t.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("the sweeper alone writes copies, under checkpoints/ only, and knows the bucket", () => {
    const t = template("china");
    const id = lockedBucketId(t);
    const json = t.toJSON();
    const writers = Object.entries(json.Resources as Record<string, any>)
      .filter(([, r]) => r.Type === "AWS::IAM::Policy")
      .filter(([, r]) =>
        r.Properties.PolicyDocument.Statement.some(
          (s: any) =>
            [s.Action].flat().includes("s3:PutObject") && JSON.stringify(s.Resource).includes(id),
        ),
      );
    expect(writers).toHaveLength(1);
    const statement = (writers[0] as [string, any])[1].Properties.PolicyDocument.Statement.find(
      (s: any) => [s.Action].flat().includes("s3:PutObject"),
    );
    expect(statement.Action).toBe("s3:PutObject");
    expect(JSON.stringify(statement.Resource)).toContain("/checkpoints/*");
    expect(writers[0]?.[0]).toMatch(/Sweeper/);
    t.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "prod-cp-sweeper",
      Environment: { Variables: Match.objectLike({ CHECKPOINT_BUCKET: { Ref: id } }) },
    });
  });
});

describe("CloudTrail", () => {
  it.each(["china", "global"])(
    "%s: a multi-region trail, validated, KMS-encrypted, into CloudWatch Logs, recording writes of the copies",
    (name) => {
      const t = template(name);
      const id = lockedBucketId(t);
      t.resourceCountIs("AWS::CloudTrail::Trail", 1);
      t.hasResourceProperties("AWS::CloudTrail::Trail", {
        TrailName: "prod-cp-trail",
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        KMSKeyId: Match.anyValue(),
        CloudWatchLogsLogGroupArn: Match.anyValue(),
        EventSelectors: Match.arrayWith([
          Match.objectLike({
            ReadWriteType: "WriteOnly",
            IncludeManagementEvents: false,
            DataResources: [
              {
                Type: "AWS::S3::Object",
                Values: [
                  Match.objectLike({
                    "Fn::Join": Match.arrayWith([
                      Match.arrayWith([Match.objectLike({ "Fn::GetAtt": [id, "Arn"] })]),
                    ]),
                  }),
                ],
              },
            ],
          }),
        ]),
      });
      // The data key lets CloudTrail encrypt this trail's files only.
      const keyPolicy = JSON.stringify(t.findResources("AWS::KMS::Key"));
      expect(keyPolicy).toContain("CloudTrailEncryptsTrailLogs");
      expect(keyPolicy).toContain(":trail/prod-cp-trail");
    },
  );

  it("an organisation trail replaces the stack's own", () => {
    template("orgTrail").resourceCountIs("AWS::CloudTrail::Trail", 0);
  });
});

describe("AWS Backup", () => {
  it.each(["china", "global"])(
    "%s: daily backups of both tables, copied to a vault under a compliance lock",
    (name) => {
      const t = template(name);
      const vaults = t.findResources("AWS::Backup::BackupVault");
      const locked = Object.entries(vaults).filter(
        ([, v]) => (v as any).Properties.LockConfiguration,
      );
      expect(Object.keys(vaults)).toHaveLength(2);
      expect(locked).toHaveLength(1);
      const [lockedId, lockedVault] = locked[0] as [string, any];
      expect(lockedVault.Properties.LockConfiguration).toEqual({
        MinRetentionDays: BACKUP_RETENTION_DAYS,
        ChangeableForDays: 3,
      });
      for (const v of Object.values(vaults)) {
        expect((v as any).Properties.EncryptionKeyArn).toBeDefined();
      }
      t.hasResourceProperties("AWS::Backup::BackupPlan", {
        BackupPlan: {
          BackupPlanRule: [
            Match.objectLike({
              ScheduleExpression: "cron(0 19 * * ? *)",
              Lifecycle: { DeleteAfterDays: BACKUP_RETENTION_DAYS },
              CopyActions: [
                {
                  DestinationBackupVaultArn: { "Fn::GetAtt": [lockedId, "BackupVaultArn"] },
                  Lifecycle: { DeleteAfterDays: BACKUP_RETENTION_DAYS },
                },
              ],
            }),
          ],
        },
      });
      const selection = JSON.stringify(t.findResources("AWS::Backup::BackupSelection"));
      for (const table of Object.keys(t.findResources("AWS::DynamoDB::GlobalTable"))) {
        expect(selection).toContain(`"${table}"`);
      }
    },
  );
});
