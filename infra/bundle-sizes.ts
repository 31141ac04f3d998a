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

/** Bundles one entry into a temporary folder and returns the output size. */
async function measureBundle(name: FunctionName): Promise<BundleSize> {
  const outdir = mkdtempSync(path.join(tmpdir(), "cp-bundle-"));
  try {
    const outfile = path.join(outdir, "index.mjs");
    await build(esbuildOptions(name, outfile));
    return { name, bytes: statSync(outfile).size, budget: BUNDLE_BUDGET_BYTES[name] };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Sizes of every entry that exists. */
export async function measureBundles(): Promise<BundleSize[]> {
  const present = FUNCTION_NAMES.filter((name) => existsSync(entryPath(name)));
  return Promise.all(present.map(measureBundle));
}

function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

async function main(): Promise<void> {
  let failed = false;
  for (const name of FUNCTION_NAMES) {
    if (!existsSync(entryPath(name))) {
      console.log(`${name.padEnd(9)} no entry yet`);
      continue;
    }
    try {
      const { bytes, budget } = await measureBundle(name);
      const ok = bytes <= budget;
      failed ||= !ok;
      console.log(`${name.padEnd(9)} ${kb(bytes)}  budget ${kb(budget)}  ${ok ? "ok" : "OVER"}`);
    } catch (error) {
      failed = true;
      console.log(`${name.padEnd(9)} build failed: ${(error as Error).message.split("\n")[1]}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
