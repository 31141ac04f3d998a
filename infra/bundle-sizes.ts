/**
 * Prints each Lambda's minified bundle size against its budget, built exactly as deployed.
 *
 *   npx tsx infra/bundle-sizes.ts        exit code 1 when a bundle is over budget
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import {
  BUNDLE_BUDGET_BYTES,
  entryPath,
  esbuildOptions,
  FUNCTION_NAMES,
  type FunctionName,
} from "./bundling.ts";

export interface BundleSize {
  readonly name: FunctionName;
  readonly bytes: number;
  readonly budget: number;
}

/** Bundles every entry that exists into a temporary folder and returns the output sizes. */
export async function measureBundles(): Promise<BundleSize[]> {
  const outdir = mkdtempSync(path.join(tmpdir(), "cp-bundles-"));
  try {
    const sizes: BundleSize[] = [];
    for (const name of FUNCTION_NAMES) {
      if (!existsSync(entryPath(name))) continue;
      const outfile = path.join(outdir, name, "index.mjs");
      await build(esbuildOptions(name, outfile));
      sizes.push({ name, bytes: statSync(outfile).size, budget: BUNDLE_BUDGET_BYTES[name] });
    }
    return sizes;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

async function main(): Promise<void> {
  const sizes = await measureBundles();
  let over = false;
  for (const { name, bytes, budget } of sizes) {
    const ok = bytes <= budget;
    over ||= !ok;
    console.log(
      `${name.padEnd(9)} ${kb(bytes).padStart(11)}  budget ${kb(budget)}  ${ok ? "ok" : "OVER"}`,
    );
  }
  const missing = FUNCTION_NAMES.filter((name) => !sizes.some((size) => size.name === name));
  if (missing.length > 0) console.log(`not built (no entry yet): ${missing.join(", ")}`);
  process.exitCode = over ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
