/**
 * Builds the CDK app the way `cdk synth` does (cdk.json context, cdk-nag registered) into a
 * temporary cloud assembly, once per test file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import {
  createPlatformApp,
  type PlatformApp,
  type PlatformAppOptions,
} from "../../infra/platform-app.ts";

export interface Synthesized extends PlatformApp {
  readonly template: Template;
  readonly cleanup: () => void;
}

/**
 * The global-region variant most tests read (Cognito exists there); China variants pass their own
 * region. Outside China the override and its reason are required, as for an operator.
 */
/** A `prod` stage in an AWS China region, with the external issuer China needs. */
export const CHINA_PROD_CONTEXT = {
  stage: "prod",
  region: "cn-northwest-1",
  jwtIssuer: "https://idp.example.cn/realms/cp",
  jwtAudience: "cp-web",
} as const;

const GLOBAL_CONTEXT = {
  region: "ap-southeast-1",
  outsideChina: "infra tests of the global-region variant",
} as const;

/**
 * The templates are what these tests read; the bundles are measured by bundle-sizes.test.ts. No
 * bundling (CDK's own switch) keeps a synth to seconds on a busy machine.
 */
export const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] } as const;

export function synthesize(options: PlatformAppOptions = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), "cp-cdk-"));
  const built = createPlatformApp({
    webAssetPath: null,
    outdir,
    ...options,
    context: { ...NO_BUNDLING, ...GLOBAL_CONTEXT, ...options.context },
  });
  const template = Template.fromStack(built.stack);
  return { ...built, template, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

type Json = Record<string, unknown>;

export interface Statement {
  readonly policy: string;
  readonly effect: string;
  readonly actions: string[];
  readonly resources: unknown[];
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every statement of every IAM policy in the template. */
export function iamStatements(template: Template): Statement[] {
  const policies = template.findResources("AWS::IAM::Policy") as Record<
    string,
    { Properties: Json }
  >;
  return Object.entries(policies).flatMap(([policy, { Properties }]) => {
    const document = Properties.PolicyDocument as { Statement: Json[] };
    return document.Statement.map((statement) => ({
      policy,
      effect: String(statement.Effect),
      actions: asArray(statement.Action as string | string[]),
      resources: asArray(statement.Resource),
    }));
  });
}

/** The logical id of the single resource of `type` whose properties include `name` under `key`. */
export function logicalIdByName(
  template: Template,
  type: string,
  key: string,
  name: string,
): string {
  const found = Object.entries(template.findResources(type)).filter(
    ([, resource]) => (resource as { Properties: Json }).Properties[key] === name,
  );
  if (found.length !== 1)
    throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return (found[0] as [string, unknown])[0];
}

/** Whether a CloudFormation value mentions the resource `logicalId` (Ref or GetAtt, joined or not). */
export function mentions(value: unknown, logicalId: string): boolean {
  return JSON.stringify(value).includes(`"${logicalId}"`);
}
