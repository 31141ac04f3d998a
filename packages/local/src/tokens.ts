/**
 * The local stage's token issuer: an ES256 key made at start-up signs tokens for the demo users;
 * the API verifies them exactly as it verifies Cognito's in AWS (algorithm, issuer, audience,
 * expiry), only against this key.
 */
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { DEMO_USERS } from "./demo-users.ts";

export const LOCAL_ISSUER = "urn:child-protection:local";
export const LOCAL_AUDIENCE = "child-protection-api";
const ALGORITHM = "ES256";
const LIFETIME = "12h";

export interface LocalIssuer {
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
  /** The signing key, for tests that craft tokens of their own (never served). */
  readonly privateJwk: JWK;
  readonly algorithm: string;
  /** A token for a demo user, or undefined for a name that is not one. */
  tokenFor(username: string): Promise<string | undefined>;
  /** A token with any claims (tests use it for roles and agencies beyond the demo users). */
  sign(claims: Record<string, unknown>, sub: string): Promise<string>;
}

export async function createLocalIssuer(): Promise<LocalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const sign = (claims: Record<string, unknown>, sub: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
      .setSubject(sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(LIFETIME)
      .sign(privateKey);
  return {
    publicKey,
    publicJwk: await exportJWK(publicKey),
    privateJwk: await exportJWK(privateKey),
    algorithm: ALGORITHM,
    sign,
    async tokenFor(username) {
      const user = DEMO_USERS.find((u) => u.sub === username);
      if (!user) return undefined;
      const { sub, ...claims } = user;
      return sign({ ...claims }, sub);
    },
  };
}
