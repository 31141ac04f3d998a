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
export const FUNCTION_NAMES = ["api", "progress", "router", "dispatch", "sweeper"] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * Minified size budget per function, in bytes (1 KB = 1000 B). Each bundle carries the AWS SDK
 * clients it uses (about 420 KB of the workers' size): bundled, they load faster than the
 * runtime's copy, and time to first answer, not size, is the goal (docs/performance.md).
 */
export const BUNDLE_BUDGET_BYTES: Readonly<Record<FunctionName, number>> = {
  // @hono/zod-openapi imports zod's whole namespace (455 KB); exceljs is left out (see below).
  // 1,246 KB with the children's files routes, the security log and the input rules.
  api: 1_300_000,
  // The API's app plus exceljs and its dependencies.
  progress: 2_400_000,
  router: 650_000,
  // 629.5 KB before notifications were wired; 654.6 KB with the Secrets Manager client and
  // Powertools Parameters (its channel settings) and the SMS channel signed with node:crypto.
  // Tencent's own SDK would have added 536 KB more (decision record 0014).
  dispatch: 700_000,
  // 662 KB once it also runs the visit clocks of the children's files and seals pending events;
  // 871 KB with the S3 client that copies signed checkpoints to the Object Lock bucket. The
  // sweeper runs every minute with one reserved instance, so it is nearly always warm: its
  // bundle size costs almost no cold starts.
  sweeper: 900_000,
};

/**
 * Modules a function's bundle leaves out because that function never loads them: exceljs is
 * loaded on first use by the progress report only, and API Gateway sends that route to the
 * progress function, so the API never reaches the import.
 */
const LEFT_OUT: Readonly<Record<FunctionName, readonly string[]>> = {
  api: ["exceljs"],
  progress: [],
  router: [],
  dispatch: [],
  sweeper: [],
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
const BUNDLE_SETTINGS = {
  target: "node22",
  minify: true,
  sourceMap: true,
  /** Source maps without embedded sources: stack traces still map, the package stays small. */
  sourcesContent: false,
  mainFields: ["module", "main"],
  /**
   * Nothing external: the SDK clients each function uses are bundled, tree-shaken and minified,
   * rather than loaded from the runtime's full copy. Measured: the router's import fell from
   * 250–450 ms to 100–200 ms and its RSS from 72 MB to 57 MB (docs/performance.md).
   */
  external: [] as readonly string[],
  banner: REQUIRE_BANNER,
} as const;

/** Bundling options for `NodejsFunction`. */
export function lambdaBundling(name: FunctionName): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: BUNDLE_SETTINGS.target,
    minify: BUNDLE_SETTINGS.minify,
    sourceMap: BUNDLE_SETTINGS.sourceMap,
    sourcesContent: BUNDLE_SETTINGS.sourcesContent,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    externalModules: [...BUNDLE_SETTINGS.external, ...LEFT_OUT[name]],
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
    external: [...BUNDLE_SETTINGS.external, ...LEFT_OUT[name]],
    banner: { js: BUNDLE_SETTINGS.banner },
    absWorkingDir: REPO_ROOT,
    logLevel: "silent",
  };
}
