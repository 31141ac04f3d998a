import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  formatIdleCost,
  idleMonthlyCost,
  runsPerMonth,
  type TemplateJson,
} from "../../infra/cost/idle.ts";
import { PRICE_TABLES } from "../../infra/cost/prices.ts";
import { CHINA_PROD_CONTEXT, type Synthesized, synthesize } from "./synth.ts";

const apps: Record<"china" | "global", Synthesized> = {} as never;
const templates: Record<"china" | "global", TemplateJson> = {} as never;
beforeAll(() => {
  apps.china = synthesize({ context: CHINA_PROD_CONTEXT });
  apps.global = synthesize({ context: { stage: "prod" } });
  for (const name of ["china", "global"] as const) {
    templates[name] = apps[name].template.toJSON() as TemplateJson;
  }
}, 120_000);
afterAll(() => {
  for (const synth of Object.values(apps)) synth.cleanup();
});

const count = (template: TemplateJson, type: string) =>
  Object.values(template.Resources ?? {}).filter((r) => r.Type === type).length;
const line = (cost: ReturnType<typeof idleMonthlyCost>, item: string) => {
  const found = cost.lines.find((l) => l.item.startsWith(item));
  if (!found) throw new Error(`no line ${item}`);
  return found;
};

describe("idle monthly cost from the template", () => {
  it("prices the China deployment in CNY and the global one in USD, with dated tables", () => {
    const china = idleMonthlyCost(templates.china, "cn-northwest-1");
    const global = idleMonthlyCost(templates.global, "us-east-1");
    console.info(`${formatIdleCost(china)}\n${formatIdleCost(global)}`);
    expect(china.currency).toBe("CNY");
    expect(global.currency).toBe("USD");
    expect(china.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(china.total).toBeGreaterThan(global.total);
    expect(global.total).toBeGreaterThan(0);
  });

  it("counts what the template holds: keys, secrets, dashboards, pollers and the every-minute sweep", () => {
    const cost = idleMonthlyCost(templates.china, "cn-northwest-1");
    expect(line(cost, "KMS customer-managed keys").quantity).toBe(
      count(templates.china, "AWS::KMS::Key"),
    );
    expect(line(cost, "Secrets Manager").quantity).toBe(
      count(templates.china, "AWS::SecretsManager::Secret"),
    );
    expect(line(cost, "CloudWatch dashboards").quantity).toBe(1);
    expect(line(cost, "EventBridge Scheduler").quantity).toBe(43_800);
    const mappings = count(templates.china, "AWS::Lambda::EventSourceMapping");
    expect(mappings).toBeGreaterThan(1);
    expect(line(cost, "SQS empty receives").quantity).toBe(mappings * 5 * 3 * 43_800);
    // A math alarm is billed per metric it reads: more alarm metrics than alarms.
    expect(line(cost, "CloudWatch alarms").quantity).toBeGreaterThan(
      count(templates.china, "AWS::CloudWatch::Alarm"),
    );
  });

  it("follows the template: one more alarm costs one alarm metric more", () => {
    const before = idleMonthlyCost(templates.global, "us-east-1");
    const more: TemplateJson = {
      Resources: {
        ...templates.global.Resources,
        ExtraAlarm: { Type: "AWS::CloudWatch::Alarm", Properties: { MetricName: "x" } },
      },
    };
    const after = idleMonthlyCost(more, "us-east-1");
    const price = PRICE_TABLES["us-east-1"]?.prices.alarmMetricMonth ?? Number.NaN;
    expect(after.total - before.total).toBeCloseTo(price, 2);
  });

  it("says which prices are unverified and refuses a region with no table", () => {
    const china = idleMonthlyCost(templates.china, "cn-northwest-1");
    expect(china.pricesVerified).toBe(false);
    expect(line(china, "KMS customer-managed keys").unverified).toMatch(/amazonaws\.cn/);
    expect(() => idleMonthlyCost(templates.global, "eu-west-9")).toThrow(/no price table/);
  });

  it("reads rate expressions and leaves cron to the caller", () => {
    expect(runsPerMonth("rate(1 minute)")).toBe(43_800);
    expect(runsPerMonth("rate(2 hours)")).toBe(365);
    expect(runsPerMonth("cron(0 5 * * ? *)")).toBeUndefined();
  });
});
