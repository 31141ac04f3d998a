import { AGENCY_CODES } from "@cp/domain/agencies";
import { Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import type { AppFunction } from "./app-function.ts";
import type { DataKey } from "./encryption.ts";
import { type StageSecretProps, stageSecret } from "./stage-secret.ts";

/** Who a notification is for: one agency, or the supervisors (store notifications/content.ts). */
export const AUDIENCES = [...AGENCY_CODES, "supervisors"] as const;

/** Why the channel secret is not rotated by a Lambda: its contents are other parties' keys. */
const NO_ROTATION_REASON =
  "The secret holds third-party credentials (agencies' webhook secrets, the Tencent Cloud SMS API key), which are rotated where they are issued: by the agency and in Tencent Cloud's console. The operator then writes the new value here; dispatch reads it again within five minutes (docs/deploy-china.md).";

/**
 * Where notifications leave AWS besides the web inbox: one SNS topic per audience
 * (`<stage>-cp-notify-<audience>`, KMS with the data key, TLS only) that an agency's duty desk
 * subscribes e-mail addresses (and, outside China, phone numbers) to; and one secret per stage
 * (`<stage>-cp-notify`, the data key) with the webhook endpoints and their secrets and the SMS
 * settings, which dispatch reads at run time (functions/dispatch/channels.ts). The stack writes
 * the secret once as `{}` and never again: the operator fills it (docs/deploy-china.md).
 */
export class Notifications extends Construct {
  readonly secret: Secret;
  readonly topics: Readonly<Record<(typeof AUDIENCES)[number], Topic>>;

  constructor(scope: Construct, id: string, props: StageSecretProps) {
    super(scope, id);
    this.secret = stageSecret(this, props, {
      name: "cp-notify",
      description:
        'Notification channels: {"webhooks": {<audience>: {url, secret}}, "sms": {Tencent Cloud SMS settings}}',
      // The initial value only: CloudFormation leaves an operator's value alone on every update.
      secretObjectValue: {},
      whyNotRotated: NO_ROTATION_REASON,
    });
    const topics: Partial<Record<(typeof AUDIENCES)[number], Topic>> = {};
    for (const audience of AUDIENCES) {
      topics[audience] = new Topic(this, `Topic-${audience}`, {
        topicName: stageName(props.stage, `cp-notify-${audience}`),
        displayName: `Child protection notices: ${audience}`,
        masterKey: props.key.key,
        enforceSSL: true,
      });
    }
    this.topics = topics as Record<(typeof AUDIENCES)[number], Topic>;
  }

  /**
   * Dispatch reads the secret (decrypting through Secrets Manager) and publishes to the topics,
   * nothing else; both are named in its environment (no secret value in it).
   */
  wire(dispatch: AppFunction, key: DataKey): void {
    dispatch.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.secret.secretArn],
      }),
    );
    key.grantSecretRead(dispatch.role);
    dispatch.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["sns:Publish"],
        resources: Object.values(this.topics).map((topic) => topic.topicArn),
      }),
    );
    key.grantTopicPublish(dispatch.role);
    dispatch.function.addEnvironment("NOTIFY_SECRET_ID", this.secret.secretArn);
    dispatch.function.addEnvironment(
      "NOTIFY_SNS_TOPICS",
      Stack.of(this).toJsonString(
        Object.fromEntries(Object.entries(this.topics).map(([a, topic]) => [a, topic.topicArn])),
      ),
    );
  }
}
