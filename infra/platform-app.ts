import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { REPO_ROOT } from "./bundling.ts";
import { readConfig } from "./config.ts";
import { PlatformStack } from "./platform-stack.ts";

/** Where the web app's build lands; hosting is added only when it exists. */
const WEB_DIST = path.join(REPO_ROOT, "packages", "web", "dist");

/** The context in cdk.json (feature flags, default stage), applied outside the CLI too. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, "cdk.json"), "utf8")) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface PlatformAppOptions {
  /** CDK context (`stage`, `alarmEmail`, …); the CLI's `-c` values when run from `cdk`. */
  readonly context?: Record<string, unknown>;
  /** Overrides the web build folder (tests point it at a fixture). */
  readonly webAssetPath?: string | null;
  /** Where to write the cloud assembly (tests use a temporary folder). */
  readonly outdir?: string;
}

export interface PlatformApp {
  readonly app: App;
  readonly stack: PlatformStack;
  readonly nag: AwsSolutionsChecks;
}

/**
 * Builds the CDK app with cdk-nag's AwsSolutions pack registered as a validation plugin, so a
 * synth fails on any unacknowledged finding.
 */
export function createPlatformApp(options: PlatformAppOptions = {}): PlatformApp {
  const app = new App({
    context: { ...cdkJsonContext(), ...options.context },
    outdir: options.outdir,
  });
  const config = readConfig(app);
  const webAssetPath =
    options.webAssetPath === undefined
      ? existsSync(WEB_DIST)
        ? WEB_DIST
        : undefined
      : (options.webAssetPath ?? undefined);
  const stack = new PlatformStack(app, `cp-${config.stage}`, {
    config,
    env: { region: config.region },
    webAssetPath,
    description: `Child-protection platform (${config.stage}): mandatory reports, referral tickets, audit trail`,
  });
  const nag = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(nag);
  return { app, stack, nag };
}
