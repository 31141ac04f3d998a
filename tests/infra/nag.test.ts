import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Validations } from "aws-cdk-lib";
import { NIST80053R5Checks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Synthesized, synthesize } from "./synth.ts";

/** Acknowledged rule ids and their reasons, anywhere in the construct tree. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ""),
          reason,
        })),
      ),
  );
}

function findings(synth: Synthesized): string[] {
  return synth.nag
    .validateScope(synth.app)
    .violations.map(
      (v) =>
        `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(", ")}`,
    );
}

const webBuild = mkdtempSync(path.join(tmpdir(), "cp-web-"));
writeFileSync(path.join(webBuild, "index.html"), "<!doctype html><title>cp</title>");

const apps: Record<string, Synthesized> = {};
beforeAll(() => {
  apps.dev = synthesize();
  apps.web = synthesize({
    webAssetPath: webBuild,
    context: { stage: "prod", alarmEmail: "ops@example.org" },
  });
  apps.china = synthesize({
    webAssetPath: webBuild,
    context: {
      region: "cn-northwest-1",
      jwtIssuer: "https://idp.example.cn/realms/cp",
      jwtAudience: "cp-web",
    },
  });
}, 120_000);
afterAll(() => {
  for (const synth of Object.values(apps)) synth.cleanup();
  rmSync(webBuild, { recursive: true, force: true });
});

describe("cdk-nag AwsSolutions", () => {
  it.each(["dev", "web", "china"])("%s: no unacknowledged error or warning", (name) => {
    expect(findings(apps[name] as Synthesized)).toEqual([]);
  });

  it("finds what it should: an unacknowledged wildcard is reported", async () => {
    const { PolicyStatement } = await import("aws-cdk-lib/aws-iam");
    const probe = synthesize();
    const role = probe.stack.node
      .findAll()
      .find((c) => c.node.path.endsWith("Workers/Router/Role"));
    (role as unknown as { addToPrincipalPolicy(s: unknown): void }).addToPrincipalPolicy(
      new PolicyStatement({ actions: ["dynamodb:*"], resources: ["*"] }),
    );
    expect(findings(probe).join("\n")).toContain("AwsSolutions-IAM5[Action::dynamodb:*]");
    probe.cleanup();
  }, 120_000);

  it("every acknowledgement names a specific rule and gives a reason", () => {
    // Ours only: CDK acknowledges a few CloudFormation-Validate notes on its own constructs.
    const all = Object.values(apps)
      .flatMap((synth) => acknowledgements(synth.app))
      .filter(({ id }) => id.startsWith("AwsSolutions"));
    expect(all.length).toBeGreaterThan(0);
    for (const { path: at, id, reason } of all) {
      expect(id, at).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length, `${id} at ${at}`).toBeGreaterThan(60);
    }
  });

  it("the CDK synth itself runs the pack (a finding fails `npm run synth`)", () => {
    expect(() => apps.dev?.app.synth({ force: true })).not.toThrow();
  });
});

/**
 * The NIST 800-53 rev 5 pack, run on the same synthesized apps (not as a synth-time plugin: the
 * AwsSolutions pack is the gate of `npm run synth`). Every finding the platform keeps is
 * acknowledged with its reason on the construct (decision record 0010); at most
 * NIST_BUDGET may stand unacknowledged.
 */
const NIST_BUDGET = 10;

function nistFindings(synth: Synthesized): string[] {
  return new NIST80053R5Checks(synth.app)
    .validateScope(synth.app)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`),
    );
}

describe("cdk-nag NIST 800-53 rev 5", () => {
  it.each(["dev", "web", "china"])(`%s: at most ${NIST_BUDGET} unacknowledged findings`, (name) => {
    const found = nistFindings(apps[name] as Synthesized);
    console.info(`NIST 800-53 R5 (${name}): ${found.length} unacknowledged\n${found.join("\n")}`);
    expect(found.length, found.join("\n")).toBeLessThanOrEqual(NIST_BUDGET);
  });

  it("every NIST acknowledgement names a rule of the pack and gives a reason", () => {
    const all = Object.values(apps)
      .flatMap((synth) => acknowledgements(synth.app))
      .filter(({ id }) => id.startsWith("NIST"));
    expect(all.length).toBeGreaterThan(0);
    for (const { path: at, id, reason } of all) {
      expect(id, at).toMatch(/^NIST\.800\.53\.R5-[A-Za-z0-9]+$/);
      expect(reason.length, `${id} at ${at}`).toBeGreaterThan(60);
    }
  });
});

describe("web hosting seam", () => {
  it("adds nothing without a web build", () => {
    apps.dev?.template.resourceCountIs("AWS::CloudFront::Distribution", 0);
    apps.dev?.template.resourceCountIs("Custom::CDKBucketDeployment", 0);
    // The checkpoint copies' and the trail's buckets only.
    apps.dev?.template.resourceCountIs("AWS::S3::Bucket", 2);
  });

  it("serves the build from a private bucket through CloudFront with OAC", () => {
    const { template } = apps.web as Synthesized;
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    template.resourceCountIs("Custom::CDKBucketDeployment", 1);
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: "s3/" },
    });
  });
});

describe("aws-cn", () => {
  it("builds every ARN in the aws-cn partition and has no Cognito pool", () => {
    const { template } = apps.china as Synthesized;
    const json = JSON.stringify(template.toJSON());
    expect(json).toContain("arn:aws-cn:");
    expect(json).not.toMatch(/arn:aws:/);
    template.resourceCountIs("AWS::Cognito::UserPool", 0);
    template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 0);
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      JwtConfiguration: { Issuer: "https://idp.example.cn/realms/cp", Audience: ["cp-web"] },
    });
  });

  it("refuses an aws-cn region without an external token issuer", async () => {
    const { createPlatformApp } = await import("../../infra/platform-app.ts");
    expect(() =>
      createPlatformApp({ context: { region: "cn-north-1", stage: "prod" }, webAssetPath: null }),
    ).toThrow(/no Cognito user pools/);
  });
});
