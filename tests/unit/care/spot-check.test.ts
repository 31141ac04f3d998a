import { CHECKLIST, type CheckResult, drawSample, sampleSize, summariseCheck } from "@cp/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `C${String(i).padStart(4, "0")}`);

describe("spot-check sample", () => {
  it("draws 10 %, at least 5, or all of a small township", () => {
    expect(sampleSize(3)).toBe(3);
    expect(sampleSize(20)).toBe(5);
    expect(sampleSize(51)).toBe(6);
    expect(drawSample(ids(3), "seed-2026", "尼西乡")).toEqual(ids(3));
  });

  it("property: the same seed gives the same sample in any order; the sample is a subset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.string({ minLength: 4 }),
        fc.integer(),
        (n, seed, shuffle) => {
          const all = ids(n);
          const shuffled = [...all].sort(
            (a, b) => ((a.charCodeAt(4) * shuffle) % 7) - ((b.charCodeAt(4) * shuffle) % 7),
          );
          const a = drawSample(all, seed, "t");
          expect(drawSample(shuffled, seed, "t")).toEqual(a);
          expect(a).toHaveLength(sampleSize(n));
          expect(new Set(a).size).toBe(a.length);
          for (const id of a) expect(all).toContain(id);
        },
      ),
    );
  });

  it("gives different samples for different seeds and townships", () => {
    const a = drawSample(ids(500), "2026-A", "尼西乡");
    expect(drawSample(ids(500), "2026-B", "尼西乡")).not.toEqual(a);
    expect(drawSample(ids(500), "2026-A", "建塘镇")).not.toEqual(a);
  });

  it("spreads over the population: each id drawn about as often as the others", () => {
    const counts = new Map<string, number>();
    for (let s = 0; s < 400; s++)
      for (const id of drawSample(ids(50), `s${s}`, "t")) counts.set(id, (counts.get(id) ?? 0) + 1);
    // 400 draws of 5 from 50: each id expected 40 times.
    for (const id of ids(50)) expect(counts.get(id) ?? 0).toBeGreaterThan(15);
  });
});

describe("summariseCheck", () => {
  it("counts files with failures and failures by item", () => {
    const pass = Object.fromEntries(CHECKLIST.map((i) => [i, "pass"])) as CheckResult["results"];
    const summary = summariseCheck(5, [
      { results: pass },
      { results: { ...pass, work_log: "fail", visit_frequency_met: "fail" } },
      { results: { ...pass, work_log: "fail" } },
    ]);
    expect(summary).toEqual({
      sampled: 5,
      checked: 3,
      withFailures: 2,
      failuresByItem: { work_log: 2, visit_frequency_met: 1 },
    });
  });
});
