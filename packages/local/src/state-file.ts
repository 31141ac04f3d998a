/**
 * Where a running local stack can be found. `npm start` writes this small file (ports, endpoints,
 * table names, the checkpoint key's public half) when the stack is ready and removes it on
 * Ctrl-C; the command-line tools read it, so they need no environment variables. It holds no
 * secret: no token key, no personal-data key, no fingerprint key.
 *
 * The file is `.local-stack/state.json` at the repository root (git-ignored), or the path in
 * `CP_LOCAL_STACK` (two stacks side by side, or a test's own stack).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const DEFAULT_STATE_FILE = fileURLToPath(
  new URL("../../../.local-stack/state.json", import.meta.url),
);

const LocalStackStateSchema = z.object({
  format: z.literal("cp-local-stack/1"),
  pid: z.int(),
  startedAt: z.string(),
  apiUrl: z.string(),
  dynamoEndpoint: z.string(),
  sqsEndpoint: z.string(),
  region: z.string(),
  queueUrlPrefix: z.string(),
  mainTableName: z.string(),
  auditTableName: z.string(),
  /** The public JWK of the key that signs audit checkpoints and exports (for `audit:verify --key`). */
  checkpointPublicKeyFile: z.string(),
  /** Where the stack copies each signed checkpoint (for `audit:verify --copies`). */
  checkpointCopyDir: z.string().optional(),
  /** Where data is kept across restarts; absent when in memory. */
  dataDir: z.string().optional(),
});
export type LocalStackState = z.infer<typeof LocalStackStateSchema>;

export const stateFilePath = (env: NodeJS.ProcessEnv = process.env) =>
  env.CP_LOCAL_STACK || DEFAULT_STATE_FILE;

/** A path as a person at the repository root would type it. */
export const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
};

/** Writes the state file, or the public key beside it. */
export function writeJsonFile(file: string, value: object): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function removeStateFile(file: string): void {
  rmSync(file, { force: true });
}

/** Why a local stack cannot be used: one line for a person, no stack trace. */
export class LocalStackNotFound extends Error {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** The running local stack described by `file`, or a LocalStackNotFound saying what to do. */
export function readStateFile(file: string): LocalStackState {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new LocalStackNotFound(
      `no local stack found (${shown(file)} does not exist): start one with \`npm start\` in another terminal`,
    );
  }
  let state: LocalStackState;
  try {
    state = LocalStackStateSchema.parse(JSON.parse(text));
  } catch {
    throw new LocalStackNotFound(
      `${shown(file)} is not a local stack's state file: restart the stack with \`npm start\``,
    );
  }
  if (!alive(state.pid)) {
    throw new LocalStackNotFound(
      `the local stack in ${shown(file)} is not running (process ${state.pid} has ended): start it with \`npm start\``,
    );
  }
  return state;
}
