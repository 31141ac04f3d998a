/**
 * How every Lambda entry is bundled, in one place: the CDK constructs and the bundle-size report
 * (`bundle-sizes.ts`) both read these settings, so the sizes printed are the sizes deployed.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BundlingOptions, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import type { BuildOptions } from "esbuild";

/** Repository root (the folder holding package.json and package-lock.json). */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The Lambda entries, one folder each under `functions/`. */
export const FUNCTION_NAMES = ["api", "router", "dispatch", "sweeper"] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Minified size budget per function, in bytes (1 KB = 1000 B; the HTTP app carries the OpenAPI schemas). */
export const BUNDLE_BUDGET_BYTES: Readonly<Record<FunctionName, number>> = {
  // The target is 400 KB and is missed: @hono/zod-openapi imports zod's whole namespace (455 KB)
  // and the progress report's exceljs brings ~800 KB with its dependencies (evaluated only on
  // first use). This ceiling stops growth; moving the progress report into a function of its own
  // is the way to the target.
  api: 1_900_000,
  router: 250_000,
  dispatch: 250_000,
  sweeper: 250_000,
};

export function entryPath(name: FunctionName): string {
  return path.join(REPO_ROOT, "functions", name, "index.ts");
}

/**
 * ESM output needs `require` for the CommonJS dependencies esbuild inlines (the X-Ray SDK under
 * the tracer); the banner recreates it from `import.meta.url`.
 */
const REQUIRE_BANNER =
  "import{createRequire as __cpCreateRequire}from'node:module';const require=__cpCreateRequire(import.meta.url);";

/** The settings shared by both builders. */
export const BUNDLE_SETTINGS = {
  target: "node22",
  minify: true,
  sourceMap: true,
  /** Source maps without embedded sources: stack traces still map, the package stays small. */
  sourcesContent: false,
  mainFields: ["module", "main"],
  /** The Node.js 22 Lambda runtime ships the AWS SDK v3. */
  external: ["@aws-sdk/*"],
  banner: REQUIRE_BANNER,
} as const;

/** Bundling options for `NodejsFunction`. */
export function lambdaBundling(): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: BUNDLE_SETTINGS.target,
    minify: BUNDLE_SETTINGS.minify,
    sourceMap: BUNDLE_SETTINGS.sourceMap,
    sourcesContent: BUNDLE_SETTINGS.sourcesContent,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    externalModules: [...BUNDLE_SETTINGS.external],
    banner: BUNDLE_SETTINGS.banner,
  };
}

/** The same build as `esbuild` options, for measuring an entry outside CDK. */
export function esbuildOptions(name: FunctionName, outfile: string): BuildOptions {
  return {
    entryPoints: [entryPath(name)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: BUNDLE_SETTINGS.target,
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: BUNDLE_SETTINGS.sourceMap,
    sourcesContent: BUNDLE_SETTINGS.sourcesContent,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    external: [...BUNDLE_SETTINGS.external],
    banner: { js: BUNDLE_SETTINGS.banner },
    absWorkingDir: REPO_ROOT,
    logLevel: "silent",
  };
}
