import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_ROUTES } from "../../infra/constructs/api.ts";
import { type Synthesized, synthesize } from "./synth.ts";

type Json = Record<string, unknown>;
let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
}, 120_000);
afterAll(() => synth?.cleanup());

const routes = () =>
  Object.values(synth.template.findResources("AWS::ApiGatewayV2::Route")) as { Properties: Json }[];

describe("HTTP API", () => {
  it("requires the JWT authorizer on every route but health and documentation", () => {
    const authorizer = Object.keys(synth.template.findResources("AWS::ApiGatewayV2::Authorizer"));
    expect(authorizer).toHaveLength(1);
    const open = routes().filter((route) => route.Properties.AuthorizationType === "NONE");
    expect(open.map((route) => route.Properties.RouteKey).sort()).toEqual(
      PUBLIC_ROUTES.map((path) => `GET ${path}`).sort(),
    );
    const guarded = routes().filter((route) => route.Properties.AuthorizationType !== "NONE");
    expect(guarded.map((route) => route.Properties.RouteKey)).toContain("ANY /{proxy+}");
    for (const route of guarded) {
      expect(route.Properties).toMatchObject({
        AuthorizationType: "JWT",
        AuthorizerId: { Ref: authorizer[0] },
      });
    }
  });

  it("checks tokens against the Cognito pool and the web client", () => {
    const pool = Object.keys(synth.template.findResources("AWS::Cognito::UserPool"))[0] as string;
    const client = Object.keys(
      synth.template.findResources("AWS::Cognito::UserPoolClient"),
    )[0] as string;
    synth.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Issuer: { "Fn::GetAtt": [pool, "ProviderURL"] },
        Audience: [{ Ref: client }],
      },
    });
  });

  it("throttles and writes JSON access logs kept at least six months", () => {
    const stage = Object.values(synth.template.findResources("AWS::ApiGatewayV2::Stage"))[0] as {
      Properties: Json;
    };
    expect(stage.Properties).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const logs = stage.Properties.AccessLogSettings as {
      DestinationArn: { "Fn::GetAtt": string[] };
      Format: string;
    };
    expect(JSON.parse(logs.Format)).toMatchObject({
      requestId: "$context.requestId",
      status: "$context.status",
    });
    const group = synth.template.toJSON().Resources[logs.DestinationArn["Fn::GetAtt"][0] as string];
    expect(group.Properties.RetentionInDays).toBeGreaterThanOrEqual(183);
  });
});

describe("Cognito user pool", () => {
  it("requires TOTP MFA, a strong password and admin-created accounts", () => {
    synth.template.hasResourceProperties("AWS::Cognito::UserPool", {
      MfaConfiguration: "ON",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  it("carries the custom attributes the app reads", () => {
    const pool = Object.values(synth.template.findResources("AWS::Cognito::UserPool"))[0] as {
      Properties: Json;
    };
    const names = (pool.Properties.Schema as { Name: string }[]).map((attribute) => attribute.Name);
    expect(names).toEqual(expect.arrayContaining(["agency", "roles", "org"]));
  });

  it("does not let users write their own roles, agency or org", () => {
    const client = Object.values(
      synth.template.findResources("AWS::Cognito::UserPoolClient"),
    )[0] as {
      Properties: Json;
    };
    const writable = client.Properties.WriteAttributes as string[];
    expect(writable.length).toBeGreaterThan(0);
    for (const attribute of writable) expect(attribute).not.toMatch(/^custom:/);
    expect(client.Properties.ReadAttributes).toEqual(
      expect.arrayContaining(["custom:agency", "custom:roles", "custom:org"]),
    );
  });
});
