/**
 * The annual spot check of files by 民政 (item 5: 每年至少开展一次抽查工作). The plan fixes the
 * frequency, not the size or the method: drawing a share of each township's files at random from
 * a recorded seed, so anyone can draw the same sample again and see it was not picked by hand, is
 * local policy, and so is the checklist (the contents item 5 asks a file to hold).
 */
import { createHash } from "node:crypto";
import * as z from "zod";
import { cleanString } from "../input-rules.ts";

export interface SampleRule {
  /** Share of each township's files drawn (local policy). */
  readonly percent: number;
  /** At least this many per township, or all when the township has fewer (local policy). */
  readonly minimum: number;
}

const DEFAULT_SAMPLE_RULE: SampleRule = { percent: 10, minimum: 5 };

export const sampleSize = (population: number, rule: SampleRule = DEFAULT_SAMPLE_RULE) =>
  Math.min(population, Math.max(rule.minimum, Math.ceil((population * rule.percent) / 100)));

/** A stream of uniform numbers in [0, 1) from a seed: SHA-256 of seed and counter. */
function seededRandom(seed: string): () => number {
  let counter = 0;
  return () => {
    const digest = createHash("sha256").update(`${seed}#${counter++}`).digest();
    return digest.readUIntBE(0, 6) / 2 ** 48;
  };
}

/**
 * A reproducible sample of `ids`: the same seed, township and set of ids give the same sample,
 * in whatever order the ids are listed (they are sorted first). A partial Fisher–Yates shuffle.
 */
export function drawSample(
  ids: readonly string[],
  seed: string,
  township: string,
  rule: SampleRule = DEFAULT_SAMPLE_RULE,
): string[] {
  const pool = [...new Set(ids)].sort();
  const k = sampleSize(pool.length, rule);
  const random = seededRandom(`${seed}|${township}`);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, k).sort();
}

/** What is checked in each file: item 5's contents, and item 2's for a left-behind child. */
export const CHECKLIST = [
  "basic_information",
  "visit_records",
  "visit_frequency_met",
  "work_log",
  "help_records",
  "problems_and_solutions",
  "entrustment_agreement",
  "parents_work_filing",
  "national_system_entry",
] as const;
type ChecklistItem = (typeof CHECKLIST)[number];

export const CheckResultSchema = z.strictObject({
  results: z
    .record(z.enum(CHECKLIST), z.enum(["pass", "fail", "not_applicable"]))
    .refine((r) => CHECKLIST.every((item) => r[item] !== undefined), {
      message: "every checklist item needs a result",
    }),
  note: cleanString(0, 1000, "statement").optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const SpotCheckRequestSchema = z.strictObject({
  year: z.int().min(2024).max(2100).meta({ format: "int32" }),
  /** Recorded with the check; anyone may draw the same sample again from it. */
  seed: cleanString(4, 100),
  percent: z.int().min(1).max(100).meta({ format: "int32" }).default(DEFAULT_SAMPLE_RULE.percent),
  minimum: z.int().min(1).max(100).meta({ format: "int32" }).default(DEFAULT_SAMPLE_RULE.minimum),
});

interface CheckSummary {
  readonly sampled: number;
  readonly checked: number;
  /** Files with at least one failed item. */
  readonly withFailures: number;
  readonly failuresByItem: Readonly<Partial<Record<ChecklistItem, number>>>;
}

/** The summary of a check over the results recorded so far. */
export function summariseCheck(sampled: number, results: readonly CheckResult[]): CheckSummary {
  const failuresByItem: Partial<Record<ChecklistItem, number>> = {};
  let withFailures = 0;
  for (const r of results) {
    const failed = CHECKLIST.filter((item) => r.results[item] === "fail");
    if (failed.length > 0) withFailures++;
    for (const item of failed) failuresByItem[item] = (failuresByItem[item] ?? 0) + 1;
  }
  return { sampled, checked: results.length, withFailures, failuresByItem };
}
