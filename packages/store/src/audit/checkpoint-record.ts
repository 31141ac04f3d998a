/**
 * The shape of a signed checkpoint, apart from the code that makes and copies it, so the copies
 * and the checkpoints can both name it without importing each other.
 */

/** What a checkpoint vouches for. */
export interface CheckpointPayload {
  readonly typ: "audit-checkpoint";
  readonly caseId: string;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

export interface CheckpointRecord extends CheckpointPayload {
  readonly kid: string;
  /** Compact JWS (ES256) of the payload. */
  readonly jws: string;
}
