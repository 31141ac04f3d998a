/**
 * The web bucket's encryption and the headers CloudFront adds to every page, on the global and
 * the China prod templates; and the alarm on bursts of refusals from the security log.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { WEB_CSP } from "@cp/local/web";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHINA_PROD_CONTEXT, type Synthesized, synthesize } from "./synth.ts";

const webBuild = mkdtempSync(path.join(tmpdir(), "cp-web-"));
writeFileSync(path.join(webBuild, "index.html"), "<!doctype html><title>cp</title>");

const apps: Record<string, Synthesized> = {};
beforeAll(() => {
  apps.global = synthesize({ webAssetPath: webBuild, context: { stage: "prod" } });
  apps.china = synthesize({
    webAssetPath: webBuild,
    context: {
      ...CHINA_PROD_CONTEXT,
      webDomain: "cp.example.cn",
      webCertificateIamId: "ASCAEXAMPLE",
      apiDomain: "api.cp.example.cn",
      apiCertificateArn: "arn:aws-cn:acm:cn-northwest-1:111122223333:certificate/x",
    },
  });
}, 180_000);
afterAll(() => {
  for (const synth of Object.values(apps)) synth.cleanup();
  rmSync(webBuild, { recursive: true, force: true });
});

const template = (name: string) => (apps[name] as Synthesized).template;

/** The Content-Security-Policy CloudFront sends, as directives. */
function cspOf(name: string): Map<string, string> {
  const policies = Object.values(
    template(name).findResources("AWS::CloudFront::ResponseHeadersPolicy"),
  ) as { Properties: any }[];
  expect(policies).toHaveLength(1);
  const csp = JSON.stringify(
    policies[0]?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
      .ContentSecurityPolicy,
  );
  return new Map(
    csp
      .replace(/^"|"$/g, "")
      .split(/;\s*/)
      .map((d) => [d.split(" ")[0] as string, d]),
  );
}

describe("web bucket", () => {
  it("global: SSE-KMS with its own rotating key, readable by CloudFront of this account only", () => {
    const t = template("global");
    const site = Object.entries(t.findResources("AWS::S3::Bucket")).find(
      ([, b]) => (b as any).Properties.LoggingConfiguration,
    ) as [string, any];
    expect(site[1].Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    const sse = site[1].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe("aws:kms");
    const keyId = sse.ServerSideEncryptionByDefault.KMSMasterKeyID["Fn::GetAtt"][0];
    const key = t.toJSON().Resources[keyId].Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const cloudFront = key.KeyPolicy.Statement.find(
      (s: any) => s.Principal?.Service === "cloudfront.amazonaws.com",
    );
    expect(cloudFront.Action).toContain("kms:Decrypt");
    expect(JSON.stringify(cloudFront.Condition)).toContain("AWS:SourceArn");
    expect(JSON.stringify(cloudFront.Condition)).toContain(":distribution/");
  });

  it("China: S3-managed keys, since an origin access identity cannot read SSE-KMS objects", () => {
    const t = template("china");
    t.resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 1);
    const site = Object.values(t.findResources("AWS::S3::Bucket")).find(
      (b) => (b as any).Properties.LoggingConfiguration,
    ) as any;
    expect(site.Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(
      site.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]
        .ServerSideEncryptionByDefault.SSEAlgorithm,
    ).toBe("AES256");
  });
});

describe("response headers", () => {
  it.each(["global", "china"])(
    "%s: the local server's CSP, with the API and sign-in origins in connect-src",
    (name) => {
      const directives = cspOf(name);
      const local = new Map(WEB_CSP.split("; ").map((d) => [d.split(" ")[0] as string, d]));
      expect([...directives.keys()].sort()).toEqual([...local.keys()].sort());
      for (const [directive, value] of local) {
        if (directive === "connect-src") continue;
        expect(directives.get(directive)).toBe(value);
      }
      expect(directives.get("frame-ancestors")).toBe("frame-ancestors 'none'");
      const connect = directives.get("connect-src") ?? "";
      expect(connect.startsWith("connect-src 'self' ")).toBe(true);
      if (name === "china") {
        expect(connect).toContain("https://api.cp.example.cn");
        expect(connect).toContain("https://idp.example.cn");
      } else {
        expect(connect).toContain("execute-api.ap-southeast-1.");
        expect(connect).toContain("https://cognito-idp.ap-southeast-1.amazonaws.com");
        expect(connect).toContain(".auth.ap-southeast-1.amazoncognito.com");
      }
    },
  );

  it.each(["global", "china"])("%s: HSTS, nosniff, same-origin referrer, no framing", (name) => {
    template(name).hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 63_072_000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: "DENY", Override: true },
          ReferrerPolicy: { ReferrerPolicy: "same-origin", Override: true },
        }),
      },
    });
    const distribution = Object.values(
      template(name).findResources("AWS::CloudFront::Distribution"),
    )[0] as any;
    expect(
      distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId,
    ).toEqual({ Ref: expect.stringMatching(/Headers/) });
  });
});

describe("refusal bursts", () => {
  it("an alarm fires on any burst of refusals by one caller, of any kind", () => {
    const t = template("china");
    const alarms = Object.values(t.findResources("AWS::CloudWatch::Alarm")) as any[];
    const alarm = alarms.find((a) => a.Properties.AlarmName === "prod-cp-security-refusal-bursts");
    expect(alarm).toBeDefined();
    expect(alarm.Properties.Threshold).toBe(0);
    expect(alarm.Properties.ComparisonOperator).toBe("GreaterThanThreshold");
    const metrics = alarm.Properties.Metrics.filter((m: any) => m.MetricStat);
    expect(metrics.map((m: any) => m.MetricStat.Metric.MetricName)).toEqual(
      Array(4).fill("SecurityRefusalBursts"),
    );
    expect(
      metrics.map(
        (m: any) =>
          m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === "kind").Value as string,
      ),
    ).toEqual(["unauthenticated", "forbidden", "refused_object", "rate_limited"]);
    expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });
});
