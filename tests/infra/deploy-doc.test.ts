/**
 * docs/deploy-china.md and the README's deploy section, held to the code: the context keys they
 * name are the ones infra/config.ts reads, the npm scripts exist, and their deploy commands
 * synthesize into what the page promises (custom domains with the right certificates).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ChannelSecretsSchema } from "@cp/store/notifications/config";
import { Template } from "aws-cdk-lib/assertions";
import { Construct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { CONTEXT_KEYS, readConfig } from "../../infra/config.ts";
import { createPlatformApp } from "../../infra/platform-app.ts";
import { NO_BUNDLING } from "./synth.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const GUIDE = readFileSync(path.join(ROOT, "docs/deploy-china.md"), "utf8");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const DEPLOY_SECTION = README.slice(README.indexOf("## Deploying to AWS")).split(/\n## /)[0] ?? "";
const SCRIPTS = Object.keys(
  (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: object })
    .scripts,
);

const webBuild = mkdtempSync(path.join(tmpdir(), "cp-web-"));
writeFileSync(path.join(webBuild, "index.html"), "<!doctype html><title>cp</title>");
const outdirs: string[] = [webBuild];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** `-c key=value` pairs of one command line (values may be double-quoted). */
function contextOf(command: string): Record<string, string> {
  const pairs = [...command.matchAll(/-c ([A-Za-z]+)=("([^"]*)"|\S+)/g)];
  return Object.fromEntries(pairs.map((m) => [m[1] as string, m[3] ?? (m[2] as string)]));
}

const deployCommands = (text: string) =>
  text.split("\n").filter((line) => /^npm run (deploy|synth) -- /.test(line));

const synthesized = new Map<string, Template>();

/** The template `command` deploys (built once per distinct context). */
function synthOf(command: string): Template {
  const key = JSON.stringify(contextOf(command));
  const known = synthesized.get(key);
  if (known) return known;
  const outdir = mkdtempSync(path.join(tmpdir(), "cp-doc-"));
  outdirs.push(outdir);
  const { stack } = createPlatformApp({
    context: { ...NO_BUNDLING, ...contextOf(command) },
    webAssetPath: webBuild,
    outdir,
  });
  const template = Template.fromStack(stack);
  synthesized.set(key, template);
  return template;
}

describe("the deployment guide", () => {
  it("names only context keys infra/config.ts reads, and tabulates every one of them", () => {
    const named = [...`${GUIDE}\n${DEPLOY_SECTION}`.matchAll(/-c ([A-Za-z]+)=/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(10);
    for (const key of named) expect(Object.keys(CONTEXT_KEYS), `-c ${key}`).toContain(key);
    const tabulated = [...GUIDE.matchAll(/^\| `([A-Za-z]+)`\s*\|/gm)].map((m) => m[1]);
    expect(new Set(tabulated)).toEqual(new Set(Object.keys(CONTEXT_KEYS)));
  });

  it("readConfig reads no key outside that list", () => {
    const asked = new Set<string>();
    const scope = new Construct(undefined as never, "");
    scope.node.tryGetContext = (key: string) => {
      asked.add(key);
      return { stage: "prod", region: "cn-north-1", jwtIssuer: "https://i", jwtAudience: "a" }[key];
    };
    readConfig(scope);
    expect(asked.size).toBeGreaterThan(10);
    for (const key of asked) expect(Object.keys(CONTEXT_KEYS)).toContain(key);
  });

  it("its example of the channels' secret is one dispatch accepts", () => {
    const example = /```json\n\s*(\{\s*"webhooks"[\s\S]*?)```/.exec(GUIDE)?.[1];
    expect(example, "the secret's JSON example").toBeDefined();
    const parsed = ChannelSecretsSchema.safeParse(JSON.parse(example ?? ""));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(Object.keys(parsed.data?.sms?.recipients ?? {})).toEqual(["police", "supervisors"]);
  });

  it("names only npm scripts that exist", () => {
    const used = [...`${GUIDE}\n${DEPLOY_SECTION}`.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(used).toContain("deploy");
    for (const script of used) expect(SCRIPTS, `npm run ${script}`).toContain(script);
  });

  it("its China deploy command synthesizes with the ICP-filed domains and their certificates", () => {
    const commands = deployCommands(GUIDE);
    expect(commands.map((c) => c.split(" ")[2])).toEqual(["synth", "deploy"]);
    // The synth and the deploy command carry the same context.
    expect(contextOf(commands[0] as string)).toEqual(contextOf(commands[1] as string));
    const context = contextOf(commands[1] as string);
    expect(context.region).toMatch(/^cn-/);
    const template = synthOf(commands[1] as string);
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: {
        Aliases: [context.webDomain],
        ViewerCertificate: {
          IamCertificateId: context.webCertificateIamId,
          SslSupportMethod: "sni-only",
          MinimumProtocolVersion: "TLSv1.2_2021",
        },
      },
    });
    template.hasResourceProperties("AWS::ApiGatewayV2::DomainName", {
      DomainName: context.apiDomain,
      DomainNameConfigurations: [{ CertificateArn: context.apiCertificateArn }],
    });
    template.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 1);
    expect(Object.keys(template.toJSON().Outputs)).toEqual(
      expect.arrayContaining(["ApiUrl", "ApiDomainTarget", "WebUrl", "WebDistributionDomain"]),
    );
    expect(JSON.stringify(template.toJSON().Outputs.ApiUrl)).toContain(context.apiDomain);
  });

  it("the README's commands synthesize: the China one and the one outside China", () => {
    const commands = deployCommands(DEPLOY_SECTION);
    expect(commands).toHaveLength(2);
    const [china, global] = commands.map(synthOf) as [Template, Template];
    china.resourceCountIs("AWS::Cognito::UserPool", 0);
    global.resourceCountIs("AWS::Cognito::UserPool", 1);
    expect(global.toJSON().Metadata?.OutsideChinaReason).toMatch(/pilot/);
  });

  it("refuses a China web app without its ICP-filed domain, and an ACM certificate there", () => {
    const base = "-c stage=prod -c region=cn-northwest-1 -c jwtIssuer=https://i -c jwtAudience=a";
    expect(() => synthOf(`npm run deploy -- ${base}`)).toThrow(/needs -c webDomain=/);
    expect(() =>
      synthOf(
        `npm run deploy -- ${base} -c webDomain=cp.example.cn -c webCertificateArn=arn:aws-cn:acm:x`,
      ),
    ).toThrow(/IAM server certificate/);
  });
});
