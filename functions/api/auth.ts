/**
 * Token verification: a pinned algorithm and key set, issuer, audience and expiry checked. In AWS
 * the key set is the Cognito pool's JWKS; in the local stack, the local signing key. The claims
 * become one typed Identity; nothing else reads raw claims.
 *
 * Age: a token is refused once `iat` is more than MAX_TOKEN_AGE ago, when `iat` lies ahead of the
 * clock by more than CLOCK_SKEW, and when it was issued to live longer than MAX_TOKEN_AGE (an
 * `exp` ten years out is a token nobody should hold). Cognito's tokens live 1 h by default and 24 h
 * at most; the local issuer's 12 h.
 */
import { AGENCY_CODES, type Identity, ROLES } from "@cp/domain";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import * as z from "zod";
import { type AuthEnv, servedRoute } from "./policy.ts";

export interface TokenSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: JWTVerifyGetKey | CryptoKey;
  readonly algorithms: readonly string[];
}

/** The longest a token may live, from `iat`. */
const MAX_TOKEN_AGE_SECONDS = 24 * 3600;
/** How far the issuer's clock may be ahead of ours. */
const CLOCK_SKEW_SECONDS = 60;

export const remoteKeys = (jwksUrl: string) => createRemoteJWKSet(new URL(jwksUrl));

const rolesClaim = z.preprocess(
  // Cognito carries custom attributes as strings: "officer,reporter".
  (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
  z.array(z.enum(ROLES)).min(1),
);

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  roles: rolesClaim.optional(),
  "custom:roles": rolesClaim.optional(),
  agency: z.enum(AGENCY_CODES).optional(),
  "custom:agency": z.enum(AGENCY_CODES).optional(),
  org: z.string().max(200).optional(),
  "custom:org": z.string().max(200).optional(),
  township: z.string().min(1).max(50).optional(),
  "custom:township": z.string().min(1).max(50).optional(),
  village: z.string().min(1).max(50).optional(),
  "custom:village": z.string().min(1).max(50).optional(),
});

function identityOf(payload: JWTPayload): Identity | undefined {
  const parsed = ClaimsSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const c = parsed.data;
  const roles = c.roles ?? c["custom:roles"];
  if (!roles) return undefined;
  const agency = c.agency ?? c["custom:agency"];
  const org = c.org ?? c["custom:org"];
  // An officer without an agency could act for none; such a token is refused.
  if (roles.includes("officer") && !agency) return undefined;
  // Care roles act for an area; without one (a 督导员 with no township, a 主任 with no village)
  // the care rules give them no file (packages/domain/src/care/access.ts).
  const township = c.township ?? c["custom:township"];
  const village = c.village ?? c["custom:village"];
  return {
    sub: c.sub,
    name: c.name ?? c.sub,
    roles,
    ...(agency ? { agency } : {}),
    ...(org ? { org } : {}),
    ...(township ? { township } : {}),
    ...(village ? { village } : {}),
  };
}

/** A reason code for a refused token, from jose's error. */
function failureOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return error.claim === "iat" ? "too_old" : "expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `claim:${error.claim}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm";
  if (error instanceof errors.JWKSNoMatchingKey) return "unknown_key";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed";
  return "invalid";
}

export function requireIdentity(settings: TokenSettings) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    // No route answers: the 404 says only that, token or not (the route list is public anyway).
    if (!servedRoute(c)) return next();
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) {
      c.set("authFailure", header ? "malformed_header" : "no_token");
      throw new HTTPException(401, { message: "A bearer token is required." });
    }
    let identity: Identity | undefined;
    try {
      const { payload } = await jwtVerify(match[1] as string, settings.keys as JWTVerifyGetKey, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: [...settings.algorithms],
        requiredClaims: ["exp", "sub", "iat"],
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      const lifetime = (payload.exp as number) - (payload.iat as number);
      identity = lifetime > MAX_TOKEN_AGE_SECONDS ? undefined : identityOf(payload);
      if (!identity) c.set("authFailure", lifetime > MAX_TOKEN_AGE_SECONDS ? "lifetime" : "claims");
    } catch (error) {
      c.set("authFailure", failureOf(error));
      identity = undefined;
    }
    if (!identity) throw new HTTPException(401, { message: "The token is not valid." });
    c.set("identity", identity);
    await next();
  });
}
