/**
 * Signed chain heads. The hash chain proves that no event inside a trail was altered, removed or
 * reordered, but a trail cut short after its last event still verifies. A checkpoint, the case's
 * head `{caseId, seq, hash, at}` signed by a key the store cannot rewrite history with (a KMS
 * asymmetric key in AWS, a local key file on a laptop), pins the length: a trail shorter than a
 * checkpoint, or one whose event at the checkpoint's seq has another hash, is caught offline.
 *
 *   case change ──(same transaction)──▶ CHANGED#<hour> / CASE#<id>
 *   schedule ──recordCheckpoints──▶ read the marked cases' heads ──sign──▶ CHECKPOINT#<id> / <seq>
 *
 * Checkpoints live in the append-only audit table, beside the events they vouch for, and, when
 * copies are configured, also where nobody can rewrite them (checkpoint-copies.ts): the copy is
 * written first, so a checkpoint in the table always has its copy.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { HOUR } from "@cp/domain";
import { calculateJwkThumbprint, type JWK } from "jose";
import { hasPendingEvents, sealPending } from "../case-transaction.ts";
import type { StoreContext } from "../context.ts";
import { changedHour, keys, partitions } from "../keys.ts";
import { mainItems, partitionItems } from "../query.ts";
import type { CheckpointCopies } from "./checkpoint-copies.ts";
import type { CheckpointPayload, CheckpointRecord } from "./checkpoint-record.ts";

export type { CheckpointRecord } from "./checkpoint-record.ts";

/** Signs checkpoint heads; one interface for the local key and for KMS. Algorithm: ES256. */
export interface CheckpointSigner {
  /** Key id: the RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  /** The public key, for verifiers (an export carries it; a verifier may pin its own copy). */
  readonly publicJwk: JWK;
  /** ES256 signature (r‖s, 64 bytes) over `data`. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const b64url = (data: Uint8Array | string) => Buffer.from(data).toString("base64url");

/** A compact JWS over a JSON payload, signed by `signer`. */
export async function signCompact(signer: CheckpointSigner, payload: object): Promise<string> {
  const header = b64url(JSON.stringify({ alg: "ES256", kid: signer.kid }));
  const body = b64url(JSON.stringify(payload));
  const input = `${header}.${body}`;
  const signature = await signer.sign(new TextEncoder().encode(input));
  return `${input}.${b64url(signature)}`;
}

/** The checkpoints of a case, oldest first. */
export async function checkpointsOf(
  ctx: StoreContext,
  caseId: string,
): Promise<CheckpointRecord[]> {
  const items = await partitionItems(
    ctx,
    ctx.config.auditTableName,
    partitions.checkpoints(caseId),
    {
      consistent: true,
    },
  );
  return items as unknown as CheckpointRecord[];
}

interface ChainHead {
  readonly caseId: string;
  readonly auditSeq: number;
  readonly auditHash: string;
}

/**
 * The cases' chain heads alone, 100 cases a request: a checkpoint needs no personal data, so
 * none is read or opened (opening it would ask KMS for each case's data key in a new container).
 */
async function chainHeads(ctx: StoreContext, caseIds: readonly string[]): Promise<ChainHead[]> {
  const items = await mainItems(
    ctx,
    caseIds.map((caseId) => keys.case(caseId)),
    { projection: "caseId, auditSeq, auditHash", consistent: true },
  );
  return items.filter((item) => item.auditSeq) as ChainHead[];
}

/** Of these heads, the ones no checkpoint vouches for yet: 100 heads a request. */
async function uncheckpointed(
  ctx: StoreContext,
  heads: readonly ChainHead[],
): Promise<ChainHead[]> {
  const signed = await mainItems(
    ctx,
    heads.map((head) => keys.checkpoint(head.caseId, head.auditSeq)),
    { table: ctx.config.auditTableName, projection: "pk, sk", consistent: true },
  );
  const done = new Set(signed.map((item) => `${String(item.pk)}\u0000${String(item.sk)}`));
  return heads.filter((head) => {
    const key = keys.checkpoint(head.caseId, head.auditSeq);
    return !done.has(`${key.pk}\u0000${key.sk}`);
  });
}

/** Sign and store this head, unless another run stored a checkpoint at its seq meanwhile. */
async function checkpointHead(
  ctx: StoreContext,
  signer: CheckpointSigner,
  head: ChainHead,
  copies: CheckpointCopies | undefined,
): Promise<CheckpointRecord | undefined> {
  const payload: CheckpointPayload = {
    typ: "audit-checkpoint",
    caseId: head.caseId,
    seq: head.auditSeq,
    hash: String(head.auditHash),
    at: ctx.clock.now().toISOString(),
  };
  const record: CheckpointRecord = {
    ...payload,
    kid: signer.kid,
    jws: await signCompact(signer, payload),
  };
  // Copy first: if the copy fails, the table has no checkpoint at this seq and the next run retries.
  await copies?.put(record);
  try {
    await ctx.clients.ddb.send(
      new PutCommand({
        TableName: ctx.config.auditTableName,
        Item: { ...keys.checkpoint(head.caseId, head.auditSeq), ...record },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return record;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return undefined;
    throw error;
  }
}

interface CheckpointRun {
  /** Cases whose audit chain moved in the hours looked at. */
  readonly cases: number;
  /** New checkpoints signed and stored (a head already checkpointed is skipped). */
  readonly recorded: number;
}

/** Cases sealed or checkpointed at once by one run. */
const CASES_AT_ONCE = 8;

/** Run `work` over `items`, at most CASES_AT_ONCE at a time. */
async function fewAtOnce<T>(items: readonly T[], work: (item: T) => Promise<void>) {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: CASES_AT_ONCE }, worker));
}

/**
 * Checkpoint every case whose chain moved in the last `lookbackHours` hours (the current hour
 * included). Meant for the sweeper's schedule (every minute) or a schedule of its own; running
 * it twice is harmless. Reads one marker partition per hour: no Scan.
 *
 * Every run looks at every case moved in those hours, so its requests per case are few: one
 * Query for events a stopped command left pending (sealed here first, so the heads include them),
 * and the heads and their checkpoints read 100 cases a request; only a head no checkpoint vouches
 * for is signed (a KMS request in AWS) and stored. It was four requests a case (docs/decisions/0011).
 */
export async function recordCheckpoints(
  ctx: StoreContext,
  signer: CheckpointSigner,
  options: { lookbackHours?: number; copies?: CheckpointCopies } = {},
): Promise<CheckpointRun> {
  const now = ctx.clock.now().getTime();
  const hours = Array.from({ length: (options.lookbackHours ?? 2) + 1 }, (_, i) =>
    changedHour(new Date(now - i * HOUR)),
  );
  const caseIds = new Set<string>();
  for (const hour of hours) {
    const markers = await partitionItems(
      ctx,
      ctx.config.mainTableName,
      partitions.changedCases(hour),
    );
    for (const item of markers) caseIds.add(item.caseId as string);
  }
  await fewAtOnce([...caseIds], async (caseId) => {
    if (await hasPendingEvents(ctx, caseId)) await sealPending(ctx, caseId);
  });
  let recorded = 0;
  await fewAtOnce(await uncheckpointed(ctx, await chainHeads(ctx, [...caseIds])), async (head) => {
    if (await checkpointHead(ctx, signer, head, options.copies)) recorded++;
  });
  return { cases: caseIds.size, recorded };
}

async function thumbprintOf(jwk: JWK) {
  return calculateJwkThumbprint(jwk, "sha256");
}

/**
 * The local stage's signer: an EC P-256 key in a PEM file, made on first use (mode 0600).
 * Processes that share the file (the local stack, tests, CLIs) sign with the same key.
 */
async function localCheckpointSigner(file: string): Promise<CheckpointSigner> {
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    try {
      writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), {
        mode: 0o600,
        flag: "wx",
      });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = createPrivateKey(readFileSync(file, "utf8"));
  const publicJwk = createPublicKey(key).export({ format: "jwk" }) as JWK;
  const kid = await thumbprintOf(publicJwk);
  return {
    kid,
    publicJwk: { ...publicJwk, kid, alg: "ES256", use: "sig" },
    sign: async (data) => sign("sha256", data, { key, dsaEncoding: "ieee-p1363" }),
  };
}

/** An ASN.1 DER ECDSA signature (what KMS returns) as the r‖s form JWS uses. */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  let offset = 2;
  if ((der[1] as number) & 0x80) offset += (der[1] as number) & 0x7f;
  const readInt = () => {
    if (der[offset] !== 0x02) throw new Error("not a DER ECDSA signature");
    const length = der[offset + 1] as number;
    let value = der.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    const out = new Uint8Array(size);
    out.set(value, size - value.length);
    return out;
  };
  const r = readInt();
  const s = readInt();
  const out = new Uint8Array(size * 2);
  out.set(r, 0);
  out.set(s, size);
  return out;
}

/** The AWS signer: an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY); the private key never leaves KMS. */
export async function kmsCheckpointSigner(keyId: string): Promise<CheckpointSigner> {
  const { KMSClient, GetPublicKeyCommand, SignCommand } = await import("@aws-sdk/client-kms");
  const kms = new KMSClient({});
  const pub = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!pub.PublicKey) throw new Error("the KMS key has no public key");
  const publicJwk = createPublicKey({
    key: Buffer.from(pub.PublicKey),
    format: "der",
    type: "spki",
  }).export({ format: "jwk" }) as JWK;
  const kid = await thumbprintOf(publicJwk);
  return {
    kid,
    publicJwk: { ...publicJwk, kid, alg: "ES256", use: "sig" },
    async sign(data) {
      const out = await kms.send(
        new SignCommand({
          KeyId: keyId,
          Message: data,
          MessageType: "RAW",
          SigningAlgorithm: "ECDSA_SHA_256",
        }),
      );
      if (!out.Signature) throw new Error("KMS returned no signature");
      return derToJose(out.Signature);
    },
  };
}

/** Where the local key lives when nothing says otherwise. */
const DEFAULT_LOCAL_CHECKPOINT_KEY = join(tmpdir(), "cp-local-checkpoint-key.pem");

let cached: Promise<CheckpointSigner> | undefined;

/**
 * The signer this process uses: `CHECKPOINT_KMS_KEY_ID` (AWS), else the key file
 * `CHECKPOINT_KEY_FILE`, else the local default. Made once per process.
 */
export function checkpointSignerFromEnv(env: NodeJS.ProcessEnv = process.env) {
  cached ??= env.CHECKPOINT_KMS_KEY_ID
    ? kmsCheckpointSigner(env.CHECKPOINT_KMS_KEY_ID)
    : localCheckpointSigner(env.CHECKPOINT_KEY_FILE ?? DEFAULT_LOCAL_CHECKPOINT_KEY);
  return cached;
}
