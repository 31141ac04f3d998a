/**
 * The README's commands, run as written. The stack is started the README's way (`npm start`, on
 * free ports, its state file in a temporary folder through CP_LOCAL_STACK), so the tools find
 * it exactly as they find a developer's. The walk-through runs in one shell, command by command:
 * each must exit 0 and give the answer its `# → …` line promises. Every row of "More commands"
 * is run, or listed below as skipped with the reason; a new row that is neither fails here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.ts";
import {
  brokenPromise,
  shellBlocks,
  splitCommands,
  tableCommands,
  type WalkCommand,
} from "./readme-commands.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** Sections with `sh` blocks, and what becomes of them here. */
const BLOCKS: Record<string, string> = {
  "Two commands":
    "npm start starts this test's stack; npm test runs this test; CI's .ci/run installs",
  "Walk-through (curl)": "run below, command by command",
  "Deploying to AWS":
    "skipped: needs an AWS account (npm run synth, in More commands, is the offline half)",
};

/** Rows of "More commands" not run here, and why. */
const SKIPPED_ROWS: Record<string, string> = {
  "npm run bench": "minutes of load that wants a quiet machine; it rewrites docs/performance.md",
  "npm run test:reliability": "the reliability project of `npm test` is this same suite",
  "npm run test:mutation": "minutes of mutants over the unit tests; run by hand, not in CI",
};

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;
let env: NodeJS.ProcessEnv;
let stack: ChildProcess | undefined;
let stackOutput = "";

/** Process groups of commands still running, ended in afterAll should a test stop early. */
const running = new Set<number>();

const killGroup = (pid: number, signal: NodeJS.Signals | 0) => {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the whole group has ended
  }
};

/** Runs `script` in bash at the repository root with the test's environment; never throws. */
function bash(script: string, timeout = 240_000): Promise<Ran> {
  return new Promise((resolve) => {
    // Its own process group, so a timeout ends npm, tsx and whatever they started.
    const child = spawn("bash", ["-c", script], { cwd: ROOT, env, detached: true });
    const pid = child.pid as number;
    running.add(pid);
    const timer = setTimeout(() => killGroup(pid, "SIGKILL"), timeout);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      running.delete(pid);
      resolve({
        status,
        stdout,
        stderr: status === null ? `${stderr}\n(killed after ${timeout} ms)` : stderr,
      });
    });
  });
}

/** Rows whose run needs nothing from the walk-through start with the stack, to save time. */
const early = new Map<string, Promise<Ran>>();
const EARLY_ROWS = [/^npm run synth\b/];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "readme-"));
  const stateFile = join(dir, "state.json");
  env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST"))),
    CP_LOCAL_STACK: stateFile,
  };
  for (const row of tableCommands(README, "More commands")) {
    if (EARLY_ROWS.some((r) => r.test(row))) early.set(row, bash(row, 600_000));
  }
  // A free port can be taken by another program between the check and `npm start` binding it;
  // then the stack ends with EADDRINUSE and is started again on other ports.
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    if (await startStack(stateFile, started)) return;
    if (attempt === 3 || !PORT_TAKEN.test(stackOutput)) {
      throw new Error(`npm start ended:\n${stackOutput}`);
    }
  }
}, 300_000);

const PORT_TAKEN = /EADDRINUSE|address already in use|BindException/i;

/** Starts `npm start` on fresh ports; true once its state file is written, false if it ended first. */
async function startStack(stateFile: string, started: number): Promise<boolean> {
  env.PORT = String(await freePort());
  env.DYNAMODB_PORT = String(await freePort());
  env.SQS_PORT = String(await freePort());
  stackOutput = "";
  // Its own process group, so the stop below reaches npm, tsx, node and the Java process.
  // With --persist, as the README shows it, and a relative path, as a person would type it.
  const data = relative(ROOT, join(dir, "data"));
  const child = spawn("npm", ["start", "--", "--persist", data], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: "pipe",
  });
  stack = child;
  const keep = (chunk: Buffer) => {
    stackOutput = (stackOutput + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  while (!existsSync(stateFile)) {
    if (child.exitCode !== null) {
      if (child.pid) killGroup(child.pid, "SIGKILL"); // whatever it started and left behind
      return false;
    }
    if (Date.now() - started > 280_000) throw new Error(`npm start not ready:\n${stackOutput}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return true;
}

afterAll(async () => {
  for (const pid of running) killGroup(pid, "SIGKILL");
  const pid = stack?.pid;
  if (pid) {
    // SIGTERM lets `npm start` stop its stack; whatever is left after 20 s is killed.
    killGroup(pid, "SIGTERM");
    for (let waited = 0; waited < 20_000 && killGroup(pid, 0); waited += 250) {
      await new Promise((r) => setTimeout(r, 250));
    }
    killGroup(pid, "SIGKILL");
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("README", () => {
  it("has sh blocks only where this test knows what to do with them", () => {
    const sections = [...new Set(shellBlocks(README).map((b) => b.section))];
    expect(sections.sort()).toEqual(Object.keys(BLOCKS).sort());
  });

  it("names only files that exist", () => {
    const named = [...README.matchAll(/`((?:packages|tests|docs|infra|functions)\/[\w./-]+)`/g)];
    const missing = named
      .map((m) => m[1] as string)
      .filter((p) => !p.endsWith("/dist")) // the web build's output, made by npm start
      .filter((p) => !existsSync(join(ROOT, p)));
    expect(missing).toEqual([]);
  });

  it("each tool answers --help with an example", async () => {
    for (const tool of ["npm start", "npm run report:progress", "npm run audit:verify"]) {
      const r = await bash(`${tool} -- --help`);
      expect(r.status, `${tool}: ${r.stderr}`).toBe(0);
      expect(r.stdout, tool).toMatch(/^usage: /m);
      expect(r.stdout, tool).toMatch(/^example: /m);
    }
  });

  it("npm start writes where it runs, for the tools to find", () => {
    const state = JSON.parse(readFileSync(env.CP_LOCAL_STACK as string, "utf8"));
    expect(state.apiUrl).toBe(`http://127.0.0.1:${env.PORT}`);
    expect(state.dynamoEndpoint).toBe(`http://127.0.0.1:${env.DYNAMODB_PORT}`);
    expect(existsSync(state.checkpointPublicKeyFile)).toBe(true);
    expect(state.dataDir).toBe(join(dir, "data"));
    expect(readdirSync(state.dataDir).some((f) => f.endsWith(".db"))).toBe(true);
  });

  let vars: Record<string, string> = {};

  it("the walk-through works as written, each answer as promised", async () => {
    const block = shellBlocks(README).find((b) => b.section === "Walk-through (curl)");
    const commands: WalkCommand[] = splitCommands(block?.text ?? "");
    const out = (i: number, what: string) => join(dir, `walk-${i}.${what}`);
    const script = [
      ...commands.map(
        (c, i) =>
          `{\n${c.text}\n} >${out(i, "out")} 2>${out(i, "err")}; echo $? >${out(i, "status")}`,
      ),
      `for v in REF TICKET CASE EXPORT; do echo "$v=\${!v:-}"; done >${join(dir, "vars")}`,
    ].join("\n");
    const run = await bash(script);
    expect(run.status, run.stderr).toBe(0);
    const problems: string[] = [];
    commands.forEach((c, i) => {
      const read = (what: string) =>
        existsSync(out(i, what)) ? readFileSync(out(i, what), "utf8") : "";
      const status = read("status").trim();
      const stdout = read("out");
      const first = c.text.split("\n")[0];
      if (status !== "0")
        problems.push(`exit ${status || "none"}: ${first}\n${read("err").slice(-500)}`);
      const broken = c.promised ? brokenPromise(c.promised, stdout) : undefined;
      if (broken) problems.push(`${first}\n  → ${broken}`);
    });
    expect(problems).toEqual([]);
    vars = Object.fromEntries(
      readFileSync(join(dir, "vars"), "utf8")
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    // The key facts, whatever the promises say: the police found the case through their ticket,
    // closed it, and the offline check pinned the local stack's key.
    expect(vars.REF).toMatch(/^SGL-\d{8}-/);
    expect(vars.TICKET).toMatch(/^[0-9A-Z]{26}$/);
    expect(vars.CASE).toMatch(/^[0-9A-Z]{26}$/);
    const closeAt = commands.findIndex((c) => c.text.includes("/close"));
    expect(JSON.parse(readFileSync(out(closeAt, "out"), "utf8")).ticket.status).toBe("closed");
    const verifyAt = commands.findIndex((c) => c.text.includes("audit:verify"));
    const verified = readFileSync(out(verifyAt, "out"), "utf8");
    expect(verified).toMatch(new RegExp(`^VALID case ${vars.CASE}: \\d+ events`, "m"));
    expect(verified).toMatch(/^key: the local stack's checkpoint key/m);
  }, 300_000);

  /** How each row of "More commands" that runs here is run and judged. */
  const ROWS: {
    readonly row: RegExp;
    readonly check: (row: string) => Promise<void> | void;
  }[] = [
    {
      row: /^npm run audit:verify -- /,
      check: async (row) => {
        expect(vars.EXPORT, "the walk-through's export").toBeTruthy();
        const r = await bash(row.replace("FILE", vars.EXPORT as string));
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^VALID case ${vars.CASE}: \\d+ events`, "m"));
        // The same command on a file cut short names the first missing event and exits 1.
        const cut = JSON.parse(readFileSync(vars.EXPORT as string, "utf8"));
        cut.events.pop();
        const cutFile = join(dir, "cut.json");
        writeFileSync(cutFile, JSON.stringify(cut));
        const bad = await bash(row.replace("FILE", cutFile));
        expect(bad.status).toBe(1);
        expect(bad.stdout).toMatch(/^INVALID case .*missing/m);
      },
    },
    {
      row: /^npm run report:progress -- /,
      check: async (row) => {
        const file = join(dir, "progress.xlsx");
        const r = await bash(row.replace("FILE", file));
        expect(r.status, r.stderr).toBe(0);
        const period = /--period (\S+)/.exec(row)?.[1];
        expect(r.stdout).toMatch(
          new RegExp(`: \\d+ tickets, \\d+ cases in ${period}, from the local stack`),
        );
        const book = new ExcelJS.Workbook();
        await book.xlsx.readFile(file);
        expect(book.worksheets.length).toBeGreaterThan(0);
        // With no stack to find: one line saying what to do, no stack trace.
        const gone = await bash(
          `CP_LOCAL_STACK=${join(dir, "none.json")} ${row.replace("FILE", file)}`,
        );
        expect(gone.status).toBe(1);
        const said = gone.stderr
          .trim()
          .split("\n")
          .filter((l) => !l.startsWith("("));
        expect(said.at(-1)).toMatch(/^report:progress: no local stack found .* `npm start`/);
        expect(gone.stderr).not.toMatch(/^\s+at /m);
      },
    },
    {
      row: /^npm run redrive -- /,
      check: async (row) => {
        const r = await bash(row);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toMatch(
          /^moved \d+ message\(s\) from cp-intake-dlq\.fifo to cp-intake\.fifo \(the local stack/m,
        );
      },
    },
    {
      row: /^npm run synth\b/,
      check: async (row) => {
        // Started with the stack (EARLY_ROWS); a busy machine can take minutes.
        const r = await (early.get(row) ?? bash(row, 600_000));
        expect(r.status, r.stderr.slice(-2000)).toBe(0);
        const templates = readdirSync(join(ROOT, "cdk.out")).filter((f) =>
          f.endsWith(".template.json"),
        );
        expect(templates.length).toBeGreaterThan(0);
      },
    },
  ];

  const rows = tableCommands(README, "More commands");

  it("lists exactly the rows it skips, so no new row is skipped unseen", () => {
    expect(rows.filter((r) => r in SKIPPED_ROWS).sort()).toEqual(Object.keys(SKIPPED_ROWS).sort());
    const unknown = rows.filter((r) => !(r in SKIPPED_ROWS) && !ROWS.some((c) => c.row.test(r)));
    expect(unknown, "rows neither run nor skipped by tests/docs/readme.test.ts").toEqual([]);
  });

  for (const row of rows.filter((r) => !(r in SKIPPED_ROWS))) {
    it(`runs "${row}"`, async () => {
      const how = ROWS.find((c) => c.row.test(row));
      if (!how) throw new Error(`no way to run "${row}"`);
      await how.check(row);
    }, 600_000);
  }
});
