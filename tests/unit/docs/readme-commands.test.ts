import { describe, expect, it } from "vitest";
import {
  brokenPromise,
  shellBlocks,
  splitCommands,
  tableCommands,
} from "../../docs/readme-commands.ts";

describe("reading the README as commands", () => {
  it("splits a block where bash sees a whole command, keeping the answer promised after it", () => {
    const block = [
      "A=1",
      "# a comment",
      "curl -s -X POST $API \\",
      "  -d '{",
      '  "x": 1}\'',
      '# → {"ok": true}',
      "for i in 1 2; do",
      "  echo $i; done",
    ].join("\n");
    const commands = splitCommands(block);
    expect(commands.map((c) => c.text.split("\n").length)).toEqual([1, 3, 2]);
    expect(commands[1]?.promised).toBe('{"ok": true}');
    expect(commands[0]?.promised).toBeUndefined();
  });

  it("refuses a block that ends inside a command", () => {
    expect(() => splitCommands("echo 'open")).toThrow(/unfinished command/);
  });

  it("finds sh blocks by section and the commands of a table", () => {
    const md = "## A\n```sh\nls\n```\n## More\n| c | d |\n| - | - |\n| `npm run x -- FILE` | x |\n";
    expect(shellBlocks(md)).toEqual([{ section: "A", text: "ls" }]);
    expect(tableCommands(md, "More")).toEqual(["npm run x -- FILE"]);
  });

  it("holds an answer to the fields and literal values it promises", () => {
    const promised = '{"ticket": {"status": "closed", "id": "…"}, "valid": true}';
    expect(brokenPromise(promised, '{"ticket":{"status":"closed","id":"7"},"valid":true}')).toBe(
      undefined,
    );
    expect(
      brokenPromise(promised, '{"ticket":{"status":"accepted","id":"7"},"valid":true}'),
    ).toMatch(/"status" is \["accepted"\]/);
    expect(brokenPromise(promised, '{"ticket":{"status":"closed"},"valid":true}')).toMatch(
      /no field "id"/,
    );
    expect(brokenPromise(promised, "Not found")).toMatch(/not JSON/);
  });

  it("holds a text answer to its pattern, … standing for anything", () => {
    expect(brokenPromise("VALID case …: … events", "x\nVALID case 01AB: 9 events\n")).toBe(
      undefined,
    );
    expect(brokenPromise("VALID case …: … events", "INVALID case 01AB: seq 4")).toMatch(/no line/);
  });
});
