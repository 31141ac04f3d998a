/**
 * Runtime configuration, read from `/config.json` beside the app so one build serves every
 * deployment. The deploy step writes it (Cognito domain, client id); the local stack has none,
 * which means "local stage": sign in by picking a demo user.
 */
export interface OidcConfig {
  /** The Cognito user pool's issuer URL (its hosted login lives there). */
  readonly authority: string;
  readonly clientId: string;
  readonly scope?: string;
  /** Which token the API's JWT authorizer is set up for; Cognito puts custom claims in the id token. */
  readonly token?: "id" | "access";
}

export type RuntimeConfig =
  | { readonly auth: { readonly mode: "dev" }; readonly apiBase: string }
  | { readonly auth: { readonly mode: "oidc" } & OidcConfig; readonly apiBase: string };

const LOCAL: RuntimeConfig = { auth: { mode: "dev" }, apiBase: "" };

declare global {
  interface Window {
    /** The request `public/config-request.js` started as the page opened (undefined if it failed). */
    cpConfigRequest?: Promise<Response | undefined>;
  }
}

/** The early request's answer when it was made and has not been used, else a new request. */
async function configResponse(): Promise<Response> {
  const early = window.cpConfigRequest;
  window.cpConfigRequest = undefined;
  return (await early) ?? fetch("/config.json", { cache: "no-store" });
}

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  try {
    const res = await configResponse();
    // The local server answers unknown paths with index.html: only real JSON counts.
    if (!res.ok || !res.headers.get("content-type")?.includes("json")) return LOCAL;
    const raw = (await res.json()) as Partial<RuntimeConfig>;
    if (raw.auth?.mode === "oidc" && raw.auth.authority && raw.auth.clientId) {
      return { auth: raw.auth, apiBase: raw.apiBase ?? "" };
    }
    return { ...LOCAL, apiBase: raw.apiBase ?? "" };
  } catch {
    return LOCAL;
  }
}
