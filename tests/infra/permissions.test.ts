import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_NAMES } from "../../infra/bundling.ts";
import { type CallRecord, checkPermissions, JUSTIFIED_GRANTS } from "./permissions.ts";
import { CHINA_PROD_CONTEXT, type Synthesized, synthesize } from "./synth.ts";

/** What each function was seen to call (recorded by tests/integration/aws-calls.test.ts). */
const calls = JSON.parse(
  readFileSync(new URL("./aws-calls.json", import.meta.url), "utf8"),
) as CallRecord;

type Resources = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
};
const apps: Record<string, Synthesized> = {};
beforeAll(() => {
  apps.global = synthesize({ context: { stage: "prod", region: "ap-southeast-1" } });
  apps.china = synthesize({ context: CHINA_PROD_CONTEXT });
}, 300_000);
afterAll(() => {
  for (const app of Object.values(apps)) app.cleanup();
});

const templateOf = (name: string) => (apps[name] as Synthesized).template.toJSON() as Resources;

describe.each(["global", "china"])("permissions against calls (%s)", (name) => {
  it("the record covers every function", () => {
    expect(Object.keys(calls).sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it("every recorded call is allowed, every grant is used or justified", () => {
    expect(checkPermissions(templateOf(name), "prod", calls)).toEqual({ missing: [], unused: [] });
  });
});

describe("the check fails when it should", () => {
  it("a new call the role does not allow", () => {
    const added = { ...calls, dispatch: [...(calls.dispatch ?? []), "dynamodb:Query audit"] };
    expect(checkPermissions(templateOf("global"), "prod", added).missing).toEqual([
      "dispatch dynamodb:Query audit",
    ]);
  });

  it("a grant removed from a role", () => {
    const template = structuredClone(templateOf("global"));
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== "AWS::IAM::Policy") continue;
      const document = resource.Properties?.PolicyDocument as { Statement: { Action: unknown }[] };
      for (const statement of document.Statement) {
        const actions = ([] as unknown[]).concat(statement.Action);
        statement.Action = actions.filter((action) => action !== "kms:Sign");
      }
    }
    expect(checkPermissions(template, "prod", calls).missing).toEqual([
      "api kms:Sign checkpoint",
      "sweeper kms:Sign checkpoint",
    ]);
  });

  it("a grant nobody uses or explains", () => {
    const fewer = {
      ...calls,
      dispatch: (calls.dispatch ?? []).filter((c) => !c.startsWith("dynamodb:UpdateItem")),
    };
    expect(checkPermissions(templateOf("global"), "prod", fewer).unused).toEqual([
      "dispatch dynamodb:UpdateItem main",
    ]);
  });

  it("every justification gives its reason", () => {
    for (const { grant, reason } of JUSTIFIED_GRANTS)
      expect(reason.length, String(grant)).toBeGreaterThan(40);
  });
});
