/**
 * Sign-in as deployed, without AWS: the built web app reads a `/config.json` naming an OIDC
 * issuer (a local `oidc-provider`, which requires PKCE of public clients), the browser goes
 * through its login with the authorization-code flow, comes back to `/auth/callback`, and the
 * API, set up as in AWS with that issuer's JWKS and the client id as audience, answers the app's
 * requests with the ID token it was given.
 */
import type { AddressInfo } from "node:net";
import { withWebApp } from "@cp/local/web";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import Provider from "oidc-provider";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/api/app.ts";
import { remoteKeys } from "../../functions/api/auth.ts";
import { storeContext } from "../support/api.ts";
import { freePort } from "../support/free-port.ts";
import { launch, newContext, pageErrors } from "./browser.ts";

const CLIENT_ID = "cp-web";
let browser: Browser;
let issuer: string;
let webUrl: string;
const closers: (() => void)[] = [];

beforeAll(async () => {
  const providerPort = await freePort();
  const webPort = await freePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  webUrl = `http://127.0.0.1:${webPort}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: "none",
        redirect_uris: [`${webUrl}/auth/callback`],
        post_logout_redirect_uris: [`${webUrl}/`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], profile: ["name", "roles"] },
    // The API reads its claims from the ID token, as from Cognito's.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: "监督员 王", roles: ["supervisor"] }),
    }),
    features: { devInteractions: { enabled: true } },
    clientBasedCORS: () => true,
    cookies: { keys: ["e2e-only-cookie-key"] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
  });
  const providerServer = provider.listen(providerPort, "127.0.0.1");
  closers.push(() => providerServer.close());

  const api = createApp({
    store: storeContext(),
    stage: "e2e",
    tokens: {
      issuer,
      audience: CLIENT_ID,
      keys: remoteKeys(`${issuer}/jwks`),
      algorithms: ["RS256"],
    },
    health: async () => true,
    log: () => {},
  });
  const site = new Hono();
  site.get("/config.json", (c) =>
    c.json({
      stage: "e2e",
      apiBase: webUrl,
      auth: {
        mode: "oidc",
        authority: issuer,
        clientId: CLIENT_ID,
        scope: "openid profile",
        token: "id",
      },
    }),
  );
  // The app's Content-Security-Policy must let it reach the issuer (discovery, keys, token).
  site.route("/", withWebApp(api, { connectOrigins: [issuer] }));
  const webServer = serve({ fetch: site.fetch, port: webPort, hostname: "127.0.0.1" });
  closers.push(() => webServer.close());
  await new Promise((resolve) => webServer.once("listening", resolve));
  expect((webServer.address() as AddressInfo).port).toBe(webPort);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  for (const close of closers) close();
});

describe("OIDC sign-in (authorization code + PKCE) against a local provider", () => {
  it("signs in through the provider's login and calls the API with the token it issued", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(webUrl);
    const authorize = page.waitForRequest((r) => r.url().startsWith(`${issuer}/auth?`));
    await page.getByRole("button", { name: "使用统一身份认证登录" }).click();
    const query = new URL((await authorize).url()).searchParams;
    expect(query.get("response_type")).toBe("code");
    expect(query.get("client_id")).toBe(CLIENT_ID);
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(query.get("code_challenge")).toMatch(/^[\w-]{43}$/);

    // The provider's own login and consent pages (oidc-provider's development interactions).
    await page.locator('input[name="login"]').fill("supervisor.wang");
    await page.locator('input[name="password"]').fill("any");
    await page.locator('button[type="submit"]').click();
    const tokenExchange = page.waitForResponse((r) => r.url() === `${issuer}/token`);
    const apiAnswer = page.waitForResponse(
      (r) =>
        r.url().startsWith(`${webUrl}/v1/`) &&
        (r.request().headers().authorization ?? "").startsWith("Bearer ") &&
        r.status() === 200,
    );
    await page.locator('button[type="submit"]').click();
    const exchanged = await tokenExchange;
    expect(exchanged.status()).toBe(200);
    // The code was exchanged with the verifier the challenge was made from.
    expect(exchanged.request().postData()).toMatch(/code_verifier=[\w-]{43,}/);
    await apiAnswer;
    await page.waitForURL(`${webUrl}/**`);
    expect(new URL(page.url()).pathname).not.toBe("/auth/callback");
    expect(new URL(page.url()).search).not.toMatch(/code=/);
    await context.close();
    expect(pageErrors.splice(0)).toEqual([]);
  });
});
