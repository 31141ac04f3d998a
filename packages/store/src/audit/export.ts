/**
 * A case's audit trail as one self-contained file that anyone can verify offline
 * (`npm run audit:verify -- FILE`): the events, the signed checkpoints recorded for the case,
 * a signature over the head the store holds at export time, and the public key that made them.
 * The events carry no personal data (domain audit/chain.ts), so the file may leave the platform.
 */
import type { AuditEvent, Identity } from "@cp/domain";
import type { JWK } from "jose";
import type { StoreContext } from "../context.ts";
import { allAuditEvents, sealedCase } from "../repos/cases.ts";
import { type CheckpointSigner, checkpointsOf, signCompact } from "./checkpoints.ts";

const AUDIT_EXPORT_FORMAT = "cp-audit-export/1";

/** What the export's own signature vouches for: the head the store recorded at export time. */
interface ExportHeadPayload {
  readonly typ: "audit-export";
  readonly caseId: string;
  readonly seq: number;
  readonly hash: string;
  readonly exportedAt: string;
}

export interface AuditExport {
  readonly format: typeof AUDIT_EXPORT_FORMAT;
  readonly caseId: string;
  readonly exportedAt: string;
  /** Oldest first, exactly as stored and served by `GET /v1/cases/{id}/audit`. */
  readonly events: readonly AuditEvent[];
  /** Signed heads recorded over time (compact JWS, ES256), oldest first. */
  readonly checkpoints: readonly { readonly seq: number; readonly jws: string }[];
  /** Compact JWS of an `ExportHeadPayload`. */
  readonly signature: string;
  /** Public keys of the signer(s), with `kid`. A verifier may pin its own copy instead. */
  readonly keys: readonly JWK[];
}

export async function exportAudit(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
  signer: CheckpointSigner,
): Promise<AuditExport> {
  const kase = await sealedCase(ctx, who, caseId);
  const [events, checkpoints] = await Promise.all([
    allAuditEvents(ctx, caseId),
    checkpointsOf(ctx, caseId),
  ]);
  const exportedAt = ctx.clock.now().toISOString();
  const head: ExportHeadPayload = {
    typ: "audit-export",
    caseId,
    seq: kase.auditSeq,
    hash: kase.auditHash,
    exportedAt,
  };
  return {
    format: AUDIT_EXPORT_FORMAT,
    caseId,
    exportedAt,
    events,
    checkpoints: checkpoints.map((c) => ({ seq: c.seq, jws: c.jws })),
    signature: await signCompact(signer, head),
    keys: [signer.publicJwk],
  };
}
