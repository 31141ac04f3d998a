/**
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256, as Tencent documents it ("签名方法 v3"):
 *
 *   canonical request = POST \n / \n (empty query) \n canonical headers \n signed headers \n hex(SHA-256(body))
 *   string to sign    = TC3-HMAC-SHA256 \n timestamp \n <UTC date>/<service>/tc3_request \n hex(SHA-256(canonical request))
 *   signing key       = HMAC(HMAC(HMAC("TC3" + SecretKey, <UTC date>), <service>), "tc3_request")
 *   Authorization     = TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=…, Signature=hex(HMAC(key, string to sign))
 *
 * Written with node:crypto rather than taken from the official SDK: see decision record 0014
 * (the SDK's bundle and its service name taken from the endpoint's first label).
 */
import { createHash, createHmac } from "node:crypto";

export interface TencentCredentials {
  readonly secretId: string;
  readonly secretKey: string;
}

export interface TencentRequest {
  /** Product, as in the credential scope and the host name: `sms`. */
  readonly service: string;
  /** `host[:port]` the request goes to (signed as sent). */
  readonly host: string;
  readonly action: string;
  readonly version: string;
  readonly region: string;
  /** The JSON body, exactly as sent. */
  readonly body: string;
  /** Unix seconds; Tencent refuses a request more than five minutes off its clock. */
  readonly timestamp: number;
}

const ALGORITHM = "TC3-HMAC-SHA256";
const CONTENT_TYPE = "application/json; charset=utf-8";
/** Headers covered by the signature: the body's type, the host and the action. */
const SIGNED_HEADERS = "content-type;host;x-tc-action";

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const hmac = (key: Buffer | string, text: string) =>
  createHmac("sha256", key).update(text, "utf8").digest();

/** The UTC calendar date of a Unix timestamp, as the credential scope names it. */
function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** The headers of a signed request: Authorization, the X-TC-* headers and the content type. */
export function signTencentRequest(
  credentials: TencentCredentials,
  request: TencentRequest,
): Record<string, string> {
  const canonicalHeaders =
    `content-type:${CONTENT_TYPE}\n` +
    `host:${request.host}\n` +
    `x-tc-action:${request.action.toLowerCase()}\n`;
  const canonicalRequest = [
    "POST",
    "/",
    "",
    canonicalHeaders,
    SIGNED_HEADERS,
    sha256Hex(request.body),
  ].join("\n");
  const date = utcDate(request.timestamp);
  const scope = `${date}/${request.service}/tc3_request`;
  const stringToSign = [
    ALGORITHM,
    String(request.timestamp),
    scope,
    sha256Hex(canonicalRequest),
  ].join("\n");
  const secretDate = hmac(`TC3${credentials.secretKey}`, date);
  const secretService = hmac(secretDate, request.service);
  const secretSigning = hmac(secretService, "tc3_request");
  const signature = createHmac("sha256", secretSigning).update(stringToSign, "utf8").digest("hex");
  return {
    authorization: `${ALGORITHM} Credential=${credentials.secretId}/${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
    "content-type": CONTENT_TYPE,
    "x-tc-action": request.action,
    "x-tc-timestamp": String(request.timestamp),
    "x-tc-version": request.version,
    "x-tc-region": request.region,
  };
}
