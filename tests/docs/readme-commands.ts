/**
 * The README read as a list of commands: its fenced `sh` blocks by section, the walk-through
 * split into single shell commands (each with the `# → …` answer the README promises), and the
 * rows of the "More commands" table.
 */
import { spawnSync } from "node:child_process";

export interface ShellBlock {
  readonly section: string;
  readonly text: string;
}

/** Every fenced `sh` block, with the `##` section it sits in. */
export function shellBlocks(markdown: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  let section = "";
  let open: string[] | undefined;
  for (const line of markdown.split("\n")) {
    if (open) {
      if (line.startsWith("```")) {
        blocks.push({ section, text: open.join("\n") });
        open = undefined;
      } else open.push(line);
    } else if (line.startsWith("## ")) section = line.slice(3).trim();
    else if (line.startsWith("```sh")) open = [];
  }
  return blocks;
}

export interface WalkCommand {
  /** The command as the README shows it (continuation lines and multi-line quotes included). */
  readonly text: string;
  /** The README's `# → …` line right after it, without the arrow. */
  readonly promised?: string;
}

/** True when bash reads `text` as complete commands (no open quote, brace or loop). */
const complete = (text: string) =>
  !/\\\s*$/.test(text) && spawnSync("bash", ["-n"], { input: text }).status === 0;

/** A block split into the commands a person would paste one at a time; comments dropped. */
export function splitCommands(block: string): WalkCommand[] {
  const commands: { text: string; promised?: string }[] = [];
  let pending: string[] = [];
  for (const line of block.split("\n")) {
    if (pending.length === 0) {
      const arrow = /^\s*#\s*→\s*(.*)$/.exec(line);
      const last = commands.at(-1);
      if (arrow && last) {
        last.promised = arrow[1]?.trim();
        continue;
      }
      if (/^\s*(#.*)?$/.test(line)) continue;
    }
    pending.push(line);
    const text = pending.join("\n");
    if (complete(text)) {
      commands.push({ text });
      pending = [];
    }
  }
  if (pending.length > 0) throw new Error(`unfinished command in README: ${pending.join("\n")}`);
  return commands;
}

/** The commands of a `| \`command\` | what it does |` table under `## heading`. */
export function tableCommands(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const rest = markdown.slice(start + heading.length + 4);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1] as string);
}

/**
 * Holds an answer to what a `# → …` line promises. A JSON promise (`{"valid": true, "events": …}`)
 * names fields the answer must have, anywhere in it, with the value shown unless that value
 * holds an ellipsis; a text promise (`VALID case …: … events`) is a line pattern where `…` stands
 * for anything. Returns what does not hold, or undefined.
 */
export function brokenPromise(promised: string, stdout: string): string | undefined {
  const body = promised.replace(/^\d{3}\s+/, "");
  if (body.startsWith("{")) {
    let answer: unknown;
    try {
      answer = JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
    } catch {
      return `the answer is not JSON: ${stdout.slice(0, 200)}`;
    }
    const fields = new Map<string, unknown[]>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          fields.set(k, [...(fields.get(k) ?? []), x]);
          walk(x);
        }
      }
    };
    walk(answer);
    for (const [, key, value] of body.matchAll(/"(\w+)":\s*("[^"]*"|true|false|-?\d+|\{|\[|…)/g)) {
      const seen = fields.get(key as string);
      if (!seen) return `no field "${key}" in ${stdout.slice(0, 300)}`;
      if (!value || value.includes("…") || value === "{" || value === "[") continue;
      const expected = value.startsWith('"') ? value.slice(1, -1) : JSON.parse(value);
      if (!seen.some((s) => s === expected)) {
        return `"${key}" is ${JSON.stringify(seen)}, the README shows ${value}`;
      }
    }
    return undefined;
  }
  const escaped = body.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/…/g, ".+");
  return new RegExp(`^${escaped}`, "m").test(stdout)
    ? undefined
    : `no line like "${body}" in ${stdout.slice(0, 300)}`;
}
