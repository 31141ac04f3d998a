import type { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { type StageSecretProps, stageSecret } from "./stage-secret.ts";

/**
 * The HMAC key of the child fingerprint (`FINGERPRINT_KEY`): generated once per stage, encrypted
 * with the data key, and kept when the stack goes, because every stored fingerprint was computed
 * with it. CloudFormation resolves it into the functions' environment, which Lambda encrypts with
 * the same customer-managed key.
 */
export class FingerprintKey extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: StageSecretProps) {
    super(scope, id);
    this.secret = stageSecret(this, props, {
      name: "cp-fingerprint-key",
      description: "HMAC key that links reports about the same child to one open case",
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      whyNotRotated:
        "Rotating the fingerprint key would silently stop new reports from matching the open cases of the same child; a rotation needs a re-keying migration of stored fingerprints (decision record 0010), not a scheduled Lambda.",
    });
  }

  /** The key as a deploy-time dynamic reference (never in the template or the cloud assembly). */
  get value(): string {
    return this.secret.secretValue.unsafeUnwrap();
  }
}
