import type { Construct } from "constructs";

/**
 * Deployment settings read from CDK context (`cdk synth -c stage=prod`), with defaults that let
 * `npm run synth` run offline with no AWS account: no lookups, nothing read from the environment.
 */
export interface PlatformConfig {
  /** Stage name; every physical resource name is prefixed `<stage>-`. */
  readonly stage: string;
  /**
   * Target region. The stack is account-agnostic but not region-agnostic: a TableV2 with a
   * customer-managed key must know its region to render its encryption settings.
   */
  readonly region: string;
  /**
   * An external OpenID Connect issuer whose tokens the API accepts instead of a Cognito user pool
   * (required in aws-cn regions, which have no Cognito user pools), with its audience and JWKS URL.
   */
  readonly externalIssuer?: {
    readonly issuer: string;
    readonly audience: string;
    readonly jwksUrl: string;
  };
  /** Prefix of human-readable reference numbers (the deployment's city code, e.g. SGL). */
  readonly referencePrefix: string;
  /** E-mail address subscribed to the alarm topic, if any. */
  readonly alarmEmail?: string;
  /** Origins allowed to call the API from a browser (besides the web distribution's own). */
  readonly corsOrigins: readonly string[];
  /** Country codes CloudFront serves the web app to. */
  readonly webCountries: readonly string[];
  /** A CLOUDFRONT-scope WAF web ACL (created in us-east-1) to attach to the web distribution. */
  readonly webAclArn?: string;
  /** Cognito Plus tier (threat protection); off by default because it is billed per user. */
  readonly cognitoPlus: boolean;
  /** Steady-state request rate and burst allowed on the API stage. */
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
}

/**
 * Region for an offline synth without `-c region=` or a CLI profile. Production data of Chinese
 * users belongs in an aws-cn region (`-c region=cn-northwest-1`), which also needs `-c jwtIssuer`.
 */
export const DEFAULT_REGION = "ap-southeast-1";

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

function list(value: unknown): string[] {
  if (value === undefined || value === "") return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function optional(value: unknown): string | undefined {
  return value === undefined || value === "" ? undefined : String(value);
}

/** Reads and validates the platform's context keys. */
export function readConfig(scope: Construct): PlatformConfig {
  const context = (key: string): unknown => scope.node.tryGetContext(key);
  const stage = String(context("stage") ?? "dev");
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`stage "${stage}" must match ${STAGE_PATTERN} (it prefixes resource names)`);
  }
  if (stage === "local") {
    throw new Error('stage "local" is the laptop stack (it serves dev tokens); never deploy it');
  }
  const countries = list(context("webCountries"));
  const region = String(context("region") ?? process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION);
  const issuer = optional(context("jwtIssuer"));
  const audience = optional(context("jwtAudience"));
  if (issuer !== undefined && audience === undefined) {
    throw new Error("jwtIssuer needs jwtAudience (the client id the tokens are issued to)");
  }
  if (issuer === undefined && isChinaRegion(region)) {
    throw new Error(
      `${region} has no Cognito user pools: pass -c jwtIssuer=<OIDC issuer URL> -c jwtAudience=<client id>`,
    );
  }
  return {
    stage,
    region,
    externalIssuer:
      issuer !== undefined && audience !== undefined
        ? {
            issuer,
            audience,
            jwksUrl:
              optional(context("jwksUrl")) ?? `${issuer.replace(/\/$/, "")}/.well-known/jwks.json`,
          }
        : undefined,
    alarmEmail: optional(context("alarmEmail")),
    referencePrefix: String(context("referencePrefix") ?? "SGL"),
    corsOrigins: list(context("corsOrigins")),
    webCountries: countries.length > 0 ? countries : ["CN"],
    webAclArn: optional(context("webAclArn")),
    cognitoPlus: String(context("cognitoPlus") ?? "false") === "true",
    apiRateLimit: Number(context("apiRateLimit") ?? 50),
    apiBurstLimit: Number(context("apiBurstLimit") ?? 100),
  };
}

/** Regions of the aws-cn partition (Beijing, Ningxia). */
export function isChinaRegion(region: string): boolean {
  return region.startsWith("cn-");
}

/** The physical name of a resource in a stage: `<stage>-<name>`. */
export function stageName(stage: string, name: string): string {
  return `${stage}-${name}`;
}
