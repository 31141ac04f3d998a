/**
 * `npm run audit:verify -- FILE [--key PUBLIC_JWK_FILE]`: verify an exported audit trail with no
 * network and no database. Exit code 0 when the trail holds, 1 when it does not (naming the
 * first bad event), 2 when the file cannot be read.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { LocalStackNotFound, readStateFile, shown, stateFilePath } from "@cp/local/state-file";
import {
  type CheckpointCopies,
  folderCheckpointCopies,
  s3CheckpointCopies,
} from "@cp/store/audit/checkpoint-copies";
import type { JWK } from "jose";
import { runCli, UsageError } from "./cli.ts";
import { verifyAuditExport } from "./verify-export.ts";

const HELP = `usage: npm run audit:verify -- FILE [--key PUBLIC_JWK_FILE]... [--copies DIR|s3://BUCKET] [--local-stack STATE_FILE]

Verifies an exported audit trail (GET /v1/cases/{caseId}/audit/export) offline: the hash chain,
the signed checkpoints and the export's signature. No network, no database.
  --key          pin the signer's public key (a JWK file; repeatable)
  --copies       also hold the chain against the case's checkpoint copies kept where nobody can
                 rewrite them: the Object Lock bucket (s3://BUCKET, needs AWS credentials) or a
                 folder; default: the running local stack's copies, when its key signed the file
  --local-stack  the state file of a running local stack whose key to pin; default: the one
                 \`npm start\` writes (.local-stack/state.json, or CP_LOCAL_STACK)
Without --key, an export signed by the running local stack's key is checked against that key;
any other export against the keys inside the file, with a warning.
Exit status: 0 the trail holds, 1 it does not (the first bad event is named), 2 unreadable input.

example: npm run audit:verify -- audit-export.json --key signer-public.jwk`;

/**
 * The running local stack's public key when the export names it among its signers. An explicit
 * `--local-stack` that cannot be read is an error; a missing default stack is not.
 */
function localStackKey(data: unknown, stateFile: string | undefined) {
  let file: string;
  let copyDir: string | undefined;
  try {
    const state = readStateFile(stateFile ?? stateFilePath());
    file = state.checkpointPublicKeyFile;
    copyDir = state.checkpointCopyDir;
  } catch (error) {
    if (stateFile && error instanceof LocalStackNotFound) throw new UsageError(error.message);
    return undefined;
  }
  const key = readJson(file, "the local stack's key") as JWK;
  const signers = (data as { keys?: { kid?: unknown }[] }).keys ?? [];
  return signers.some((k) => k.kid === key.kid) ? { key, file, copyDir } : undefined;
}

/** `--copies DIR` or `--copies s3://BUCKET`. */
function copiesAt(where: string): CheckpointCopies {
  const bucket = /^s3:\/\/([^/]+)\/?$/.exec(where)?.[1];
  return bucket ? s3CheckpointCopies(bucket) : folderCheckpointCopies(where);
}

/** A JSON file, or a UsageError naming it (exit 2). */
function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "not JSON";
    throw new UsageError(`cannot read ${what} ${file}: ${reason}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      key: { type: "string", multiple: true },
      "local-stack": { type: "string" },
      copies: { type: "string" },
    },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) throw new UsageError("the export FILE is missing");
  const data = readJson(file, "the export");
  let trustedKeys = values.key?.map((k) => readJson(k, "the key") as JWK);
  let copiesWhere = values.copies;
  if (!trustedKeys) {
    const local = localStackKey(data, values["local-stack"]);
    if (local) {
      console.log(`key: the local stack's checkpoint key (${shown(local.file)})`);
      trustedKeys = [local.key];
      copiesWhere ??= local.copyDir;
    }
  }
  const caseId = (data as { caseId?: unknown }).caseId;
  const copies =
    copiesWhere && typeof caseId === "string"
      ? await (async () => {
          const source = copiesAt(copiesWhere);
          console.log(`copies: ${shown(source.where)}`);
          return { where: source.where, items: await source.list(caseId) };
        })()
      : undefined;
  const verdict = await verifyAuditExport(data, {
    ...(trustedKeys ? { trustedKeys } : {}),
    ...(copies ? { copies } : {}),
  });
  for (const w of verdict.warnings) console.error(`warning: ${w}`);
  if (verdict.valid) {
    console.log(
      `VALID case ${verdict.caseId}: ${verdict.events} events, head ${verdict.head}, ${verdict.checkpointsVerified} checkpoint(s) verified${verdict.copiesVerified !== undefined ? ` (${verdict.copiesVerified} from copies)` : ""}`,
    );
    return 0;
  }
  const where =
    verdict.firstBadSeq !== undefined ? `first bad event: seq ${verdict.firstBadSeq}: ` : "";
  console.log(`INVALID case ${verdict.caseId ?? "?"}: ${where}${verdict.problem}`);
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli("audit:verify", HELP, main);
}
