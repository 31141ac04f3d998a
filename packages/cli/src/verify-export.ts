/**
 * Offline verification of an audit export (packages/store/src/audit/export.ts): no network, no
 * database, only the file and, optionally, a pinned public key. It names the first event that
 * does not hold:
 *
 * - an edited event: its hash no longer matches its content (that event);
 * - a deleted or reordered event: the sequence breaks (the first position out of order);
 * - a truncated tail: a signed checkpoint (or the export's own signature) vouches for a head
 *   beyond the last event (the first missing event);
 * - a rewritten chain (every hash recomputed): the event at a checkpoint's seq differs from the
 *   signed hash (that event);
 * - a rewritten chain whose checkpoints were also removed from the table and the export: the
 *   copies kept where nobody can rewrite them (S3 Object Lock, the local stack's folder; given
 *   with `copies`) still vouch for the old heads.
 */
import { type AuditEvent, verifyChain } from "@cp/domain";
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { z } from "zod";

export interface ExportVerdict {
  readonly valid: boolean;
  readonly caseId?: string;
  readonly events: number;
  readonly head?: string;
  /** The first event that does not hold (a missing one counts as the first missing seq). */
  readonly firstBadSeq?: number;
  readonly problem?: string;
  readonly checkpointsVerified: number;
  /** Of those, the copies kept outside the database (`copies`). */
  readonly copiesVerified?: number;
  readonly warnings: readonly string[];
}

/** A signed checkpoint copied outside the database (packages/store/src/audit/checkpoint-copies.ts). */
export interface CheckpointCopy {
  readonly seq: number;
  readonly jws: string;
}

const FileSchema = z.object({
  format: z.literal("cp-audit-export/1"),
  caseId: z.string().min(1),
  exportedAt: z.string(),
  events: z.array(z.looseObject({ seq: z.number(), hash: z.string() })),
  checkpoints: z.array(z.object({ seq: z.number(), jws: z.string() })),
  signature: z.string().optional(),
  keys: z.array(z.looseObject({ kid: z.string().optional() })),
});

const SignedHead = z.object({
  typ: z.enum(["audit-checkpoint", "audit-export"]),
  caseId: z.string(),
  seq: z.number().int().nonnegative(),
  hash: z.string(),
});

type Finding = { seq: number; problem: string };

async function verifySigned(jws: string, keys: readonly JWK[]) {
  const { kid } = decodeProtectedHeader(jws);
  const jwk = keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`signed by an unknown key (${kid ?? "no kid"})`);
  const key = await importJWK(jwk, "ES256");
  const { payload } = await compactVerify(jws, key, { algorithms: ["ES256"] });
  return SignedHead.parse(JSON.parse(new TextDecoder().decode(payload)));
}

/** Hold the events against one signed head. */
function againstHead(
  events: readonly { seq: number; hash: string }[],
  head: z.infer<typeof SignedHead>,
  what: string,
): Finding | undefined {
  if (head.seq > events.length) {
    return {
      seq: events.length + 1,
      problem: `${what} vouches for ${head.seq} events but the trail ends at seq ${events.length}: events ${events.length + 1}–${head.seq} are missing`,
    };
  }
  const event = events[head.seq - 1];
  if (head.seq > 0 && event?.hash !== head.hash) {
    return { seq: head.seq, problem: `event ${head.seq} differs from the hash ${what} signed` };
  }
  return undefined;
}

/**
 * Verify an export. `trustedKeys` pins the signer's public key(s); without it the keys inside
 * the file are used, which proves integrity against accidents but not against whoever wrote
 * the file, and a warning says so.
 */
export async function verifyAuditExport(
  file: unknown,
  options: {
    trustedKeys?: readonly JWK[];
    /** Copies of the case's checkpoints kept out of the database's reach, and where they are. */
    copies?: { readonly where: string; readonly items: readonly CheckpointCopy[] };
  } = {},
): Promise<ExportVerdict> {
  const parsed = FileSchema.safeParse(file);
  if (!parsed.success) {
    return {
      valid: false,
      events: 0,
      // One line: the first few fields that do not fit the format.
      problem: `not an audit export (${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "file"}: ${i.message}`)
        .join("; ")})`,
      checkpointsVerified: 0,
      warnings: [],
    };
  }
  const data = parsed.data;
  const events = data.events as unknown as AuditEvent[];
  const warnings: string[] = [];
  const findings: Finding[] = [];
  const keys = options.trustedKeys ?? (data.keys as JWK[]);
  if (!options.trustedKeys) {
    warnings.push(
      "signatures checked against the keys inside the file; pin the signer's key with --key",
    );
  }

  const chain = verifyChain(events);
  if (!chain.valid) findings.push({ seq: chain.firstBadSeq, problem: chain.problem });

  let checkpointsVerified = 0;
  let copiesVerified = 0;
  const signed: { jws: string; what: string; copy?: boolean }[] = [
    ...data.checkpoints.map((c) => ({ jws: c.jws, what: `the checkpoint at seq ${c.seq}` })),
    ...(data.signature ? [{ jws: data.signature, what: "the export's signature" }] : []),
    ...(options.copies?.items ?? []).map((c) => ({
      jws: c.jws,
      what: `the checkpoint copied at seq ${c.seq} (${options.copies?.where})`,
      copy: true,
    })),
  ];
  if (options.copies && options.copies.items.length === 0) {
    warnings.push(`no checkpoint copy of this case in ${options.copies.where}`);
  }
  if (!data.signature) warnings.push("the export carries no signature of its own");
  if (data.checkpoints.length === 0) warnings.push("no checkpoint recorded for this case yet");
  for (const { jws, what, copy } of signed) {
    let head: z.infer<typeof SignedHead>;
    try {
      head = await verifySigned(jws, keys);
    } catch (error) {
      findings.push({
        seq: 0,
        problem: `${what}: signature not valid (${(error as Error).message})`,
      });
      continue;
    }
    if (head.caseId !== data.caseId) {
      findings.push({ seq: 0, problem: `${what} is for another case (${head.caseId})` });
      continue;
    }
    if (head.typ === "audit-checkpoint") checkpointsVerified++;
    if (copy) copiesVerified++;
    const finding = againstHead(events, head, what);
    if (finding) findings.push(finding);
  }

  // A bad signature (seq 0) outranks everything; otherwise the earliest bad event.
  const first = findings.sort((a, b) => a.seq - b.seq)[0];
  return {
    valid: first === undefined,
    caseId: data.caseId,
    events: events.length,
    head: events.at(-1)?.hash,
    ...(first
      ? { ...(first.seq > 0 ? { firstBadSeq: first.seq } : {}), problem: first.problem }
      : {}),
    checkpointsVerified,
    ...(options.copies ? { copiesVerified } : {}),
    warnings,
  };
}
