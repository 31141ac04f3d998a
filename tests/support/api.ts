/**
 * Test helpers that talk to the running local stack over HTTP, and read the local DynamoDB and
 * SQS directly where a test must see what the API does not show.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { systemClock } from "@cp/domain";
import {
  envelopeCipher,
  localDataKeys,
  type PersonalDataCipher,
  readReport,
  type StoreContext,
} from "@cp/store";
import { auditTable, mainTable } from "@cp/store/definitions";
import { importJWK, SignJWT } from "jose";
import { inject } from "vitest";

export const stack = () => inject("stack");

const tokens = new Map<string, string>();

/** A token for a demo user, from the local stage's dev route. */
export async function tokenFor(username: string): Promise<string> {
  const cached = tokens.get(username);
  if (cached) return cached;
  const res = await fetch(`${stack().apiUrl}/v1/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username }),
  });
  if (res.status !== 200) throw new Error(`no token for ${username}: ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  tokens.set(username, token);
  return token;
}

/** A token signed with the local key, with any claims (for users beyond the demo ones). */
export async function signToken(
  claims: Record<string, unknown>,
  sub: string,
  options: { expiresIn?: string; issuer?: string; audience?: string } = {},
) {
  const key = await importJWK(stack().signingJwk, "ES256");
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", typ: "JWT" })
    .setSubject(sub)
    .setIssuer(options.issuer ?? "urn:child-protection:local")
    .setAudience(options.audience ?? "child-protection-api")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(key);
}

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { as?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const token = options.token ?? (options.as ? await tokenFor(options.as) : undefined);
  const res = await fetch(`${stack().apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined
      ? { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await res.text();
  // A file download (a CSV, a spreadsheet) comes back as its text; only JSON answers are parsed.
  const isJson = /json/.test(res.headers.get("content-type") ?? "");
  const body = isJson && text ? JSON.parse(text) : text ? text : {};
  return { status: res.status, body: body as T, headers: res.headers };
}

/** Poll until `check` returns a value (not undefined), or fail after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ciphers = new Map<string, PersonalDataCipher>();
const cipherOf = (key: string) => {
  const cipher = ciphers.get(key) ?? envelopeCipher(localDataKeys(Buffer.from(key, "hex")));
  ciphers.set(key, cipher);
  return cipher;
};

/** The pending ticket of `as`'s agency on a case, once routing has made it (read from the inbox). */
export function pendingTicket(as: string, caseId: string) {
  return eventually(
    async () => {
      const inbox = await api<{
        items: {
          ticketId: string;
          caseId: string;
          agency: string;
          kind: string;
          status: string;
          createdAt: string;
          acceptDueAt: string;
          closeDueAt: string | null;
          version: number;
          referredFrom?: string;
          routingRule: { ruleId: string };
        }[];
      }>("GET", "/v1/tickets?status=pending&limit=100", { as });
      return inbox.body.items.find((t) => t.caseId === caseId);
    },
    15_000,
    `${as}'s pending ticket`,
  );
}

/** A store context on the test's side, against the same local DynamoDB and SQS, with the stack's key. */
export function storeContext(clock = systemClock): StoreContext {
  const s = stack();
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  return {
    clients: {
      ddb: DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: s.dynamoEndpoint, region: "us-east-1", credentials }),
        { marshallOptions: { removeUndefinedValues: true } },
      ),
      sqs: new SQSClient({ endpoint: s.sqsEndpoint, region: "us-east-1", credentials }),
    },
    config: {
      mainTableName: mainTable.name,
      auditTableName: auditTable.name,
      queueUrlPrefix: s.queueUrlPrefix,
      referencePrefix: "SGL",
      fingerprintKey: s.fingerprintKey,
    },
    clock,
    cipher: cipherOf(s.personalDataKey),
  };
}

let serial = 0;

/** A valid 18-character identity number, different on each call (GB 11643 check digit). */
export function uniqueIdNumber(birth = "20150302"): string {
  serial = (serial + 1) % 1000;
  const seq = String((Date.now() + serial * 7919) % 1000).padStart(3, "0");
  const area = String(530000 + Math.floor(Math.random() * 9999)).slice(0, 6);
  const first17 = `${area}${birth}${seq}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] as number), 0);
  return first17 + "10X98765432"[sum % 11];
}

/** The contract's example report, about a child with the given identity number. */
export function exampleReport(
  idNumber = uniqueIdNumber(),
  overrides: { categories?: string[]; immediateDanger?: boolean } = {},
) {
  return {
    reporter: { phone: "13800000000", relationship: "teacher" },
    children: [
      {
        name: "小明",
        gender: "male",
        birthDate: "2015-03-02",
        idNumber,
        township: "建塘镇",
        village: "红坡村",
        circumstances: ["left_behind"],
      },
    ],
    incident: {
      categories: overrides.categories ?? ["physical_abuse"],
      description: "孩子身上多处淤青，自述被监护人打。",
      occurredAt: "2026-11-27T08:00:00Z",
      location: "建塘镇红坡村",
      immediateDanger: overrides.immediateDanger ?? true,
    },
  };
}

/**
 * The case a filed report went to. The filer is never told (the filing answer has no case id);
 * a test that follows the report to its tickets reads it from the store, as the router does.
 */
export async function caseOfReport(reportId: string): Promise<string> {
  const report = await readReport(storeContext(), reportId);
  if (!report) throw new Error(`no report ${reportId}`);
  return report.caseId;
}

export interface FilingAnswer {
  readonly reportId: string;
  readonly referenceNo: string;
  readonly receivedAt: string;
  readonly receipt: string;
}

/** Who files: a demo user by name, or any caller by token. */
export type Filer = string | { readonly token: string };

/** File a report over HTTP as `as` (201 expected), and find the case it went to. */
export async function fileAs(as: Filer, body: unknown, headers: Record<string, string> = {}) {
  const who = typeof as === "string" ? { as } : as;
  const res = await api<FilingAnswer>("POST", "/v1/reports", { ...who, body, headers });
  if (res.status !== 201)
    throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, caseId: await caseOfReport(res.body.reportId) };
}
