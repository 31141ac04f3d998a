import { RemovalPolicy, Validations } from "aws-cdk-lib";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import type { DataKey } from "./encryption.ts";

/**
 * The HMAC key of the child fingerprint (`FINGERPRINT_KEY`): generated once per stage, encrypted
 * with the data key, and kept when the stack goes, because every stored fingerprint was computed
 * with it. CloudFormation resolves it into the functions' environment, which Lambda encrypts with
 * the same customer-managed key.
 */
export class FingerprintKey extends Construct {
  readonly secret: Secret;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly stage: string; readonly key: DataKey },
  ) {
    super(scope, id);
    this.secret = new Secret(this, "Secret", {
      secretName: stageName(props.stage, "cp-fingerprint-key"),
      description: "HMAC key that links reports about the same child to one open case",
      encryptionKey: props.key.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    Validations.of(this.secret).acknowledge({
      id: "NIST.800.53.R5-SecretsManagerRotationEnabled",
      reason:
        "Rotating the fingerprint key would silently stop new reports from matching the open cases of the same child; rotation needs a re-keying migration of stored fingerprints (decision record 0010).",
    });
    Validations.of(this.secret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotating the fingerprint key would silently stop new reports from matching the open cases of the same child; a rotation needs a re-keying migration of stored fingerprints, not a scheduled Lambda.",
    });
  }

  /** The key as a deploy-time dynamic reference (never in the template or the cloud assembly). */
  get value(): string {
    return this.secret.secretValue.unsafeUnwrap();
  }
}
