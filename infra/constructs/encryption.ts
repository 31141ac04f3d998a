import { ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  AccountRootPrincipal,
  type IGrantable,
  type IRole,
  PolicyDocument,
  PolicyStatement,
  ServicePrincipal,
} from "aws-cdk-lib/aws-iam";
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import { BlockPublicAccess, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { stageName } from "../config.ts";

/** What a service needs of the key to encrypt and decrypt what it keeps (envelope encryption). */
const ENCRYPT_WITH_KEY = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:GenerateDataKey",
  "kms:DescribeKey",
];

/**
 * What key administrators may do: manage, never use. No Encrypt/Decrypt/GenerateDataKey/ReEncrypt
 * and no CreateGrant (a grant to oneself would be use by the back door).
 */
const KEY_ADMINISTRATION_ACTIONS = [
  "kms:CreateAlias",
  "kms:UpdateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:EnableKey",
  "kms:DisableKey",
  "kms:EnableKeyRotation",
  "kms:DisableKeyRotation",
  "kms:GetKeyRotationStatus",
  "kms:ListKeyRotations",
  "kms:RotateKeyOnDemand",
  "kms:GetKeyPolicy",
  "kms:PutKeyPolicy",
  "kms:ListKeyPolicies",
  "kms:ListGrants",
  "kms:RevokeGrant",
  "kms:ListResourceTags",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateKeyDescription",
  "kms:GetPublicKey",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];

/** The encryption context of every personal-data key the store asks KMS for. */
const PERSONAL_DATA_CONTEXT = { purpose: "cp-personal-data" } as const;

/**
 * Services that use the data key on a caller's behalf: tables, queues, Lambda environments, the
 * secrets, the checkpoint and trail buckets (S3), the backup vaults (AWS Backup).
 */
const KEY_SERVICES = [
  "dynamodb",
  "sqs",
  "sns",
  "lambda",
  "secretsmanager",
  "s3",
  "backup",
] as const;

/** `<service>.<region>.amazonaws.com(.cn)`, as `kms:ViaService` spells it. */
function viaService(stack: Stack, service: string): string {
  const suffix = stack.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `${service}.${stack.region}.${suffix}`;
}

/**
 * The key policy of both keys starts from administration only: the account (its IAM
 * administrators) may manage the key, never use it. Separation of the security administrator
 * from the system administrator (等保 三员分立): whoever administers IAM cannot decrypt children's
 * data by granting themselves kms:Decrypt; a key policy change to do so is itself a logged event.
 */
export function administrationOnly(): PolicyDocument {
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: "KeyAdministrationNotUse",
        principals: [new AccountRootPrincipal()],
        actions: KEY_ADMINISTRATION_ACTIONS,
        resources: ["*"],
      }),
    ],
  });
}

/**
 * The customer-managed KMS key for the platform's data at rest (tables, queues, log groups, alarm
 * topic, the fingerprint secret, Lambda environments) and for personal-data keys.
 *
 * Its policy separates administration from use: the account may administer it; the AWS services
 * that store the platform's data may use it on behalf of principals of this account
 * (`kms:ViaService`); direct use — the data keys sealing personal fields — is allowed only to the
 * application roles named in the key policy, and only with the personal-data encryption context.
 * Rotation is on, and the key outlives the stack so that retained tables stay readable.
 */
export class DataKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { readonly stage: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, "Key", {
      alias: `alias/${stageName(props.stage, "cp-data")}`,
      description: `Child-protection platform data at rest (${props.stage})`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      policy: administrationOnly(),
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: "UseThroughStorageServicesOfThisAccount",
        principals: [new AccountRootPrincipal()],
        actions: [...ENCRYPT_WITH_KEY, "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant"],
        resources: ["*"],
        conditions: {
          StringEquals: {
            "kms:CallerAccount": stack.account,
            "kms:ViaService": KEY_SERVICES.map((service) => viaService(stack, service)),
          },
        },
      }),
    );
  }

  /**
   * What an application role needs to read and write encrypted tables and queues: the key's use
   * through DynamoDB and SQS only, named action by action.
   */
  grantUse(grantee: IGrantable): void {
    this.grantThrough(
      grantee,
      ["dynamodb", "sqs"],
      ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
    );
  }

  /** Writing SSE-KMS objects (the checkpoint copies): a data key through S3, nothing else. */
  grantS3Write(grantee: IGrantable): void {
    this.grantThrough(grantee, ["s3"], ["kms:GenerateDataKey"]);
  }

  /**
   * CloudTrail of this account encrypts the trail's log files with the key (the encryption
   * context names the trail; `aws:SourceArn` pins it); reading them goes through S3.
   */
  allowCloudTrail(trailArn: string): void {
    const stack = Stack.of(this);
    const cloudTrail = new ServicePrincipal("cloudtrail.amazonaws.com");
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: "CloudTrailEncryptsTrailLogs",
        principals: [cloudTrail],
        actions: ["kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: {
          StringEquals: { "aws:SourceArn": trailArn },
          StringLike: {
            "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
          },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: "CloudTrailDescribesKey",
        principals: [cloudTrail],
        actions: ["kms:DescribeKey"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceArn": trailArn } },
      }),
    );
  }

  /** Reading a secret encrypted with the key: decryption through Secrets Manager only. */
  grantSecretRead(grantee: IGrantable): void {
    this.grantThrough(grantee, ["secretsmanager"], ["kms:Decrypt"]);
  }

  /** Publishing to SSE-KMS topics: SNS asks for a data key on the publisher's behalf. */
  grantTopicPublish(grantee: IGrantable): void {
    this.grantThrough(grantee, ["sns"], ["kms:GenerateDataKey", "kms:Decrypt"]);
  }

  /** Only what sending to an SSE-KMS queue needs (the scheduler's dead-letter queue). */
  grantQueueSend(grantee: IGrantable): void {
    this.grantThrough(grantee, ["sqs"], ["kms:Decrypt", "kms:GenerateDataKey"]);
  }

  /**
   * Sealing and opening personal fields (envelope encryption with data keys): allowed in the key
   * policy to this role by name, and only with the personal-data encryption context.
   */
  grantPersonalData(role: IRole): void {
    const statement = {
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      conditions: {
        StringEquals: { "kms:EncryptionContext:purpose": PERSONAL_DATA_CONTEXT.purpose },
      },
    };
    role.addToPrincipalPolicy(new PolicyStatement({ ...statement, resources: [this.key.keyArn] }));
    this.key.addToResourcePolicy(
      new PolicyStatement({ ...statement, principals: [role], resources: ["*"] }),
    );
  }

  private grantThrough(grantee: IGrantable, services: readonly string[], actions: string[]): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions,
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { "kms:ViaService": services.map((service) => viaService(stack, service)) },
        },
      }),
    );
  }

  private logsAllowed = false;

  /**
   * The key, after letting CloudWatch Logs of this region encrypt log groups of this account with
   * it (the service principal carries the region; the condition pins the log groups' account).
   */
  forLogs(): Key {
    if (!this.logsAllowed) {
      const stack = Stack.of(this);
      this.key.addToResourcePolicy(
        new PolicyStatement({
          sid: "CloudWatchLogsEncryptLogGroups",
          principals: [new ServicePrincipal(viaService(stack, "logs"))],
          actions: [...ENCRYPT_WITH_KEY],
          resources: ["*"],
          conditions: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": stack.formatArn({
                service: "logs",
                resource: "log-group",
                resourceName: "*",
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            },
          },
        }),
      );
      this.logsAllowed = true;
    }
    return this.key;
  }
}

/**
 * The asymmetric key that signs audit-chain checkpoints (ECDSA P-256). A checkpoint signed here
 * lets anyone holding the public key detect a chain whose tail was cut off, without trusting the
 * database. Sign and verify only; it never encrypts data.
 */
export class CheckpointKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { readonly stage: string }) {
    super(scope, id);
    this.key = new Key(this, "Key", {
      alias: `alias/${stageName(props.stage, "cp-audit-checkpoint")}`,
      description: `Signs audit-chain checkpoints (${props.stage})`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      // Anyone in the account may read the public key (it verifies exports); signing is named below.
      policy: administrationOnly(),
    });
  }

  /**
   * The sweeper signs checkpoints; the API signs the head of an audit export. Named in the key
   * policy too, since the account's administrators may not sign.
   */
  grantSign(role: IRole): void {
    const actions = ["kms:Sign", "kms:GetPublicKey"];
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [this.key.keyArn] }));
    this.key.addToResourcePolicy(
      new PolicyStatement({ actions: ["kms:Sign"], principals: [role], resources: ["*"] }),
    );
  }
}

/**
 * What every bucket of records shares: encrypted under the data key (with S3 Bucket Keys),
 * private, reached over TLS only, and versioned, so an overwrite keeps what it replaced.
 */
export const recordsBucketProps = (key: DataKey) =>
  ({
    encryption: BucketEncryption.KMS,
    encryptionKey: key.key,
    bucketKeyEnabled: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
  }) as const;
