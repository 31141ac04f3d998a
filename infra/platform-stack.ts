import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { DEV_STAGE, isChinaRegion, type PlatformConfig } from "./config.ts";
import { Alarms } from "./constructs/alarms.ts";
import { Api } from "./constructs/api.ts";
import { Auth, type TokenIssuer } from "./constructs/auth.ts";
import { TableBackups } from "./constructs/backups.ts";
import { CheckpointArchive } from "./constructs/checkpoint-archive.ts";
import { Data } from "./constructs/data.ts";
import { CheckpointKey, DataKey } from "./constructs/encryption.ts";
import { FingerprintKey } from "./constructs/fingerprint-key.ts";
import { Messaging } from "./constructs/messaging.ts";
import { Notifications } from "./constructs/notifications.ts";
import { Sweeper } from "./constructs/scheduler.ts";
import { AccountTrail } from "./constructs/trail.ts";
import { Web } from "./constructs/web.ts";
import { Workers } from "./constructs/workers.ts";

export interface PlatformStackProps extends StackProps {
  readonly config: PlatformConfig;
  /** The built web app; without it the stack has no web hosting. */
  readonly webAssetPath?: string;
}

/**
 * Origins the web app calls besides its own, for its Content-Security-Policy: the API (its
 * custom domain, else any API Gateway endpoint of the region, since the API's own URL would make
 * the distribution depend on the API, which depends on the distribution for CORS) and the
 * sign-in (the external issuer, else Cognito's issuer and hosted-login domains of the region).
 */
function webConnectOrigins(config: PlatformConfig): string[] {
  // A literal, not the AWS::URLSuffix token: the policy stays one readable string.
  const urlSuffix = isChinaRegion(config.region) ? "amazonaws.com.cn" : "amazonaws.com";
  const origins = [
    config.apiDomain
      ? `https://${config.apiDomain.name}`
      : `https://*.execute-api.${config.region}.${urlSuffix}`,
  ];
  if (config.externalIssuer) {
    origins.push(new URL(config.externalIssuer.issuer).origin);
    origins.push(new URL(config.externalIssuer.jwksUrl).origin);
  } else {
    origins.push(`https://cognito-idp.${config.region}.amazonaws.com`);
    origins.push(`https://*.auth.${config.region}.amazoncognito.com`);
  }
  return [...new Set(origins)];
}

/**
 * One stage of the platform. Account-agnostic with the region from context and no lookups, so it
 * synthesizes offline; every ARN and endpoint is built from the partition and URL suffix of the
 * region it targets, so the same code deploys to aws-cn.
 */
export class PlatformStack extends Stack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { stage } = config;
    if (config.outsideChinaReason) {
      // The override stays visible in the deployed template, not only in one operator's terminal.
      this.templateOptions.metadata = { OutsideChinaReason: config.outsideChinaReason };
    }

    const key = new DataKey(this, "Encryption", { stage });
    const data = new Data(this, "Data", {
      stage,
      key,
      auditBreakGlassRoleArn: config.auditBreakGlassRoleArn,
    });
    const messaging = new Messaging(this, "Messaging", { stage, key });
    const web = props.webAssetPath
      ? new Web(this, "Web", {
          assetPath: props.webAssetPath,
          countries: config.webCountries,
          webAclArn: config.webAclArn,
          originAccessIdentity: isChinaRegion(config.region),
          domain: config.webDomain,
          connectOrigins: webConnectOrigins(config),
        })
      : undefined;
    if (web && !config.webDomain && isChinaRegion(config.region) && stage !== DEV_STAGE) {
      // CloudFront in China serves no traffic on its own domain names: only an ICP-filed domain.
      throw new Error(
        `the web app in ${config.region} needs -c webDomain=<ICP-filed domain> -c webCertificateIamId=<id> (docs/deploy-china.md)`,
      );
    }
    const webOrigins = web ? [web.url] : [];

    // aws-cn has no Cognito user pools: there the tokens come from an external OIDC issuer.
    const auth = config.externalIssuer
      ? undefined
      : new Auth(this, "Auth", {
          stage,
          plus: config.cognitoPlus,
          webUrl: web?.url,
          domainPrefix: config.authDomainPrefix,
        });
    const tokens: TokenIssuer | undefined = auth?.tokenIssuer ?? config.externalIssuer;
    if (!tokens) throw new Error("no token issuer");

    const fingerprintKey = new FingerprintKey(this, "Fingerprint", { stage, key });

    const checkpointKey = new CheckpointKey(this, "Checkpoint", { stage });
    const metricsNamespace = `ChildProtection/${stage}`;
    const environment = {
      STAGE: stage,
      MAIN_TABLE_NAME: data.tables.main.tableName,
      AUDIT_TABLE_NAME: data.tables.audit.tableName,
      QUEUE_URL_PREFIX: messaging.queueUrlPrefix,
      JWT_ISSUER: tokens.issuer,
      JWT_AUDIENCE: tokens.audience,
      JWKS_URL: tokens.jwksUrl,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      FINGERPRINT_KEY: fingerprintKey.value,
      // Envelope encryption of personal fields (encryption context purpose=cp-personal-data).
      PERSONAL_DATA_KEY_ID: key.key.keyArn,
      REFERENCE_PREFIX: config.referencePrefix,
      CHECKPOINT_KMS_KEY_ID: checkpointKey.key.keyArn,
    };

    const api = new Api(this, "Api", {
      stage,
      environment,
      key,
      data,
      messaging,
      tokens,
      domain: config.apiDomain,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      corsOrigins: [...config.corsOrigins, ...webOrigins],
      reservedConcurrency: config.reservedConcurrency?.api,
    });
    const workers = new Workers(this, "Workers", {
      stage,
      environment,
      key,
      data,
      messaging,
      reservedConcurrency: config.reservedConcurrency,
    });
    // Channels besides the inbox: SNS topics per audience, the webhook and SMS settings' secret.
    const notifications = new Notifications(this, "Notifications", { stage, key });
    notifications.wire(workers.dispatch, key);
    const sweeper = new Sweeper(this, "Sweeper", {
      stage,
      environment,
      data,
      messaging,
      key,
      reservedConcurrency: config.reservedConcurrency?.sweeper,
    });
    // The app's /config.json: where the API is and who signs users in (Cognito's hosted login,
    // or in China the external issuer, whose discovery document names its endpoints).
    web?.deploy({
      stage,
      apiBase: api.url,
      auth: {
        mode: "oidc",
        authority: tokens.issuer,
        clientId: tokens.audience,
        scope: "openid profile email",
        token: "id",
      },
    });
    // The sweeper signs checkpoints; the API signs the head of every audit export it serves.
    checkpointKey.grantSign(sweeper.handler.role);
    checkpointKey.grantSign(api.handler.role);
    // ...and copies each signed checkpoint where nobody can rewrite it.
    const archive = new CheckpointArchive(this, "CheckpointArchive", {
      key,
      retentionDays: config.checkpointRetentionDays,
    });
    archive.grantWrite(sweeper.handler.role, key);
    sweeper.handler.function.addEnvironment("CHECKPOINT_BUCKET", archive.bucket.bucketName);
    if (!config.organizationTrail) {
      new AccountTrail(this, "Trail", { stage, key, checkpointBucket: archive.bucket });
    }
    new TableBackups(this, "Backups", {
      stage,
      key,
      tables: [data.tables.main, data.tables.audit],
    });

    const alarms = new Alarms(this, "Alarms", {
      stage,
      key,
      metricsNamespace,
      deadLetterQueues: [
        ...messaging.queues.map((item) => ({
          name: item.definition.deadLetterName.replace(/\.fifo$/, ""),
          queue: item.deadLetterQueue,
        })),
        { name: "cp-sweeper-schedule-dlq", queue: sweeper.deadLetterQueue },
      ],
      workQueues: messaging.queues.map((item) => ({
        name: item.definition.name.replace(/\.fifo$/, ""),
        queue: item.queue,
      })),
      tables: [
        { name: "main", table: data.tables.main },
        { name: "audit", table: data.tables.audit },
      ],
      functions: [
        { name: "api", function: api.handler.function },
        { name: "progress", function: api.progress.function },
        { name: "router", function: workers.router.function },
        { name: "dispatch", function: workers.dispatch.function },
        { name: "sweeper", function: sweeper.handler.function },
      ],
      httpApi: api.httpApi,
      email: config.alarmEmail,
    });

    new CfnOutput(this, "ApiUrl", { value: api.url });
    if (api.domainTarget) {
      new CfnOutput(this, "ApiDomainTarget", { value: api.domainTarget });
    }
    if (auth) {
      new CfnOutput(this, "UserPoolId", { value: auth.userPool.userPoolId });
      new CfnOutput(this, "UserPoolClientId", { value: auth.client.userPoolClientId });
      if (auth.domain) {
        new CfnOutput(this, "HostedLoginUrl", { value: auth.domain.baseUrl() });
      }
    }
    new CfnOutput(this, "AlarmTopicArn", { value: alarms.topic.topicArn });
    new CfnOutput(this, "CheckpointBucket", { value: archive.bucket.bucketName });
    if (web) {
      new CfnOutput(this, "WebUrl", {
        value: web.url,
      });
      // The CNAME target of -c webDomain (a *.cloudfront.cn name in China).
      new CfnOutput(this, "WebDistributionDomain", {
        value: web.distribution.distributionDomainName,
      });
    }
  }
}
