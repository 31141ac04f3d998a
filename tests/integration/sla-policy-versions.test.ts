/**
 * The SLA policy as versioned data over HTTP: supervisors read it, admins change it; a change
 * below the statutory floor is 400 naming the field and the statute and stores nothing; a change
 * above it times the reports filed after it (here the reporter-feedback clock, which no other
 * test on the wall clock depends on). The default is put back after.
 */

import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { DAY, DEFAULT_SLA_POLICY, HOUR, ReportInputSchema } from "@cp/domain";
import { fileReport, keys } from "@cp/store";
import { afterAll, describe, expect, it } from "vitest";
import { api, exampleReport, storeContext, uniqueIdNumber } from "../support/api.ts";
import { withBrokenQueues } from "./sweeper-helpers.ts";

interface Version {
  version: number;
  changedBy: string;
  table: { clocks: Record<string, { withinMs: number }> };
}
interface Versions {
  current: Version;
  versions: Version[];
  audit: { valid: boolean; events: number };
}
interface Problem {
  detail: string;
  errors: { path: string; message: string }[];
}

const { version: _v, ...defaults } = DEFAULT_SLA_POLICY;
const withClock = (id: keyof typeof defaults.clocks, change: Record<string, number>) => ({
  ...defaults,
  clocks: { ...defaults.clocks, [id]: { ...defaults.clocks[id], ...change } },
});

afterAll(async () => {
  const res = await api("PUT", "/v1/sla-policy", {
    as: "admin",
    body: { ...defaults, note: "恢复默认办理时限" },
  });
  expect(res.status).toBe(200);
});

describe("SLA policy", () => {
  it("is read by supervisors and admins, and changed by admins only", async () => {
    const got = await api<Versions>("GET", "/v1/sla-policy", { as: "supervisor.wang" });
    expect(got.status).toBe(200);
    expect(got.body.versions.at(-1)?.version).toBe(1);
    expect((await api("GET", "/v1/sla-policy", { as: "officer.police" })).status).toBe(403);
    const put = await api("PUT", "/v1/sla-policy", { as: "supervisor.wang", body: defaults });
    expect(put.status).toBe(403);
  });

  it("refuses a protection-order clock of 96 h with 反家暴法 Art. 28 at that field, storing nothing", async () => {
    const before = await api<Versions>("GET", "/v1/sla-policy", { as: "admin" });
    const res = await api<Problem>("PUT", "/v1/sla-policy", {
      as: "admin",
      body: withClock("protection_order_decision", { withinMs: 96 * HOUR }),
    });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        path: "clocks.protection_order_decision.withinMs",
        message: expect.stringContaining("反家暴法 Art. 28"),
      },
    ]);
    const after = await api<Versions>("GET", "/v1/sla-policy", { as: "admin" });
    expect(after.body.current.version).toBe(before.body.current.version);
    expect(after.body.audit.events).toBe(before.body.audit.events);
  });

  it("refuses a police lead that may wait a day to be accepted, naming the rule's field and 意见 Art. 8", async () => {
    const index = defaults.rules.findIndex((r) => r.id === "police_lead");
    const res = await api<Problem>("PUT", "/v1/sla-policy", {
      as: "admin",
      body: {
        ...defaults,
        rules: defaults.rules.map((r, i) => (i === index ? { ...r, acceptWithinMs: DAY } : r)),
      },
    });

    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({
      path: `rules.${index}.acceptWithinMs`,
      message: expect.stringContaining("意见 Art. 8"),
    });
  });

  it("a tighter reporter-feedback clock times the reports filed after it", async () => {
    const before = await api<Versions>("GET", "/v1/sla-policy", { as: "admin" });
    const put = await api<Version>("PUT", "/v1/sla-policy", {
      as: "admin",
      body: { ...withClock("reporter_progress_feedback", { withinMs: 2 * DAY }), note: "两日反馈" },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      version: before.body.current.version + 1,
      changedBy: "admin",
    });
    const audited = await api<Versions>("GET", "/v1/sla-policy", { as: "supervisor.wang" });
    expect(audited.body.audit).toMatchObject({ valid: true, events: before.body.audit.events + 1 });

    // A report filed now (wall clock, after the change): its feedback clock is the policy's 2 days.
    const ctx = storeContext();
    const filed = await fileReport(
      withBrokenQueues(ctx),
      { sub: "sla-reporter", name: "r", roles: ["reporter"] },
      ReportInputSchema.parse(exampleReport(uniqueIdNumber(), { immediateDanger: false })),
    );
    const clock = await ctx.clients.ddb.send(
      new GetCommand({
        TableName: ctx.config.mainTableName,
        Key: keys.feedbackClock(filed.reportId),
        ConsistentRead: true,
      }),
    );
    expect(clock.Item?.dueAt).toBe(new Date(Date.parse(filed.receivedAt) + 2 * DAY).toISOString());
  });
});
