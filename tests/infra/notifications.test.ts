/**
 * Notification channels as the stack wires them, in the global and the China templates: one
 * secret per stage for the webhook and SMS settings (data key, never resolved into a template or
 * an environment), one encrypted topic per audience, and dispatch alone allowed to read the one
 * and publish to the others.
 */
import { AGENCY_CODES } from "@cp/domain/agencies";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHINA_PROD_CONTEXT,
  iamStatements,
  logicalIdByName,
  mentions,
  type Synthesized,
  synthesize,
} from "./synth.ts";

type Json = Record<string, unknown>;
const AUDIENCES = [...AGENCY_CODES, "supervisors"];
const apps: Record<string, Synthesized> = {};
beforeAll(() => {
  apps.global = synthesize({ context: { stage: "prod" } });
  apps.china = synthesize({ context: CHINA_PROD_CONTEXT });
}, 300_000);
afterAll(() => {
  for (const app of Object.values(apps)) app.cleanup();
});

const template = (name: string) => (apps[name] as Synthesized).template;

function dataKeyId(name: string): string {
  const keys = template(name).findResources("AWS::KMS::Key") as Record<
    string,
    { Properties: Json }
  >;
  const found = Object.entries(keys).find(([, k]) =>
    String(k.Properties.Description).startsWith("Child-protection platform data at rest"),
  );
  if (!found) throw new Error("no data key");
  return found[0];
}

function functions(name: string) {
  return Object.values(
    template(name).findResources("AWS::Lambda::Function") as Record<string, { Properties: Json }>,
  ).map((f) => f.Properties);
}

const dispatchOf = (name: string) =>
  functions(name).find((f) => f.FunctionName === "prod-cp-dispatch") as Json;

/** The role logical id of the function named `fn`. */
function roleOf(name: string, fn: string): string {
  const f = functions(name).find((p) => p.FunctionName === `prod-cp-${fn}`) as Json;
  return (f.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
}

describe.each(["global", "china"])("notification channels (%s)", (name) => {
  it("one secret for the channel settings, encrypted with the data key, holding nothing at first", () => {
    const t = template(name);
    t.hasResourceProperties("AWS::SecretsManager::Secret", {
      Name: "prod-cp-notify",
      KmsKeyId: { "Fn::GetAtt": [dataKeyId(name), "Arn"] },
      SecretString: "{}",
    });
    // Kept on stack deletion, deleted when a first create rolls back (like the other named data).
    const id = logicalIdByName(t, "AWS::SecretsManager::Secret", "Name", "prod-cp-notify");
    expect(t.toJSON().Resources[id].DeletionPolicy).toBe("RetainExceptOnCreate");
  });

  it("dispatch names the secret and never receives its value", () => {
    const t = template(name);
    const secretId = logicalIdByName(t, "AWS::SecretsManager::Secret", "Name", "prod-cp-notify");
    const env = (dispatchOf(name).Environment as { Variables: Json }).Variables;
    expect(env.NOTIFY_SECRET_ID).toEqual({ Ref: secretId });
    for (const f of functions(name)) {
      const variables = ((f.Environment as { Variables?: Json }) ?? {}).Variables ?? {};
      for (const [variable, value] of Object.entries(variables)) {
        // A dynamic reference would put the settings in the function's environment in clear.
        const resolved = JSON.stringify(value).includes("{{resolve:secretsmanager:");
        expect(resolved && mentions(value, secretId), variable).toBe(false);
      }
      const text = JSON.stringify(variables);
      expect(text).not.toMatch(/NOTIFY_WEBHOOKS|NOTIFY_SMS/);
      if (f.FunctionName !== "prod-cp-dispatch") expect(text).not.toContain("NOTIFY_");
    }
  });

  it("one topic per audience, KMS with the data key, TLS only, named in dispatch's environment", () => {
    const t = template(name);
    const env = (dispatchOf(name).Environment as { Variables: Json }).Variables;
    for (const audience of AUDIENCES) {
      t.hasResourceProperties("AWS::SNS::Topic", {
        TopicName: `prod-cp-notify-${audience}`,
        KmsMasterKeyId: { "Fn::GetAtt": [dataKeyId(name), "Arn"] },
      });
      const topicId = logicalIdByName(
        t,
        "AWS::SNS::Topic",
        "TopicName",
        `prod-cp-notify-${audience}`,
      );
      expect(mentions(env.NOTIFY_SNS_TOPICS, topicId), audience).toBe(true);
      const policies = Object.values(t.findResources("AWS::SNS::TopicPolicy")).filter((p) =>
        mentions((p as { Properties: Json }).Properties.Topics, topicId),
      );
      expect(JSON.stringify(policies), audience).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("dispatch alone reads the secret and publishes, to the notification topics only", () => {
    const t = template(name);
    const secretId = logicalIdByName(t, "AWS::SecretsManager::Secret", "Name", "prod-cp-notify");
    const policies = t.findResources("AWS::IAM::Policy") as Record<string, { Properties: Json }>;
    const dispatchRole = roleOf(name, "dispatch");
    const topicIds = AUDIENCES.map((a) =>
      logicalIdByName(t, "AWS::SNS::Topic", "TopicName", `prod-cp-notify-${a}`),
    );
    for (const s of iamStatements(t)) {
      const ofDispatch = mentions(policies[s.policy]?.Properties.Roles, dispatchRole);
      if (s.actions.some((a) => a.startsWith("sns:Publish"))) {
        expect(ofDispatch, s.policy).toBe(true);
        expect(s.actions).toEqual(["sns:Publish"]);
        const named = s.resources.map((r) => topicIds.find((id) => mentions(r, id)));
        expect(named.sort()).toEqual([...topicIds].sort());
      }
      if (s.actions.some((a) => a.startsWith("secretsmanager:"))) {
        expect(ofDispatch, s.policy).toBe(true);
        expect(s.actions).toEqual(["secretsmanager:GetSecretValue"]);
        expect(s.resources).toEqual([{ Ref: secretId }]);
      }
    }
  });
});
