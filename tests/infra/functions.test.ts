import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_NAMES } from "../../infra/bundling.ts";
import { iamStatements, logicalIdByName, type Synthesized, synthesize } from "./synth.ts";

type Json = Record<string, unknown>;
let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
}, 120_000);
afterAll(() => synth?.cleanup());

const appFunction = (name: string) => {
  const id = logicalIdByName(
    synth.template,
    "AWS::Lambda::Function",
    "FunctionName",
    `dev-cp-${name}`,
  );
  return { id, properties: synth.template.toJSON().Resources[id].Properties as Json };
};

describe.each(FUNCTION_NAMES)("function %s", (name) => {
  it("runs Node.js 22 on arm64 with active tracing (global region) and explicit memory and timeout", () => {
    const { properties } = appFunction(name);
    expect(properties).toMatchObject({
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      TracingConfig: { Mode: "Active" },
      Handler: "index.handler",
    });
    expect(properties.MemorySize).toBeGreaterThanOrEqual(512);
    expect(properties.Timeout).toBeLessThanOrEqual(name === "sweeper" ? 55 : 30);
  });

  it("logs to its own log group kept at least six months", () => {
    const { properties } = appFunction(name);
    const logGroup = (properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const resource = synth.template.toJSON().Resources[logGroup];
    expect(resource.Type).toBe("AWS::Logs::LogGroup");
    expect(resource.Properties.RetentionInDays).toBeGreaterThanOrEqual(183);
  });

  it("gets the environment the store and the handlers read", () => {
    const variables = (appFunction(name).properties.Environment as { Variables: Json }).Variables;
    for (const key of [
      "STAGE",
      "MAIN_TABLE_NAME",
      "AUDIT_TABLE_NAME",
      "QUEUE_URL_PREFIX",
      "JWT_ISSUER",
      "JWT_AUDIENCE",
      "JWKS_URL",
      "POWERTOOLS_METRICS_NAMESPACE",
      "FINGERPRINT_KEY",
      "PERSONAL_DATA_KEY_ID",
      "REFERENCE_PREFIX",
    ]) {
      expect(variables[key], key).toBeDefined();
    }
    expect(variables.POWERTOOLS_SERVICE_NAME).toBe(name);
    expect(variables.STAGE).toBe("dev");
    // The prefix uses the partition's own domain suffix, so it is right in aws-cn too.
    expect(JSON.stringify(variables.QUEUE_URL_PREFIX)).toContain('{"Ref":"AWS::URLSuffix"}');
    expect(JSON.stringify(variables.QUEUE_URL_PREFIX)).toMatch(/\/dev-"\]\]\}$/);
    // The fingerprint key is resolved at deploy time, never written into the template.
    expect(JSON.stringify(variables.FINGERPRINT_KEY)).toContain("{{resolve:secretsmanager:");
    expect(appFunction(name).properties.KmsKeyArn).toBeDefined();
  });

  it("has a role of its own without AWS managed policies", () => {
    const role = (appFunction(name).properties.Role as { "Fn::GetAtt": [string, string] })[
      "Fn::GetAtt"
    ][0];
    const resource = synth.template.toJSON().Resources[role];
    expect(resource.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe("application permissions", () => {
  it("uses Resource * only for the X-Ray actions, which have no resource-level permissions", () => {
    const starred = iamStatements(synth.template).filter((statement) =>
      statement.resources.some((resource) => resource === "*"),
    );
    expect(starred.length).toBeGreaterThan(0);
    for (const statement of starred) {
      expect(
        statement.actions.every((action) => action.startsWith("xray:Put")),
        statement.policy,
      ).toBe(true);
    }
  });

  it("names every action: no wildcard actions in any policy", () => {
    for (const statement of iamStatements(synth.template)) {
      for (const action of statement.actions) expect(action, statement.policy).not.toContain("*");
    }
  });

  it("lets only the consumers of a queue receive from it", () => {
    const receivers = iamStatements(synth.template)
      .filter((statement) => statement.actions.includes("sqs:ReceiveMessage"))
      .map((statement) => statement.policy);
    expect(new Set(receivers.map((policy) => policy.replace(/Role.*$/, "")))).toEqual(
      new Set(["WorkersRouter", "WorkersDispatch"]),
    );
  });

  // The sweeper signs checkpoints and the API signs the head of each audit export it serves
  // (GET /v1/cases/{id}/audit/export): both need kms:Sign, the workers do not.
  it("lets only the sweeper and the API sign, with the asymmetric signing key", () => {
    const signers = iamStatements(synth.template)
      .filter((statement) => statement.actions.includes("kms:Sign"))
      .map((statement) => statement.policy.replace(/Role.*$/, ""));
    expect(signers.sort()).toEqual(["ApiHandler", "SweeperHandler"]);
    const keys = synth.template.findResources("AWS::KMS::Key", {
      Properties: { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" },
    });
    expect(Object.keys(keys)).toHaveLength(1);
  });
});
