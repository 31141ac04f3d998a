/**
 * The web app configured by the stack: `/config.json` deployed with the app (API URL, stage, OIDC
 * issuer and client id), the Cognito app client on the hosted login with the authorization-code
 * flow (the app adds PKCE) and its callback and sign-out URLs on a user-pool domain; in China the
 * external issuer in their place. config.json is read from the cloud assembly as it will be
 * uploaded, with CloudFormation's deploy-time values in place of their markers.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLBACK_PATH } from "../../infra/constructs/auth.ts";
import { type Synthesized, synthesize } from "./synth.ts";

const webBuild = mkdtempSync(path.join(tmpdir(), "cp-web-"));
writeFileSync(path.join(webBuild, "index.html"), "<!doctype html><title>cp</title>");
const CHINA = {
  stage: "prod",
  region: "cn-northwest-1",
  jwtIssuer: "https://idp.example.gov.cn/realms/cp",
  jwtAudience: "cp-web",
  webDomain: "cp.example.gov.cn",
  webCertificateIamId: "ASCAEXAMPLEWEBCERT01",
  apiDomain: "api.cp.example.gov.cn",
  apiCertificateArn: "arn:aws-cn:acm:cn-northwest-1:111122223333:certificate/abc",
};

let global: Synthesized;
let china: Synthesized;
beforeAll(() => {
  global = synthesize({ webAssetPath: webBuild, context: { stage: "prod" } });
  china = synthesize({ webAssetPath: webBuild, context: CHINA });
}, 240_000);
afterAll(() => {
  global?.cleanup();
  china?.cleanup();
  rmSync(webBuild, { recursive: true, force: true });
});

type Json = Record<string, unknown>;

/** The config.json the deployment uploads: deploy-time markers replaced by their CFN values. */
function configJson(synth: Synthesized): Json {
  const [deployment] = Object.values(
    synth.template.findResources("Custom::CDKBucketDeployment"),
  ) as { Properties: { SourceObjectKeys: string[]; SourceMarkers?: Record<string, unknown>[] } }[];
  if (!deployment) throw new Error("no BucketDeployment");
  const { SourceObjectKeys: keys, SourceMarkers: markers = [] } = deployment.Properties;
  const folders = keys.map((key) =>
    path.join(synth.app.outdir, `asset.${key.replace(".zip", "")}`),
  );
  const index = folders.findIndex((folder) => existsSync(path.join(folder, "config.json")));
  const folder = folders[index] as string;
  let text = readFileSync(path.join(folder, "config.json"), "utf8");
  for (const [marker, value] of Object.entries(markers[index] ?? {})) {
    text = text.replaceAll(marker, JSON.stringify(value).replaceAll('"', "'"));
  }
  return JSON.parse(text) as Json;
}

describe("web app configuration outside China (Cognito)", () => {
  it("deploys /config.json with the API URL, the stage, the pool's issuer and the app client", () => {
    const config = configJson(global);
    expect(config.stage).toBe("prod");
    expect(String(config.apiBase)).toMatch(/^https:\/\/\{'Ref':'ApiHttpApi\w+'\}\.execute-api\./);
    const auth = config.auth as Json;
    expect(auth).toMatchObject({ mode: "oidc", token: "id", scope: "openid profile email" });
    expect(String(auth.authority)).toMatch(/AuthUsers\w+','ProviderURL'/);
    expect(String(auth.clientId)).toMatch(/^\{'Ref':'AuthUsersWebClient\w+'\}$/);
  });

  it("the app client: authorization code only, no secret, callback and sign-out on the web URL", () => {
    const clients = Object.values(global.template.findResources("AWS::Cognito::UserPoolClient"));
    expect(clients).toHaveLength(1);
    const client = (clients[0] as { Properties: Json }).Properties;
    expect(client).toMatchObject({
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      SupportedIdentityProviders: ["COGNITO"],
    });
    expect(client.AllowedOAuthScopes).toEqual(expect.arrayContaining(["openid"]));
    const web = (suffix: string) => ({
      "Fn::Join": [
        "",
        [
          "https://",
          { "Fn::GetAtt": [expect.stringMatching(/^WebDistribution/), "DomainName"] },
          suffix,
        ],
      ],
    });
    expect(client.CallbackURLs).toEqual([web(CALLBACK_PATH)]);
    expect(client.LogoutURLs).toEqual([web("/")]);
  });

  it("the web app returns to the callback the client allows", () => {
    const source = readFileSync(
      path.join(import.meta.dirname, "../../packages/web/src/auth/oidc.ts"),
      "utf8",
    );
    expect(source).toContain(`CALLBACK_PATH = "${CALLBACK_PATH}"`);
  });

  it("a user-pool domain serves the hosted login", () => {
    global.template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    const [domain] = Object.values(global.template.findResources("AWS::Cognito::UserPoolDomain"));
    expect(JSON.stringify(domain)).toContain("cp-prod-");
    expect(global.template.toJSON().Outputs).toHaveProperty("HostedLoginUrl");
  });
});

describe("web app configuration in China (external issuer)", () => {
  it("config.json names the external issuer, its client id and the API's own domain", () => {
    expect(configJson(china)).toEqual({
      stage: "prod",
      apiBase: `https://${CHINA.apiDomain}/`,
      auth: {
        mode: "oidc",
        authority: CHINA.jwtIssuer,
        clientId: CHINA.jwtAudience,
        scope: "openid profile email",
        token: "id",
      },
    });
    china.template.resourceCountIs("AWS::Cognito::UserPoolClient", 0);
    china.template.resourceCountIs("AWS::Cognito::UserPoolDomain", 0);
  });
});
