import { RemovalPolicy } from "aws-cdk-lib";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { stageName } from "../config.ts";

/**
 * The customer-managed KMS key for the platform's data at rest (tables, queues, alarm topic).
 *
 * One key per stage keeps the key policy and the grants reviewable in one place; rotation is on and
 * the key outlives the stack so that retained tables stay readable after a teardown.
 */
export class DataKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { readonly stage: string }) {
    super(scope, id);
    this.key = new Key(this, "Key", {
      alias: `alias/${stageName(props.stage, "cp-data")}`,
      description: `Child-protection platform data at rest (${props.stage})`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * What an application role needs to read and write encrypted tables and queues, named action by
   * action instead of the `kms:GenerateDataKey*` / `kms:ReEncrypt*` wildcards of the stock grants.
   */
  grantUse(grantee: IGrantable): void {
    this.key.grant(grantee, "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey");
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
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** The sweeper signs checkpoints. */
  grantSign(grantee: IGrantable): void {
    this.key.grant(grantee, "kms:Sign", "kms:GetPublicKey");
  }

  /** Exports carry the public key. */
  grantPublicKey(grantee: IGrantable): void {
    this.key.grant(grantee, "kms:GetPublicKey");
  }
}
