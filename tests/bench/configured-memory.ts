/**
 * The memory each function is given in the CDK app, read from the synthesized template (without
 * bundling, as the infra tests synthesize), so the bench compares against what is deployed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FUNCTION_NAMES } from "../../infra/bundling.ts";
import { type IdleCost, idleMonthlyCost, type TemplateJson } from "../../infra/cost/idle.ts";
import { PRICE_TABLES } from "../../infra/cost/prices.ts";
import { createPlatformApp } from "../../infra/platform-app.ts";

export interface ConfiguredFunctions {
  /** The synthesized template (for cost models that read it). */
  readonly template: Record<string, unknown>;
  readonly region: string;
  /** Megabytes of memory per function name. */
  readonly memoryMb: Record<string, number>;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

export function configuredFunctions(): ConfiguredFunctions {
  const outdir = mkdtempSync(path.join(tmpdir(), "cp-bench-cdk-"));
  try {
    const built = createPlatformApp({
      webAssetPath: null,
      outdir,
      context: { "aws:cdk:bundling-stacks": [] },
    });
    const template = built.app.synth().getStackArtifact(built.stack.artifactId).template as {
      Resources: Record<string, Resource>;
    };
    const memoryMb: Record<string, number> = {};
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== "AWS::Lambda::Function") continue;
      const name = String(resource.Properties?.FunctionName ?? "");
      const fn = FUNCTION_NAMES.find((f) => name.endsWith(`-cp-${f}`));
      if (fn) memoryMb[fn] = Number(resource.Properties?.MemorySize ?? 128);
    }
    return { template, region: String(built.stack.region), memoryMb };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The idle monthly cost of the synthesized app in every region that has a price table. */
export function idleCosts(configured: ConfiguredFunctions): IdleCost[] {
  return Object.keys(PRICE_TABLES).map((region) =>
    idleMonthlyCost(configured.template as TemplateJson, region),
  );
}
