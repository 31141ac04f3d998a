import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { afterAll, describe, expect, it, vi } from "vitest";
import { FUNCTION_NAMES } from "../../infra/bundling.ts";
import { DEFAULT_REGION, PLACEHOLDER_ISSUER } from "../../infra/config.ts";
import { createPlatformApp } from "../../infra/platform-app.ts";
import { NO_BUNDLING } from "./synth.ts";

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** Builds the app exactly as `cdk synth -c …` would, with only the given context. */
function build(context: Record<string, unknown>) {
  const outdir = mkdtempSync(path.join(tmpdir(), "cp-region-"));
  outdirs.push(outdir);
  return createPlatformApp({ context: { ...NO_BUNDLING, ...context }, webAssetPath: null, outdir });
}

const CHINA_ISSUER = { jwtIssuer: "https://idp.example.cn/realms/cp", jwtAudience: "cp-web" };
let prodChina: Template | undefined;
/** `-c stage=prod -c region=cn-northwest-1`, built once for the tests that read it. */
const prodChinaTemplate = () => {
  prodChina ??= Template.fromStack(
    build({ stage: "prod", region: "cn-northwest-1", ...CHINA_ISSUER }).stack,
  );
  return prodChina;
};

describe("region", () => {
  it("the dev stage defaults to an AWS China region, whatever the CLI profile says", () => {
    vi.stubEnv("CDK_DEFAULT_REGION", "us-east-1");
    try {
      const { stack } = build({});
      expect(DEFAULT_REGION).toMatch(/^cn-/);
      expect(stack.region).toBe(DEFAULT_REGION);
      // Offline dev synth in China without an identity provider: an issuer that accepts nothing.
      const authorizer = Template.fromStack(stack).findResources("AWS::ApiGatewayV2::Authorizer");
      expect(JSON.stringify(authorizer)).toContain(PLACEHOLDER_ISSUER);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 300_000);

  it("requires -c region outside the dev stage", () => {
    expect(() => build({ stage: "prod", ...CHINA_ISSUER })).toThrow(/needs -c region=/);
    expect(() => build({ stage: "staging", ...CHINA_ISSUER })).toThrow(/needs -c region=/);
  });

  it("refuses a region outside China without a reason, and says why", () => {
    for (const stage of ["dev", "prod"]) {
      expect(() => build({ stage, region: "eu-west-1" })).toThrow(/个人信息保护法 Art\. 36/);
      expect(() => build({ stage, region: "eu-west-1", outsideChina: "true" })).toThrow(
        /outsideChina=/,
      );
    }
  });

  it("a prod stage outside China with a reason prints it and keeps it in the template", () => {
    const printed = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const reason = "pilot for a partner outside the PRC, no Chinese users";
      const { stack } = build({ stage: "prod", region: "eu-west-1", outsideChina: reason });
      expect(printed.mock.calls.map(([text]) => String(text)).join("")).toContain(reason);
      expect(Template.fromStack(stack).toJSON().Metadata).toMatchObject({
        OutsideChinaReason: reason,
      });
    } finally {
      printed.mockRestore();
    }
  }, 120_000);

  it("prod in China needs no override and has no X-Ray (not offered there)", () => {
    const template = prodChinaTemplate();
    expect(template.toJSON().Metadata?.OutsideChinaReason).toBeUndefined();
    const functions = Object.values(template.findResources("AWS::Lambda::Function")).filter((f) =>
      String(
        (f as { Properties: { FunctionName?: string } }).Properties.FunctionName ?? "",
      ).startsWith("prod-cp-"),
    ) as { Properties: Record<string, unknown> }[];
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const fn of functions) expect(fn.Properties.TracingConfig).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain("xray:");
  }, 120_000);
});

describe("named stateful resources", () => {
  it("survive a stack delete but not a rolled-back first create (RETAIN_ON_UPDATE_OR_DELETE)", () => {
    const resources = prodChinaTemplate().toJSON().Resources as Record<
      string,
      { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }
    >;
    const stateful = [
      "AWS::DynamoDB::GlobalTable",
      "AWS::KMS::Key",
      "AWS::SecretsManager::Secret",
      "AWS::Logs::LogGroup",
    ];
    const found = Object.values(resources).filter((r) => stateful.includes(r.Type));
    expect(new Set(found.map((r) => r.Type))).toEqual(new Set(stateful));
    for (const resource of found) {
      expect(resource, resource.Type).toMatchObject({
        DeletionPolicy: "RetainExceptOnCreate",
        UpdateReplacePolicy: "Retain",
      });
    }
  }, 120_000);
});
