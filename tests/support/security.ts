/**
 * Helpers of the security tests: single-role callers, filed-and-routed cases, an in-process app
 * wired to the same local DynamoDB and SQS (for what the shared stack cannot show: its routes, its
 * logs, other settings), and raw reads of the tables.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Role } from "@cp/domain";
import { createApp } from "@cp/functions/api/app";
import type { AppDeps } from "@cp/functions/api/context";
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from "@cp/local/tokens";
import { type StoreContext, type TicketRecord, ticketsOfCase } from "@cp/store";
import { importJWK, type JWK } from "jose";
import { eventually, type Filer, fileAs, signToken, stack, storeContext } from "./api.ts";

let serial = 0;
/** A caller no other test uses, so their quotas and reports are their own. */
export const freshSub = (what: string) =>
  `${what}-${Date.now().toString(36)}-${(serial++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** A token for a fresh caller holding exactly one role (officers of `agency`). */
export function tokenWithRole(role: Role, agency = "police", sub = freshSub(role)) {
  return signToken({ roles: [role], ...(role === "officer" ? { agency } : {}) }, sub);
}

/** The stack's verification key: the public half of the local signing key. */
export async function stackPublicKey() {
  const { d: _private, ...publicJwk } = stack().signingJwk as JWK;
  return (await importJWK(publicJwk, "ES256")) as CryptoKey;
}

/** The API app in this process, against the stack's DynamoDB and SQS and token key. */
export async function inProcessApp(overrides: Partial<AppDeps> = {}, store = storeContext()) {
  return createApp({
    store,
    stage: "local",
    tokens: {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      keys: await stackPublicKey(),
      algorithms: ["ES256"],
    },
    health: async () => true,
    log: () => undefined,
    // Only the local stage has a token signer, as in createApp's callers.
    ...((overrides.stage ?? "local") === "local" ? { devToken: async () => undefined } : {}),
    ...overrides,
  });
}

interface Filed {
  reportId: string;
  caseId: string;
  referenceNo: string;
}

/**
 * A reporter no other test files as: the demo reporters' hourly filing quota would be shared by
 * every file of the suite on one stack.
 */
export async function newReporter(org = "建塘镇中心小学") {
  return { token: await signToken({ roles: ["reporter"], org }, freshSub("teacher")) };
}

/**
 * File a report through the running stack and wait until the router made its tickets; as a new
 * reporter unless told who.
 */
export async function fileAndRoute(body: unknown, as?: Filer, ctx = storeContext()) {
  const filed: Filed = await fileAs(as ?? (await newReporter()), body);
  const tickets = await eventually(
    async () => {
      const t = await ticketsOfCase(ctx, filed.caseId);
      return t.length > 0 ? t : undefined;
    },
    15_000,
    "tickets of the case",
  );
  return { filed, tickets };
}

export const ticketOf = (tickets: readonly TicketRecord[], agency: string) => {
  const t = tickets.find((x) => x.agency === agency);
  if (!t) throw new Error(`no ${agency} ticket among ${tickets.map((x) => x.agency).join(", ")}`);
  return t;
};

/** Every item of a table, read raw: what a table export or a backup would show. */
export async function scanAll(ctx: StoreContext, tableName: string) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }),
    );
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
