/**
 * A local stand-in for Tencent Cloud SMS (`sms.tencentcloudapi.com`, API 3.0, `SendSms` of version
 * 2021-01-11) on 127.0.0.1 that checks what Tencent checks and answers in Tencent's shapes. The
 * signature is recomputed here from the documented TC3-HMAC-SHA256 algorithm, independently of the
 * platform's signer: canonical request from the received method, path, query, the headers the
 * client says it signed (names and values in lower case, trimmed) and the body's hash; the string
 * to sign with the credential scope; the signing key derived from "TC3" + SecretKey, the date and
 * the service. Then the request's X-TC-* headers, the timestamp's freshness (five minutes) and the
 * SendSms fields against the approved application, sign and templates.
 *
 * Answers: HTTP 200 always, as Tencent does, with `Response.Error` or `Response.SendStatusSet`.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface TencentAccount {
  readonly secretId: string;
  readonly secretKey: string;
  readonly sdkAppId: string;
  readonly signName: string;
  /** Approved templates: id → number of parameters. */
  readonly templates: Readonly<Record<string, number>>;
}

export interface AcceptedSend {
  readonly body: string;
  readonly numbers: readonly string[];
  readonly templateId: string;
  readonly params: readonly string[];
  readonly sessionContext?: string;
}

const SMS_REGIONS = ["ap-guangzhou", "ap-beijing", "ap-nanjing"];
const MAX_SKEW_SECONDS = 300;

const hex = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const mac = (key: Buffer | string, data: string) =>
  createHmac("sha256", key).update(data, "utf8").digest();

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks the Authorization header of a request against the account's key; throws a Refusal. */
function checkSignature(req: IncomingMessage, body: string, account: TencentAccount, now: number) {
  const authorization = header(req, "authorization") ?? "";
  const match =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) throw new Refusal("AuthFailure.InvalidAuthorization", "Authorization is malformed");
  const [, secretId, date, service, signedHeaders, signature] = match as unknown as string[];
  if (secretId !== account.secretId) {
    throw new Refusal("AuthFailure.SecretIdNotFound", "the SecretId is not found");
  }
  const timestamp = Number(header(req, "x-tc-timestamp"));
  if (!Number.isInteger(timestamp)) {
    throw new Refusal("MissingParameter", "X-TC-Timestamp is missing");
  }
  if (Math.abs(now - timestamp) > MAX_SKEW_SECONDS) {
    throw new Refusal("AuthFailure.SignatureExpire", "the signature has expired");
  }
  if (date !== new Date(timestamp * 1000).toISOString().slice(0, 10) || service !== "sms") {
    throw new Refusal("AuthFailure.SignatureFailure", "the credential scope does not match");
  }
  const names = (signedHeaders as string).split(";");
  if (!names.includes("content-type") || !names.includes("host")) {
    throw new Refusal("AuthFailure.SignatureFailure", "content-type and host must be signed");
  }
  const canonicalHeaders = names
    .map((name) => `${name}:${(header(req, name) ?? "").trim().toLowerCase()}\n`)
    .join("");
  const [path, query = ""] = (req.url ?? "/").split("?");
  const canonicalRequest = [
    req.method,
    path,
    query,
    canonicalHeaders,
    signedHeaders,
    hex(body),
  ].join("\n");
  const stringToSign = [
    "TC3-HMAC-SHA256",
    String(timestamp),
    `${date}/${service}/tc3_request`,
    hex(canonicalRequest),
  ].join("\n");
  const key = mac(
    mac(mac(`TC3${account.secretKey}`, date as string), service as string),
    "tc3_request",
  );
  const expected = createHmac("sha256", key).update(stringToSign, "utf8").digest();
  const given = Buffer.from(signature as string, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Refusal("AuthFailure.SignatureFailure", "the signature does not match");
  }
}

function checkRequest(req: IncomingMessage) {
  if (req.method !== "POST" || (req.url ?? "/").split("?")[0] !== "/") {
    throw new Refusal("InvalidParameter", "POST / expected");
  }
  if (!(header(req, "content-type") ?? "").startsWith("application/json")) {
    throw new Refusal("InvalidParameter", "a JSON body expected");
  }
  if (header(req, "x-tc-action") !== "SendSms") {
    throw new Refusal("InvalidAction", "only SendSms is served here");
  }
  if (header(req, "x-tc-version") !== "2021-01-11") {
    throw new Refusal("NoSuchVersion", "SendSms is served in version 2021-01-11");
  }
  if (!SMS_REGIONS.includes(header(req, "x-tc-region") ?? "")) {
    throw new Refusal("UnsupportedRegion", "SMS is not offered in this region");
  }
}

interface SendSmsBody {
  PhoneNumberSet?: unknown;
  SmsSdkAppId?: unknown;
  SignName?: unknown;
  TemplateId?: unknown;
  TemplateParamSet?: unknown;
  SessionContext?: unknown;
}

function checkBody(raw: string, account: TencentAccount): AcceptedSend {
  let body: SendSmsBody;
  try {
    body = JSON.parse(raw) as SendSmsBody;
  } catch {
    throw new Refusal("InvalidParameter", "the body is not JSON");
  }
  const strings = (value: unknown) =>
    Array.isArray(value) && value.every((item) => typeof item === "string")
      ? (value as string[])
      : undefined;
  const numbers = strings(body.PhoneNumberSet);
  if (!numbers || numbers.length === 0 || numbers.length > 200) {
    throw new Refusal("InvalidParameterValue.IncorrectPhoneNumber", "PhoneNumberSet");
  }
  if (body.SmsSdkAppId !== account.sdkAppId) {
    throw new Refusal("FailedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId");
  }
  if (body.SignName !== account.signName) {
    throw new Refusal("FailedOperation.SignatureIncorrectOrUnapproved", "SignName");
  }
  const templateId = String(body.TemplateId ?? "");
  const arity = account.templates[templateId];
  if (arity === undefined) {
    throw new Refusal("FailedOperation.TemplateIncorrectOrUnapproved", "TemplateId");
  }
  const params = strings(body.TemplateParamSet ?? []);
  if (!params || params.length !== arity) {
    throw new Refusal("InvalidParameterValue.TemplateParameterFormatError", "TemplateParamSet");
  }
  return {
    body: raw,
    numbers,
    templateId,
    params,
    sessionContext: typeof body.SessionContext === "string" ? body.SessionContext : undefined,
  };
}

/**
 * Starts the server. `refuse` maps a phone number to the per-number error code it gets (for
 * partial failures); change it between sends to let a number through later. `outage.requests`
 * answers that many requests with an internal error first.
 */
export async function startTencentSms(account: TencentAccount) {
  const accepted: AcceptedSend[] = [];
  const refusals: string[] = [];
  const refuse = new Map<string, string>();
  /** Requests still to answer with Tencent's `InternalError.Timeout` before checking anything. */
  const outage = { requests: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const requestId = randomUUID();
      let response: object;
      try {
        if (outage.requests > 0) {
          outage.requests -= 1;
          throw new Refusal("InternalError.Timeout", "the backend timed out");
        }
        checkRequest(req);
        checkSignature(req, raw, account, Math.floor(Date.now() / 1000));
        const send = checkBody(raw, account);
        accepted.push(send);
        response = {
          SendStatusSet: send.numbers.map((number) => {
            const code = refuse.get(number) ?? "Ok";
            return {
              SerialNo: code === "Ok" ? `2433:${randomUUID()}` : "",
              PhoneNumber: number,
              Fee: code === "Ok" ? 1 : 0,
              SessionContext: send.sessionContext ?? "",
              Code: code,
              Message: code === "Ok" ? "send success" : code,
              IsoCode: number.startsWith("+86") ? "CN" : "",
            };
          }),
          RequestId: requestId,
        };
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        refusals.push(error.code);
        response = { Error: { Code: error.code, Message: error.message }, RequestId: requestId };
      }
      res
        .writeHead(200, { "content-type": "application/json", "x-tc-traceid": requestId })
        .end(JSON.stringify({ Response: response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted,
    refusals,
    refuse,
    outage,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
