import { RemovalPolicy, Validations } from "aws-cdk-lib";
import { Secret, type SecretProps } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { stageName } from "../config.ts";
import type { DataKey } from "./encryption.ts";

/** What a construct that holds one of a stage's secrets is given. */
export interface StageSecretProps {
  readonly stage: string;
  readonly key: DataKey;
}

/**
 * One of a stage's secrets (`<stage>-<name>`, construct id `Secret`): encrypted with the data key
 * and kept when the stack goes. None is rotated by a Lambda, so both rules that ask for rotation
 * (cdk-nag's AwsSolutions and NIST 800-53) are answered with the secret's own reason.
 */
export function stageSecret(
  scope: Construct,
  props: StageSecretProps,
  secret: {
    readonly name: string;
    readonly description: string;
    readonly whyNotRotated: string;
  } & Pick<SecretProps, "generateSecretString" | "secretObjectValue">,
): Secret {
  const { name, whyNotRotated, ...rest } = secret;
  const created = new Secret(scope, "Secret", {
    ...rest,
    secretName: stageName(props.stage, name),
    encryptionKey: props.key.key,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  for (const id of ["AwsSolutions-SMG4", "NIST.800.53.R5-SecretsManagerRotationEnabled"]) {
    Validations.of(created).acknowledge({ id, reason: whyNotRotated });
  }
  return created;
}
