/**
 * The repository speaks only of itself: no comment, doc or string points to a folder beside it
 * (`../shared/`, where the briefs it was built from lie) or to a path on one machine (`/home/…`,
 * `/Users/…`, `C:\…`). Paths in the repository are relative to its root, so a reader on another
 * clone finds what they name. Every file git tracks or would track is read, binaries excepted.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What points outside the repository, each with the reason it is refused. */
const OUTSIDE: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?:\.\.\/)+shared\//, "a folder beside the repository"],
  [/(?<![\w.~-])\/(?:work|home|Users|root|mnt|tmp)\/[\w.-]/, "an absolute path on one machine"],
  [/\b[A-Z]:\\\\?[\w.-]+\\/, "a Windows path on one machine"],
];

/** Files that are data, not text a person writes (the lock file names registry URLs only). */
const NOT_TEXT = /\.(png|jpe?g|gif|webp|ico|woff2?|ttf|otf|xlsx|pdf|zip|gz)$|^package-lock\.json$/;

/** This file states the patterns it refuses. */
const SELF = "tests/docs/repository-paths.test.ts";

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
  cwd: ROOT,
  encoding: "utf8",
})
  .split("\n")
  .filter((file) => file !== "" && file !== SELF && !NOT_TEXT.test(file));

describe("paths in the repository", () => {
  it("reads the repository's files", () => {
    expect(files).toContain("README.md");
    expect(files.length).toBeGreaterThan(100);
  });

  it("points nowhere outside the repository", () => {
    const found: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), "utf8");
      } catch {
        continue; // listed by git but deleted in the working tree
      }
      text.split("\n").forEach((line, index) => {
        for (const [pattern, reason] of OUTSIDE) {
          const match = pattern.exec(line);
          if (match) found.push(`${file}:${index + 1}: ${reason}: ${match[0]}`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it("knows each kind of outside path when it sees one", () => {
    const seen = (line: string) => OUTSIDE.filter(([pattern]) => pattern.test(line)).length;
    expect(seen("see ../shared/domain.md")).toBe(1);
    expect(seen("see ../../shared/architecture.md")).toBe(1);
    expect(seen("written to /home/dev/project/out.json")).toBe(1);
    expect(seen("cd /work/repo && npm test")).toBe(1);
    expect(seen("open file:///Users/dev/report.html")).toBe(1);
    expect(seen("C:\\Users\\dev\\file.ts")).toBe(1);
    expect(seen("docs/decisions/0009-store-shape.md and ./shared/x.ts")).toBe(0);
    expect(seen("GET /v1/cases/{caseId}/access-log")).toBe(0);
    expect(seen("packages/web/src/home/page.tsx")).toBe(0);
  });
});
