/**
 * Copies of signed checkpoints kept outside the database, where nobody can rewrite them: an S3
 * bucket with Object Lock in compliance mode in AWS (no principal, the account root included,
 * can delete or overwrite a locked version before its retention ends), a folder of the local
 * stack on a laptop. An administrator able to rewrite the audit table and recompute every hash
 * still cannot make the chain match the copies: `npm run audit:verify -- --copies …` holds the
 * chain against them.
 *
 * One object per checkpoint, `checkpoints/<caseId>/<seq, 12 digits>.json`, holding the
 * checkpoint record (payload, key id, compact JWS), written once: a second write for the same
 * seq (a retry after a crash between the copy and the table) is refused by the bucket
 * (`If-None-Match: *`) and skipped by the folder when it vouches for the same hash; one for
 * another hash is kept beside the first in the folder (`<seq>~<n>.json`), so a verifier sees both.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckpointRecord } from "./checkpoint-record.ts";

export interface CheckpointCopies {
  /** Where the copies are, for messages (`s3://bucket/checkpoints/`, a folder). */
  readonly where: string;
  /** Keep one signed checkpoint. Idempotent for the same record. */
  put(record: CheckpointRecord): Promise<void>;
  /** Every copy of the case's checkpoints (every version of each), oldest seq first. */
  list(caseId: string): Promise<CheckpointRecord[]>;
}

/** The object key (or relative path) of a checkpoint. */
function checkpointCopyKey(caseId: string, seq: number): string {
  if (!/^[A-Za-z0-9_-]+$/.test(caseId)) throw new Error("a case id has no path characters");
  return `checkpoints/${caseId}/${String(seq).padStart(12, "0")}.json`;
}

const bySeq = (a: CheckpointRecord, b: CheckpointRecord) => a.seq - b.seq;

/**
 * The local stack's copies: read-only files in `dir`, each created exclusively (never
 * overwritten); a second, different checkpoint at the same seq goes beside the first.
 */
export function folderCheckpointCopies(dir: string): CheckpointCopies {
  return {
    where: dir,
    async put(record) {
      const first = join(dir, checkpointCopyKey(record.caseId, record.seq));
      mkdirSync(join(first, ".."), { recursive: true });
      const body = `${JSON.stringify(record)}\n`;
      for (let n = 0; ; n++) {
        const file = n === 0 ? first : first.replace(/\.json$/, `~${n}.json`);
        try {
          writeFileSync(file, body, { flag: "wx", mode: 0o444 });
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          const kept = JSON.parse(readFileSync(file, "utf8")) as CheckpointRecord;
          if (kept.hash === record.hash) return;
        }
      }
    },
    async list(caseId) {
      const folder = join(dir, "checkpoints", caseId);
      if (!existsSync(folder)) return [];
      return readdirSync(folder)
        .filter((name) => name.endsWith(".json"))
        .map((name) => JSON.parse(readFileSync(join(folder, name), "utf8")) as CheckpointRecord)
        .sort(bySeq);
    },
  };
}

/**
 * The AWS copies: an Object Lock bucket whose default retention (compliance mode) applies to
 * every object written; the writer needs only `s3:PutObject` on `checkpoints/*`. The checksum
 * satisfies Object Lock's integrity header requirement; `If-None-Match: *` makes the write
 * once-only (412 when the seq is copied already, which is success for a retry).
 */
export function s3CheckpointCopies(bucket: string): CheckpointCopies {
  const client = import("@aws-sdk/client-s3").then((s3) => ({ s3, client: new s3.S3Client({}) }));
  return {
    where: `s3://${bucket}/checkpoints/`,
    async put(record) {
      const { s3, client: c } = await client;
      try {
        await c.send(
          new s3.PutObjectCommand({
            Bucket: bucket,
            Key: checkpointCopyKey(record.caseId, record.seq),
            Body: `${JSON.stringify(record)}\n`,
            ContentType: "application/json",
            ChecksumAlgorithm: "SHA256",
            IfNoneMatch: "*",
          }),
        );
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
        if (status?.httpStatusCode !== 412) throw error;
      }
    },
    async list(caseId) {
      const { s3, client: c } = await client;
      const prefix = `checkpoints/${caseId}/`;
      const out: CheckpointRecord[] = [];
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      do {
        const page = await c.send(
          new s3.ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            VersionIdMarker: versionMarker,
          }),
        );
        for (const version of page.Versions ?? []) {
          const object = await c.send(
            new s3.GetObjectCommand({
              Bucket: bucket,
              Key: version.Key,
              VersionId: version.VersionId,
            }),
          );
          out.push(JSON.parse(await (object.Body?.transformToString() ?? "null")));
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (keyMarker);
      return out.sort(bySeq);
    },
  };
}

/**
 * The copies this process writes: `CHECKPOINT_BUCKET` (AWS), else `CHECKPOINT_COPY_DIR` (the local
 * stack), else none.
 */
export function checkpointCopiesFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): CheckpointCopies | undefined {
  if (env.CHECKPOINT_BUCKET) return s3CheckpointCopies(env.CHECKPOINT_BUCKET);
  if (env.CHECKPOINT_COPY_DIR) return folderCheckpointCopies(env.CHECKPOINT_COPY_DIR);
  return undefined;
}
