import { webCsp } from "@cp/local/web";
import {
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  type CfnDistribution,
  Distribution,
  GeoRestriction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { AccountRootPrincipal, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import type { PlatformConfig } from "../config.ts";
import { administrationOnly } from "./encryption.ts";

export interface WebProps {
  /** The built web app (`packages/web/dist`). */
  readonly assetPath: string;
  /** Countries the distribution serves. */
  readonly countries: readonly string[];
  /** A CLOUDFRONT-scope WAF web ACL (it must live in us-east-1). */
  readonly webAclArn?: string;
  /**
   * Use an origin access identity instead of origin access control: aws-cn CloudFront has no
   * OAC yet, so this is on in China regions.
   */
  readonly originAccessIdentity?: boolean;
  /** The site's own domain and certificate (infra/config.ts, webDomain). */
  readonly domain?: PlatformConfig["webDomain"];
  /**
   * Origins the app calls besides its own (the API, the OIDC issuer and its login and token
   * endpoints): the `connect-src` of its Content-Security-Policy.
   */
  readonly connectOrigins: readonly string[];
}

/** What `/config.json` tells the web app (packages/web/src/config.ts reads it). */
export interface WebRuntimeConfig {
  readonly stage: string;
  readonly apiBase: string;
  readonly auth: {
    readonly mode: "oidc";
    /** The OIDC issuer: its discovery document names the login and token endpoints. */
    readonly authority: string;
    readonly clientId: string;
    readonly scope: string;
    /** The API's JWT authorizer checks `aud`, which ID tokens carry. */
    readonly token: "id";
  };
}

/**
 * The web app's hosting seam: a private S3 bucket behind CloudFront with origin access control,
 * filled from the built app. The stack adds it only when `packages/web/dist` exists, so the
 * platform deploys before and after the web app lands.
 */
export class Web extends Construct {
  readonly bucket: Bucket;
  /** The site bucket's key; none where an origin access identity reads it (aws-cn). */
  readonly key?: Key;
  readonly distribution: Distribution;
  /** `https://<domain>` the app is served from: the custom domain if given, else CloudFront's. */
  readonly url: string;
  private readonly assetPath: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const logs = new Bucket(this, "Logs", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    Validations.of(logs).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "This is the access-log bucket for the site bucket and the distribution; logging it into itself would loop.",
    });
    Validations.of(logs).acknowledge({
      id: "NIST.800.53.R5-S3DefaultEncryptionKMS",
      reason:
        "S3 server access logging and CloudFront standard logging deliver only to buckets encrypted with S3-managed keys (SSE-KMS targets are not supported); the logs hold request lines, no personal data.",
    });
    Validations.of(logs).acknowledge({
      id: "NIST.800.53.R5-S3BucketVersioningEnabled",
      reason:
        "Log objects are written once and never overwritten; versions would only keep deleted logs past their 400-day expiry.",
    });
    for (const bucket of [logs]) this.acknowledgeReplication(bucket);

    // SSE-KMS with a key of its own where CloudFront reads through origin access control (the
    // origin adds the key-policy statement for CloudFront, pinned by aws:SourceArn to this
    // account's distributions); an origin access identity (aws-cn) cannot read SSE-KMS objects.
    this.key = props.originAccessIdentity
      ? undefined
      : new Key(this, "Key", {
          description: "Encrypts the web app's build in its bucket",
          enableKeyRotation: true,
          removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
          policy: administrationOnly(),
        });
    // Writing the build (the deployment's copy function) goes through S3 of this account.
    this.key?.addToResourcePolicy(
      new PolicyStatement({
        sid: "UseThroughS3OfThisAccount",
        principals: [new AccountRootPrincipal()],
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
        resources: ["*"],
        conditions: {
          StringEquals: {
            "kms:CallerAccount": Stack.of(this).account,
            "kms:ViaService": `s3.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`,
          },
        },
      }),
    );
    this.bucket = new Bucket(this, "Site", {
      ...(this.key
        ? { encryption: BucketEncryption.KMS, encryptionKey: this.key, bucketKeyEnabled: true }
        : { encryption: BucketEncryption.S3_MANAGED }),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: "s3/",
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    if (!this.key) {
      Validations.of(this.bucket).acknowledge({
        id: "NIST.800.53.R5-S3DefaultEncryptionKMS",
        reason:
          "In aws-cn CloudFront reads the bucket through an origin access identity, which cannot read SSE-KMS objects; the bucket holds the public build of the web app only (no personal data), encrypted with S3-managed keys.",
      });
    }
    this.acknowledgeReplication(this.bucket);

    this.distribution = new Distribution(this, "Distribution", {
      comment: "Child-protection web app",
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: props.originAccessIdentity
          ? S3BucketOrigin.withOriginAccessIdentity(this.bucket)
          : S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.headersPolicy(props.connectOrigins),
      },
      // Client-side routes: unknown paths load the app, which renders its own 404.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: "/index.html",
        ttl: Duration.minutes(1),
      })),
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      geoRestriction: GeoRestriction.allowlist(...props.countries),
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: "cloudfront/",
      webAclId: props.webAclArn,
      ...(props.domain?.acmCertificateArn
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(
              this,
              "Certificate",
              props.domain.acmCertificateArn,
            ),
          }
        : {}),
    });
    if (props.domain?.iamCertificateId) {
      // CloudFront in China takes only IAM server certificates, which the L2 does not model.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride("DistributionConfig.Aliases", [props.domain.name]);
      cfn.addPropertyOverride("DistributionConfig.ViewerCertificate", {
        IamCertificateId: props.domain.iamCertificateId,
        SslSupportMethod: "sni-only",
        MinimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      });
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "The IAM server certificate is set by a property override (TLSv1.2_2021, SNI), which the rule does not read; tests/infra/deploy-doc.test.ts asserts it on the template.",
      });
    }
    this.url = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
    if (!props.domain)
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "Without a custom domain CloudFront serves its default certificate, whose policy CloudFront fixes at TLSv1; TLS 1.2 (TLS_V1_2_2021) applies once a domain and its certificate are attached (-c webDomain).",
      });
    if (props.originAccessIdentity) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR7",
        reason:
          "CloudFront in the aws-cn partition has no origin access control; the bucket is private and readable only through this distribution's origin access identity.",
      });
    }
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR2",
        reason:
          "The distribution serves static files only; the data sits behind the API's JWT authorizer and throttling. A CLOUDFRONT WAF web ACL must be created in us-east-1, outside this regional stack: pass it with -c webAclArn=....",
      });
    }

    this.assetPath = props.assetPath;
  }

  /**
   * Fills the bucket with the built app and its `/config.json` (the app reads it at start: API
   * URL, stage, OIDC issuer and client id), written at deploy time from the stack's values.
   * Called once the API and the sign-in exist.
   */
  deploy(config: WebRuntimeConfig): void {
    new BucketDeployment(this, "Deploy", {
      sources: [Source.asset(this.assetPath), Source.jsonData("config.json", config)],
      // The build's brotli and gzip copies are for the local server; CloudFront compresses itself.
      exclude: ["*.br", "*.gz"],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ["/*"],
    });
    this.acknowledgeDeploymentProvider();
  }

  /**
   * The headers of every page: the Content-Security-Policy the local server sends
   * (packages/local/src/web.ts, one source) with the API and sign-in origins in `connect-src`,
   * no framing (frame-ancestors 'none' and X-Frame-Options), HSTS for two years, nosniff, and no
   * referrer beyond this origin (paths may name a case).
   */
  private headersPolicy(connectOrigins: readonly string[]): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, "Headers", {
      comment: "Child-protection web app: CSP, HSTS, nosniff, referrer, no framing",
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: webCsp(connectOrigins), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
    });
  }

  /** Cross-region replication would copy data out of the region the law keeps it in. */
  private acknowledgeReplication(bucket: Bucket): void {
    Validations.of(bucket).acknowledge({
      id: "NIST.800.53.R5-S3BucketReplicationEnabled",
      reason:
        "Replicating to another region would move data out of the region it must stay in (个人信息保护法 Art. 40 for the China deployment); the site is rebuilt from the repository and the logs are kept in-region.",
    });
  }

  /**
   * BucketDeployment runs a CDK-provided function at deploy time only (it copies the build and
   * invalidates the cache); its role and runtime are the construct's, not ours to shape.
   */
  private acknowledgeDeploymentProvider(): void {
    const stack = Stack.of(this);
    const provider = stack.node.children.find((child) =>
      child.node.id.startsWith("Custom::CDKBucketDeployment"),
    );
    if (!provider) throw new Error("BucketDeployment provider function not found");
    const literal = (value: string, pseudo: string) =>
      Token.isUnresolved(value) ? `<${pseudo}>` : value;
    const partition = literal(stack.partition, "AWS::Partition");
    const region = literal(stack.region, "AWS::Region");
    const siteBucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const assetsBucket = `arn:${partition}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${region}/*`;
    const copyReason =
      "Granted by BucketDeployment to its deploy-time copy function: read the asset from the CDK bootstrap bucket and sync it into the site bucket; scoped to those two buckets.";
    const findings: Record<string, string> = {
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]":
        "The deploy-time copy function of BucketDeployment logs through the AWS basic execution policy; the construct creates that role itself.",
      "AwsSolutions-IAM5[Action::s3:GetBucket*]": copyReason,
      "AwsSolutions-IAM5[Action::s3:GetObject*]": copyReason,
      "AwsSolutions-IAM5[Action::s3:List*]": copyReason,
      "AwsSolutions-IAM5[Action::s3:Abort*]": copyReason,
      "AwsSolutions-IAM5[Action::s3:DeleteObject*]": `${copyReason} Delete removes files dropped from the build.`,
      [`AwsSolutions-IAM5[Resource::${assetsBucket}]`]: copyReason,
      [`AwsSolutions-IAM5[Resource::<${siteBucketId}.Arn>/*]`]: copyReason,
      "AwsSolutions-IAM5[Resource::*]":
        "cloudfront:CreateInvalidation and cloudfront:GetInvalidation after the copy, as BucketDeployment grants them.",
      "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]": `${copyReason} Writing into the SSE-KMS site bucket needs data keys of the site's key (granted on that key only).`,
      "AwsSolutions-IAM5[Action::kms:ReEncrypt*]": `${copyReason} Granted with read-write on the SSE-KMS site bucket, on the site's key only.`,
      "AwsSolutions-L1":
        "The copy function's Python runtime is pinned by the aws-cdk-lib release; it runs only during deployments.",
      "NIST.800.53.R5-IAMNoInlinePolicy":
        "BucketDeployment writes its copy function's grants into that role's own policy; the construct, not this stack, shapes the role.",
      "NIST.800.53.R5-LambdaConcurrency":
        "The copy function runs once per deployment, started by CloudFormation; it needs no concurrency cap.",
      "NIST.800.53.R5-LambdaDLQ":
        "CloudFormation invokes the copy function and reports its failure as a failed deployment; there is no asynchronous event to keep.",
      "NIST.800.53.R5-LambdaInsideVPC":
        "The copy function talks only to S3 and CloudFront during a deployment; a VPC would add NAT or endpoints for no network boundary.",
    };
    for (const [id, reason] of Object.entries(findings))
      Validations.of(provider).acknowledge({ id, reason });
  }
}
