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
  /** The break-glass role that alone may change the audit table's policy or the table. */
  readonly auditBreakGlassRoleArn?: string;
  /** E-mail address subscribed to the alarm topic, if any. */
  readonly alarmEmail?: string;
  /** Origins allowed to call the API from a browser (besides the web distribution's own). */
  readonly corsOrigins: readonly string[];
  /**
   * Why this stage is deployed outside the AWS China regions, when it is: the explicit override
   * (`-c outsideChina="<reason>"`), printed at synth and kept as a stack tag.
   */
  readonly outsideChinaReason?: string;
  /** Country codes CloudFront serves the web app to. */
  readonly webCountries: readonly string[];
  /** A CLOUDFRONT-scope WAF web ACL (created in us-east-1) to attach to the web distribution. */
  readonly webAclArn?: string;
  /** Prefix of the Cognito hosted login's domain (unique per region across all accounts). */
  readonly authDomainPrefix?: string;
  /** Cognito Plus tier (threat protection); off by default because it is billed per user. */
  readonly cognitoPlus: boolean;
  /**
   * The web app's own domain on CloudFront, with its certificate: an IAM server certificate in
   * China (CloudFront there takes no ACM certificate, and serves only ICP-filed domains), an ACM
   * certificate from us-east-1 elsewhere.
   */
  readonly webDomain?: {
    readonly name: string;
    readonly iamCertificateId?: string;
    readonly acmCertificateArn?: string;
  };
  /** The API's own domain, with an ACM certificate of the stack's region (imported in China). */
  readonly apiDomain?: { readonly name: string; readonly certificateArn: string };
  /** Steady-state request rate and burst allowed on the API stage. */
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  /**
   * Reserved concurrency per function (`-c reservedConcurrency=api:40,router:5,…`; `none` for an
   * account whose concurrency quota is still the new-account minimum, which cannot reserve any).
   */
  readonly reservedConcurrency?: Readonly<
    Record<"api" | "router" | "dispatch" | "sweeper", number>
  >;
  /** Days each copied audit checkpoint is locked (S3 Object Lock, compliance mode). */
  readonly checkpointRetentionDays: number;
  /** The account is recorded by its organisation's trail: the stack creates no trail of its own. */
  readonly organizationTrail: boolean;
}

/**
 * Every context key the platform reads (`-c key=value`), with what it sets. The one list the
 * deployment guide (docs/deploy-china.md) is held against: readConfig reads no other key.
 */
export const CONTEXT_KEYS = {
  stage: "stage name, prefix of every resource name (default dev)",
  region: "target region; required for every stage but dev (default cn-northwest-1)",
  outsideChina: "why a stage may hold its data outside AWS China (required outside cn-)",
  jwtIssuer: "external OIDC issuer URL (required in China but for an offline dev synth)",
  jwtAudience: "client id the issuer's tokens are issued to",
  jwksUrl: "the issuer's JWKS URL (default <issuer>/.well-known/jwks.json)",
  auditBreakGlassRoleArn: "the only role that may change the audit table or its policy",
  alarmEmail: "e-mail address subscribed to the alarm topic",
  referencePrefix: "prefix of reference numbers (default SGL)",
  corsOrigins: "extra browser origins allowed to call the API (comma-separated)",
  webCountries: "countries CloudFront serves the web app to (default CN)",
  webAclArn: "CLOUDFRONT-scope WAF web ACL (us-east-1; not in China)",
  webDomain: "the web app's domain (ICP-filed in China)",
  webCertificateIamId: "IAM server certificate id for webDomain (China)",
  webCertificateArn: "ACM certificate ARN in us-east-1 for webDomain (outside China)",
  apiDomain: "the API's domain (ICP-filed in China)",
  apiCertificateArn: "ACM certificate ARN in the stack's region for apiDomain",
  cognitoPlus: "Cognito Plus tier, outside China (default false)",
  authDomainPrefix: "prefix of the Cognito hosted login's domain (default cp-<stage>-<account>)",
  apiRateLimit: "API requests per second (default 50)",
  apiBurstLimit: "API burst (default 100)",
  reservedConcurrency: "api:40,router:5,dispatch:5,sweeper:1 or none",
  checkpointRetentionDays: "days each copied audit checkpoint is locked (default 3650; dev 1)",
  organizationTrail: "true when an organisation trail records the account (no trail of its own)",
} as const;

/**
 * How long copied checkpoints stay locked by default: ten years, as long as a case file may
 * matter (a child reported at six is an adult at sixteen; local policy, not a statutory period).
 * Compliance mode cannot be shortened afterwards, so `dev` locks for one day.
 */
const DEFAULT_CHECKPOINT_RETENTION_DAYS = 3650;

type ContextKey = keyof typeof CONTEXT_KEYS;

/**
 * Reserved concurrency by default: the API's bursts cannot take the router's and dispatch's
 * capacity (a report must still be routed while supervisors hammer the figures), and one sweeper
 * at a time (two overlapping sweeps would only race each other). Needs an account quota above
 * 100 + the sum (Lambda keeps 100 unreserved).
 */
const DEFAULT_RESERVED_CONCURRENCY = {
  api: 40,
  router: 5,
  dispatch: 5,
  sweeper: 1,
} as const;

function reservedConcurrencyOf(value: string | undefined): PlatformConfig["reservedConcurrency"] {
  if (value === "none") return undefined;
  const result: Record<string, number> = { ...DEFAULT_RESERVED_CONCURRENCY };
  for (const item of list(value)) {
    const [name, count] = item.split(":");
    if (name === undefined || !(name in result) || !/^\d+$/.test(count ?? "")) {
      throw new Error(
        `reservedConcurrency: "${item}" is not <api|router|dispatch|sweeper>:<count>`,
      );
    }
    result[name] = Number(count);
  }
  return result as PlatformConfig["reservedConcurrency"];
}

/**
 * The region of the `dev` stage when none is given: AWS China (Ningxia). Personal information
 * handled for state organs is to be stored inside the PRC (个人信息保护法 Art. 36, as we read it:
 * "国家机关处理的个人信息应当在中华人民共和国境内存储"; the wording is quoted from memory, check the
 * official text before relying on it). Every other stage must name its region (`-c region=…`):
 * the CLI profile's region is never used, because it follows the operator, not the data.
 */
export const DEFAULT_REGION = "cn-northwest-1";

/** The stage that may omit `-c region`. */
export const DEV_STAGE = "dev";

/**
 * The issuer of an offline `dev` synth in China with no `-c jwtIssuer`: a reserved `.invalid`
 * name, so a stack deployed with it accepts no token at all rather than a wrong one.
 */
export const PLACEHOLDER_ISSUER = "https://oidc.example.invalid";

/** Shortest reason accepted for `-c outsideChina=…` ("true" is not a reason). */
const MIN_REASON_LENGTH = 10;

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
  const context = (key: ContextKey): unknown => scope.node.tryGetContext(key);
  const stage = String(context("stage") ?? "dev");
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`stage "${stage}" must match ${STAGE_PATTERN} (it prefixes resource names)`);
  }
  if (stage === "local") {
    throw new Error('stage "local" is the laptop stack (it serves dev tokens); never deploy it');
  }
  const countries = list(context("webCountries"));
  const region = regionOf(stage, optional(context("region")));
  const outsideChinaReason = outsideChina(stage, region, optional(context("outsideChina")));
  let issuer = optional(context("jwtIssuer"));
  let audience = optional(context("jwtAudience"));
  if (issuer === undefined && isChinaRegion(region) && stage === DEV_STAGE) {
    // An offline look at the dev templates needs no identity provider; see PLACEHOLDER_ISSUER.
    issuer = PLACEHOLDER_ISSUER;
    audience ??= "cp-web";
  }
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
    outsideChinaReason,
    auditBreakGlassRoleArn: optional(context("auditBreakGlassRoleArn")),
    alarmEmail: optional(context("alarmEmail")),
    referencePrefix: String(context("referencePrefix") ?? "SGL"),
    corsOrigins: list(context("corsOrigins")),
    webCountries: countries.length > 0 ? countries : ["CN"],
    webAclArn: optional(context("webAclArn")),
    webDomain: webDomainOf(
      region,
      optional(context("webDomain")),
      optional(context("webCertificateIamId")),
      optional(context("webCertificateArn")),
    ),
    apiDomain: apiDomainOf(optional(context("apiDomain")), optional(context("apiCertificateArn"))),
    cognitoPlus: String(context("cognitoPlus") ?? "false") === "true",
    authDomainPrefix: optional(context("authDomainPrefix")),
    apiRateLimit: Number(context("apiRateLimit") ?? 50),
    apiBurstLimit: Number(context("apiBurstLimit") ?? 100),
    reservedConcurrency: reservedConcurrencyOf(optional(context("reservedConcurrency"))),
    checkpointRetentionDays: retentionDaysOf(stage, optional(context("checkpointRetentionDays"))),
    organizationTrail: String(context("organizationTrail") ?? "false") === "true",
  };
}

function retentionDaysOf(stage: string, value: string | undefined): number {
  if (value === undefined) return stage === DEV_STAGE ? 1 : DEFAULT_CHECKPOINT_RETENTION_DAYS;
  if (!/^[1-9]\d{0,4}$/.test(value)) {
    throw new Error(`checkpointRetentionDays: "${value}" is not a number of days (1–99999)`);
  }
  return Number(value);
}

/** `-c webDomain` with the one certificate CloudFront takes in that partition. */
function webDomainOf(
  region: string,
  name: string | undefined,
  iamCertificateId: string | undefined,
  acmCertificateArn: string | undefined,
): PlatformConfig["webDomain"] {
  if (name === undefined) {
    if (iamCertificateId !== undefined || acmCertificateArn !== undefined) {
      throw new Error("webCertificateIamId / webCertificateArn need -c webDomain=<domain>");
    }
    return undefined;
  }
  if (isChinaRegion(region)) {
    if (iamCertificateId === undefined || acmCertificateArn !== undefined) {
      throw new Error(
        `webDomain in ${region}: CloudFront in China takes an IAM server certificate, not ACM: pass -c webCertificateIamId=<ServerCertificateId> (see docs/deploy-china.md)`,
      );
    }
    return { name, iamCertificateId };
  }
  if ((iamCertificateId === undefined) === (acmCertificateArn === undefined)) {
    throw new Error(
      "webDomain needs one certificate: -c webCertificateArn=<ACM ARN in us-east-1> or -c webCertificateIamId=<id>",
    );
  }
  return { name, iamCertificateId, acmCertificateArn };
}

function apiDomainOf(
  name: string | undefined,
  certificateArn: string | undefined,
): PlatformConfig["apiDomain"] {
  if ((name === undefined) !== (certificateArn === undefined)) {
    throw new Error(
      "apiDomain and apiCertificateArn go together (an ACM certificate in the stack's region)",
    );
  }
  return name !== undefined && certificateArn !== undefined ? { name, certificateArn } : undefined;
}

/** `-c region`, required outside the dev stage; the dev stage defaults to AWS China. */
function regionOf(stage: string, region: string | undefined): string {
  if (region !== undefined) return region;
  if (stage === DEV_STAGE) return DEFAULT_REGION;
  throw new Error(
    `stage "${stage}" needs -c region=<region> (e.g. cn-northwest-1); the CLI profile's region is not used`,
  );
}

/**
 * Outside the AWS China regions a deployment needs `-c outsideChina="<reason>"`; the reason is
 * printed and returned (the stack carries it as a tag). Refuses the region without one.
 */
function outsideChina(
  stage: string,
  region: string,
  reason: string | undefined,
): string | undefined {
  if (isChinaRegion(region)) return undefined;
  if (reason === undefined || reason.trim().length < MIN_REASON_LENGTH || reason === "true") {
    throw new Error(
      `${region} is outside the AWS China regions. Children's and reporters' personal data handled for state organs is to be stored in China (个人信息保护法 Art. 36). Deploy to cn-northwest-1 or cn-north-1, or pass -c outsideChina="<why this stage may hold its data in ${region}>" (at least ${MIN_REASON_LENGTH} characters).`,
    );
  }
  process.stderr.write(
    `NOTICE: stage "${stage}" in ${region}, outside China (个人信息保护法 Art. 36 asks for storage in China). Override given: ${reason}\n`,
  );
  return reason.trim();
}

/** Regions of the aws-cn partition (Beijing, Ningxia). */
export function isChinaRegion(region: string): boolean {
  return region.startsWith("cn-");
}

/** The physical name of a resource in a stage: `<stage>-<name>`. */
export function stageName(stage: string, name: string): string {
  return `${stage}-${name}`;
}
