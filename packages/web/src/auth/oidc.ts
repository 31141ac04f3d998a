/**
 * The Cognito hosted login in AWS: OpenID Connect authorization code flow with PKCE, done by
 * oidc-client-ts. Its state lives in sessionStorage; the token it yields goes to the session.
 */
import { UserManager, WebStorageStateStore } from "oidc-client-ts";
import type { OidcConfig } from "../config.ts";

export const CALLBACK_PATH = "/auth/callback";

let manager: UserManager | undefined;

function userManager(config: OidcConfig): UserManager {
  manager ??= new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: "code",
    scope: config.scope ?? "openid profile",
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
  });
  return manager;
}

/** Leave for the hosted login page. */
export function startOidcLogin(config: OidcConfig): Promise<void> {
  return userManager(config).signinRedirect();
}

/** Back from the hosted login: exchange the code (with the PKCE verifier) for tokens. */
export async function completeOidcLogin(config: OidcConfig): Promise<string> {
  const user = await userManager(config).signinRedirectCallback();
  // The code and state leave the address bar at once.
  history.replaceState(null, "", "/");
  return config.token === "access" ? user.access_token : (user.id_token ?? user.access_token);
}

export async function oidcLogout(config: OidcConfig): Promise<void> {
  await userManager(config).removeUser();
}
