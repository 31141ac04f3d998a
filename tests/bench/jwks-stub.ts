/**
 * A stand-in for the Cognito pool's key set, for the cold-started API bundles: the deployed API
 * verifies RS256 tokens against a JWKS URL, so the bench makes an RS256 key, serves its public half
 * on loopback and signs tokens with it (issuer and audience as the bench's API environment says).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

export const BENCH_ISSUER = "urn:child-protection:bench";
export const BENCH_AUDIENCE = "child-protection-api";

export interface JwksStub {
  readonly jwksUrl: string;
  sign(claims: Record<string, unknown>, sub: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startJwksStub(): Promise<JwksStub> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "bench", alg: "RS256", use: "sig" };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (claims, sub) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: "bench", typ: "JWT" })
        .setSubject(sub)
        .setIssuer(BENCH_ISSUER)
        .setAudience(BENCH_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
