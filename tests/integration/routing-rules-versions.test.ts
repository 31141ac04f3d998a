/**
 * Routing rules as versioned data: an admin's change is validated, stored as a new version,
 * audited on its own chain, and routes the reports filed after it, while a report filed before
 * it keeps the version in force when it was filed. The change touches only
 * mental_health_crisis (a youth league support ticket), and the default is put back after.
 */
import { DEFAULT_ROUTING_TABLE, HOUR, ManualClock, ReportInputSchema } from "@cp/domain";
import { fileReport, readReport, routeStoredReport } from "@cp/store";
import { readTickets } from "@cp/store/repos/tickets";
import { afterAll, describe, expect, it } from "vitest";
import {
  api,
  eventually,
  exampleReport,
  fileAs,
  storeContext,
  uniqueIdNumber,
} from "../support/api.ts";

interface Version {
  version: number;
  effectiveFrom: string;
  changedBy: string;
  note?: string;
  table: { version: number; rules: { id: string; support: { agency: string }[] }[] };
}
interface Versions {
  current: Version;
  versions: Version[];
  audit: { valid: boolean; events: number };
}

const defaults = {
  rules: DEFAULT_ROUTING_TABLE.rules,
  enabledAgencies: DEFAULT_ROUTING_TABLE.enabledAgencies,
};
const withYouthLeague = {
  ...defaults,
  rules: DEFAULT_ROUTING_TABLE.rules.map((r) =>
    r.category === "mental_health_crisis"
      ? { ...r, support: [...r.support, { agency: "youth_league", when: "always" }] }
      : r,
  ),
  note: "心理危机个案由团委参与帮扶",
};

afterAll(async () => {
  const res = await api("PUT", "/v1/routing-rules", {
    as: "admin",
    body: { ...defaults, note: "恢复默认路由规则" },
  });
  expect(res.status).toBe(200);
});

describe("routing rules", () => {
  it("are read by supervisors and admins, and changed by admins only", async () => {
    const got = await api<Versions>("GET", "/v1/routing-rules", { as: "supervisor.wang" });
    expect(got.status).toBe(200);
    expect(got.body.versions.at(-1)?.version).toBe(1);
    expect(got.body.current.table.rules).toHaveLength(DEFAULT_ROUTING_TABLE.rules.length);
    expect((await api("GET", "/v1/routing-rules", { as: "admin" })).status).toBe(200);
    expect((await api("GET", "/v1/routing-rules", { as: "officer.police" })).status).toBe(403);
    const put = await api("PUT", "/v1/routing-rules", {
      as: "supervisor.wang",
      body: withYouthLeague,
    });
    expect(put.status).toBe(403);
  });

  it("refuse a table that would leave a category unrouted or switch off a required agency", async () => {
    const before = await api<Versions>("GET", "/v1/routing-rules", { as: "admin" });
    const missing = await api<{ errors: { path: string; message: string }[] }>(
      "PUT",
      "/v1/routing-rules",
      {
        as: "admin",
        body: { ...defaults, rules: defaults.rules.filter((r) => r.category !== "dropout") },
      },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual({
      path: "rules",
      message: "no rule for category dropout",
    });
    const off = await api<{ errors: { path: string }[] }>("PUT", "/v1/routing-rules", {
      as: "admin",
      body: {
        ...defaults,
        enabledAgencies: ["court", "procuratorate", "civil_affairs", "education"],
      },
    });
    expect(off.status).toBe(400);
    expect(off.body.errors[0]?.path).toBe("enabledAgencies");
    const unknown = await api<{ errors: { path: string }[] }>("PUT", "/v1/routing-rules", {
      as: "admin",
      body: {
        ...defaults,
        rules: [{ ...defaults.rules[0], priority: 1 }, ...defaults.rules.slice(1)],
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]?.path).toBe("rules.0.priority");
    const after = await api<Versions>("GET", "/v1/routing-rules", { as: "admin" });
    expect(after.body.current.version).toBe(before.body.current.version);
  });

  it("a new version is audited and routes reports filed after it, not those filed before", async () => {
    // A report filed an hour ago, routed only now (its intake message never sent).
    const base = storeContext(new ManualClock(new Date(Date.now() - HOUR)));
    const ctx = {
      ...base,
      config: { ...base.config, queueUrlPrefix: `${base.config.queueUrlPrefix}none-` },
    };
    const earlier = await fileReport(
      ctx,
      { sub: "rules-reporter", name: "r", roles: ["reporter"] },
      ReportInputSchema.parse(
        exampleReport(uniqueIdNumber(), {
          categories: ["mental_health_crisis"],
          immediateDanger: false,
        }),
      ),
    );

    const before = await api<Versions>("GET", "/v1/routing-rules", { as: "admin" });
    const put = await api<Version>("PUT", "/v1/routing-rules", {
      as: "admin",
      body: withYouthLeague,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      version: before.body.current.version + 1,
      changedBy: "admin",
      note: withYouthLeague.note,
    });
    const after = await api<Versions>("GET", "/v1/routing-rules", { as: "supervisor.wang" });
    expect(after.body.current.version).toBe(put.body.version);
    expect(after.body.versions.map((v) => v.version)).toContain(before.body.current.version);
    expect(after.body.audit).toEqual({
      valid: true,
      events: before.body.audit.events + 1,
      head: expect.any(String),
    });

    // filed after the change: the youth league gets a support ticket, naming the new version
    const filed = {
      body: await fileAs(
        "teacher.li",
        exampleReport(uniqueIdNumber(), {
          categories: ["mental_health_crisis"],
          immediateDanger: false,
        }),
      ),
    };
    const tickets = await eventually(
      async () => {
        const c = await api<{
          tickets: { agency: string; routingRule: { tableVersion: number } }[];
        }>("GET", `/v1/cases/${filed.body.caseId}`, { as: "supervisor.wang" });
        return c.body.tickets?.length >= 3 ? c.body.tickets : undefined;
      },
      15_000,
      "tickets",
    );
    expect(tickets.map((t) => t.agency).sort()).toEqual(["education", "health", "youth_league"]);
    for (const t of tickets) expect(t.routingRule.tableVersion).toBe(put.body.version);

    // filed before the change: routed now, by the version in force when it was filed
    await routeStoredReport(ctx, earlier.reportId).catch(() => undefined); // its notices have no queue
    const routed = await readReport(ctx, earlier.reportId);
    const earlierTickets = await readTickets(ctx, routed?.ticketIds ?? []);
    expect(earlierTickets.map((t) => t.agency).sort()).toEqual(["education", "health"]);
    for (const t of earlierTickets)
      expect(t.routingRule.tableVersion).toBe(before.body.current.version);
  }, 30_000);
});
