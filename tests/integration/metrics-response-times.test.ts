/**
 * A known history, built with a moved clock in March 2031 (a window no other test writes to;
 * the aggregates are global): 50 tickets over police, civil affairs and education with chosen
 * accept, close and decline times. Every figure of the metrics API and of the progress report
 * is checked against values worked out by hand below.
 */

import { DAY, type Identity, ManualClock, MINUTE, ReportInputSchema } from "@cp/domain";
import { parsePeriod } from "@cp/domain/sla/metrics";
import {
  acceptTicket,
  closeTicket,
  DEFAULT_ROUTING_CONFIG,
  declineTicket,
  fileReport,
  readReport,
  routeStoredReport,
  type StoreContext,
} from "@cp/store";
import { overdueTickets, progressReport, responseTimes } from "@cp/store/metrics";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { api, storeContext, tokenFor } from "../support/api.ts";

const BASE = Date.parse("2031-03-02T01:00:00.000Z"); // 09:00 on 2 March 2031, local time
const TOWNS = ["建塘镇", "尼西乡"];

/** Routing for this history: one lead ticket per report, so each agency's tickets are chosen. */
const ROUTING = {
  ...DEFAULT_ROUTING_CONFIG,
  table: {
    ...DEFAULT_ROUTING_CONFIG.table,
    rules: DEFAULT_ROUTING_CONFIG.table.rules.map((r) =>
      ["organised_begging", "guardianship_failure", "bullying"].includes(r.category)
        ? { ...r, support: [], oversight: [] }
        : r,
    ),
  },
};

type Plan = { accept?: number; close?: number; decline?: number };
const P = (accept?: number, close?: number): Plan => ({
  ...(accept !== undefined ? { accept } : {}),
  ...(close !== undefined ? { close } : {}),
});
const H = 60;
const D = 24 * 60;

// Minutes from creation. Police: accept within 1 h, close within 3 days.
const policeAccept = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 90, 120];
const policeClose = [10, 20, 30, 40, 50, 60, 70, 71, 72, 80, 90, 100, 24, 48, 36].map((h) => h * H);
// Civil affairs (a child without a carer): accept within 1 h, close within 30 days.
const civilAccept = [30, 45, 50, 55, 58, 59, 60, 61, 62, 90, 150, 240];
const civilClose = [1, 2, 3, 4, 5, 6, 10, 20, 30, 35].map((d) => d * D);
// Education (bullying, the default clocks): accept within 24 h, close within 30 days.
const eduAccept = [60, 120, 180, 240, 300, 360, 600, 900, 1200, 1440, 1500, 2000, 3000];
const eduClose = [2, 4, 6, 10, 20, 25, 30, 35].map((d) => d * D);

const plans: { agency: "police" | "civil_affairs" | "education"; category: string; plan: Plan }[] =
  [
    // police: 18 accepted (the first 15 closed), 2 pending
    ...Array.from({ length: 20 }, (_, i) => ({
      agency: "police" as const,
      category: "organised_begging",
      plan: P(policeAccept[i], policeClose[i]),
    })),
    // civil affairs: 2 declined, 12 accepted (the first 10 closed), 1 pending
    { agency: "civil_affairs", category: "guardianship_failure", plan: { decline: 30 } },
    { agency: "civil_affairs", category: "guardianship_failure", plan: { decline: 30 } },
    ...Array.from({ length: 13 }, (_, i) => ({
      agency: "civil_affairs" as const,
      category: "guardianship_failure",
      plan: P(civilAccept[i], civilClose[i]),
    })),
    // education: 13 accepted (the first 8 closed), 2 pending
    ...Array.from({ length: 15 }, (_, i) => ({
      agency: "education" as const,
      category: "bullying",
      plan: P(eduAccept[i], eduClose[i]),
    })),
  ];

const officer = (agency: string): Identity => ({
  sub: `metrics-${agency}`,
  name: agency,
  roles: ["officer"],
  agency: agency as Identity["agency"],
});
const reporter: Identity = { sub: "metrics-reporter", name: "r", roles: ["reporter"] };

const clock = new ManualClock(new Date(BASE));
let ctx: StoreContext;
const createdAt: string[] = [];

/** Notices fail on purpose: this history is routed by hand, not by the stack's pollers. */
const quietly = async (p: Promise<unknown>) =>
  p.catch((e: Error) => {
    if (!/queue|exist|Queue/i.test(`${e.name} ${e.message}`)) throw e;
  });

async function buildHistory() {
  for (const [i, { agency, category, plan }] of plans.entries()) {
    const created = BASE + i * 10 * MINUTE;
    clock.set(new Date(created));
    const input = ReportInputSchema.parse({
      reporter: { relationship: "teacher" },
      children: [
        { name: `指标儿童${i}`, gender: "female", birthDate: "2016-05-01", township: TOWNS[i % 2] },
      ],
      incident: { categories: [category], description: "测试", immediateDanger: false },
    });
    const filed = await fileReport(ctx, reporter, input);
    await quietly(routeStoredReport(ctx, filed.reportId, ROUTING));
    const ticketId = (await readReport(ctx, filed.reportId))?.ticketIds?.[0] as string;
    createdAt.push(new Date(created).toISOString());
    const who = officer(agency);
    if (plan.decline !== undefined) {
      clock.set(new Date(created + plan.decline * MINUTE));
      await quietly(declineTicket(ctx, who, ticketId, { reason: "不属本部门职责" }));
    }
    if (plan.accept !== undefined) {
      clock.set(new Date(created + plan.accept * MINUTE));
      await acceptTicket(ctx, who, ticketId, {});
    }
    if (plan.close !== undefined) {
      clock.set(new Date(created + plan.close * MINUTE));
      await closeTicket(ctx, who, ticketId, { outcome: "no_action_needed", summary: "办结" });
    }
  }
}

beforeAll(async () => {
  const base = storeContext(clock);
  // A queue prefix that names no queue: the stack's router never sees these reports.
  ctx = {
    ...base,
    config: { ...base.config, queueUrlPrefix: `${base.config.queueUrlPrefix}none-` },
  };
  await buildHistory();
}, 300_000);

const WINDOW = { fromDay: "2031-03-01", toDay: "2031-03-31" };
const at = (ms: number) => new ManualClock(new Date(BASE + ms));

describe("response times over a known history", () => {
  it("by agency: counts, p50/p90/max, SLA met and breached, open and overdue", async () => {
    // Read as if it were ten days after the first report.
    const read = { ...ctx, clock: at(10 * DAY) };
    const { rows, from, to } = await responseTimes(read, WINDOW, "agency");
    expect(from).toBe("2031-02-28T16:00:00.000Z");
    expect(to).toBe("2031-03-31T16:00:00.000Z");
    const row = (k: string) => rows.find((r) => r.key === k);
    expect(rows.map((r) => r.key).sort()).toEqual(["civil_affairs", "education", "police"]);

    expect(row("police")).toEqual({
      key: "police",
      cases: 0,
      tickets: 20,
      accepted: 18,
      closed: 15,
      declined: 0,
      pending: 2,
      inProgress: 3,
      open: 5,
      overdue: 5, // 2 pending past 1 h, 3 accepted past 3 days
      acceptP50Ms: 45 * MINUTE, // rank 9 of 18
      acceptP90Ms: 90 * MINUTE, // rank 17 of 18
      acceptMaxMs: 120 * MINUTE,
      closeP50Ms: 50 * 60 * MINUTE, // rank 8 of 15: 50 h
      closeP90Ms: 90 * 60 * MINUTE, // rank 14 of 15: 90 h
      closeMaxMs: 100 * 60 * MINUTE,
      acceptSlaMet: 12, // ≤ 60 min
      acceptSlaBreached: 6,
      closeSlaMet: 12, // ≤ 72 h (72 h itself is on time)
      closeSlaBreached: 3,
    });
    expect(row("civil_affairs")).toEqual({
      key: "civil_affairs",
      cases: 0,
      tickets: 15,
      accepted: 12,
      closed: 10,
      declined: 2,
      pending: 1,
      inProgress: 2,
      open: 3,
      overdue: 1, // the pending one; the 2 accepted have 30 days
      acceptP50Ms: 59 * MINUTE, // rank 6 of 12
      acceptP90Ms: 150 * MINUTE, // rank 11 of 12
      acceptMaxMs: 240 * MINUTE,
      closeP50Ms: 5 * DAY, // rank 5 of 10
      closeP90Ms: 30 * DAY, // rank 9 of 10
      closeMaxMs: 35 * DAY,
      acceptSlaMet: 7,
      acceptSlaBreached: 5,
      closeSlaMet: 9,
      closeSlaBreached: 1,
    });
    expect(row("education")).toEqual({
      key: "education",
      cases: 0,
      tickets: 15,
      accepted: 13,
      closed: 8,
      declined: 0,
      pending: 2,
      inProgress: 5,
      open: 7,
      overdue: 2, // the 2 pending past 24 h
      acceptP50Ms: 600 * MINUTE, // rank 7 of 13
      acceptP90Ms: 2000 * MINUTE, // rank 12 of 13
      acceptMaxMs: 3000 * MINUTE,
      closeP50Ms: 10 * DAY, // rank 4 of 8
      closeP90Ms: 35 * DAY, // rank 8 of 8
      closeMaxMs: 35 * DAY,
      acceptSlaMet: 10,
      acceptSlaBreached: 3,
      closeSlaMet: 7,
      closeSlaBreached: 1,
    });
  });

  it("by category: one lead category per agency here, and each report is one case", async () => {
    const { rows } = await responseTimes({ ...ctx, clock: at(10 * DAY) }, WINDOW, "category");
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(Object.keys(byKey).sort()).toEqual([
      "bullying",
      "guardianship_failure",
      "organised_begging",
    ]);
    expect(byKey.organised_begging).toMatchObject({
      cases: 20,
      tickets: 20,
      overdue: 5,
      acceptP90Ms: 90 * MINUTE,
    });
    expect(byKey.guardianship_failure).toMatchObject({ cases: 15, tickets: 15, declined: 2 });
    expect(byKey.bullying).toMatchObject({ cases: 15, tickets: 15, closeMaxMs: 35 * DAY });
  });

  it("by township: figures match a plain computation over the raw durations", async () => {
    const { rows } = await responseTimes({ ...ctx, clock: at(10 * DAY) }, WINDOW, "township");
    const nearestRank = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted.length
        ? (sorted[Math.ceil((p / 100) * sorted.length) - 1] as number) * MINUTE
        : null;
    };
    for (const [t, town] of TOWNS.entries()) {
      const mine = plans.filter((_, i) => i % 2 === t);
      const accepts = mine.flatMap((p) => (p.plan.accept !== undefined ? [p.plan.accept] : []));
      const closes = mine.flatMap((p) => (p.plan.close !== undefined ? [p.plan.close] : []));
      const row = rows.find((r) => r.key === town);
      expect(row).toMatchObject({
        cases: 25,
        tickets: 25,
        accepted: accepts.length,
        closed: closes.length,
        acceptP50Ms: nearestRank(accepts, 50),
        acceptP90Ms: nearestRank(accepts, 90),
        acceptMaxMs: Math.max(...accepts) * MINUTE,
        closeP50Ms: nearestRank(closes, 50),
        closeP90Ms: nearestRank(closes, 90),
        closeMaxMs: Math.max(...closes) * MINUTE,
      });
    }
  });

  it("overdue inside the hour now running is exact to the millisecond", async () => {
    // Police tickets 18 and 19 are still pending; their accept clocks ran out at 05:00 and 05:10.
    const due18 = Date.parse(createdAt[18] as string) + 60 * MINUTE;
    const before = await responseTimes({ ...ctx, clock: at(due18 - BASE) }, WINDOW, "agency");
    expect(before.rows.find((r) => r.key === "police")?.overdue).toBe(0);
    const after = await responseTimes(
      { ...ctx, clock: at(due18 - BASE + 5 * MINUTE) },
      WINDOW,
      "agency",
    );
    expect(after.rows.find((r) => r.key === "police")?.overdue).toBe(1);
    expect(after.rows.find((r) => r.key === "civil_affairs")?.overdue).toBe(0);
  });

  it("the overdue list names them most late first, with how late", async () => {
    const read = { ...ctx, clock: at(10 * DAY) };
    const mine: { ticketId: string; lateMs: number; dueKind: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await overdueTickets(read, {
        limit: 100,
        agency: "police",
        ...(cursor ? { cursor } : {}),
      });
      mine.push(...page.items.filter((t) => t.createdAt.startsWith("2031-03")));
      cursor = page.nextCursor;
    } while (cursor);
    expect(mine).toHaveLength(5);
    // the 2 pending ones ran out of their 1-hour accept clock on day one: most late; then the 3
    // accepted ones, of their 3-day close clock
    expect(mine.map((t) => t.dueKind)).toEqual(["accept", "accept", "close", "close", "close"]);
    expect(mine[0]?.lateMs).toBe(10 * DAY - (18 * 10 * MINUTE + 60 * MINUTE));
    expect(mine[2]?.lateMs).toBe(10 * DAY - (15 * 10 * MINUTE + 3 * DAY));
    const late = mine.map((t) => t.lateMs);
    expect([...late].sort((a, b) => b - a)).toEqual(late);
  });

  it("the API answers supervisors with the same figures, and refuses others", async () => {
    const res = await api<{ rows: { key: string; tickets: number; acceptP50Ms: number }[] }>(
      "GET",
      "/v1/metrics/response-times?from=2031-03-01&to=2031-03-31&groupBy=agency",
      { as: "supervisor.wang" },
    );
    expect(res.status).toBe(200);
    expect(res.body.rows.find((r) => r.key === "police")).toMatchObject({
      tickets: 20,
      acceptP50Ms: 45 * MINUTE,
    });
    const officerRes = await api(
      "GET",
      "/v1/metrics/response-times?from=2031-03-01&to=2031-03-31",
      {
        as: "officer.police",
      },
    );
    expect(officerRes.status).toBe(403);
    // The same month as instants with an offset, as Z instants, and not at midnight: the same
    // figures, and the answer states the whole local days it covers.
    for (const [from, to] of [
      ["2031-03-01T00:00:00+08:00", "2031-04-01T00:00:00+08:00"],
      ["2031-02-28T16:00:00Z", "2031-03-31T16:00:00.000Z"],
      ["2031-03-01T09:30:00+08:00", "2031-03-31T18:00:00+08:00"],
    ]) {
      const same = await api<{
        rows: { key: string; tickets: number }[];
        fromDay: string;
        toDay: string;
        timeZone: string;
        from: string;
        to: string;
      }>(
        "GET",
        `/v1/metrics/response-times?from=${encodeURIComponent(from as string)}&to=${encodeURIComponent(to as string)}&groupBy=agency`,
        { as: "supervisor.wang" },
      );
      expect(same.status, from).toBe(200);
      expect(same.body).toMatchObject({
        fromDay: "2031-03-01",
        toDay: "2031-03-31",
        timeZone: "Asia/Shanghai",
        from: "2031-02-28T16:00:00.000Z",
        to: "2031-03-31T16:00:00.000Z",
      });
      expect(same.body.rows).toEqual(res.body.rows);
    }
    for (const [query, field] of [
      ["from=2031-03-01T10:00:00&to=2031-03-31", "from"], // a local time names no instant
      ["from=2031-03-01&to=2031-02-01", "to"], // ends before it starts
      ["from=2020-01-01&to=2031-03-31", "to"], // too long
      ["from=2031-02-30&to=2031-03-31", "from"], // no such day
    ]) {
      const bad = await api<{ errors: { path: string }[] }>(
        "GET",
        `/v1/metrics/response-times?${query}&groupBy=agency`,
        { as: "supervisor.wang" },
      );
      expect(bad.status, query).toBe(400);
      expect(bad.body.errors[0]?.path, query).toBe(field);
    }
    const badGroup = await api<{ errors: { path: string }[] }>(
      "GET",
      "/v1/metrics/response-times?from=2031-03-01&to=2031-03-31&groupBy=village",
      { as: "supervisor.wang" },
    );
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.errors[0]?.path).toBe("query.groupBy");
  });
});

describe("the semiannual progress report", () => {
  it("has the same figures per agency, month and half-year, and the case counts", async () => {
    const report = await progressReport({ ...ctx, clock: at(10 * DAY) }, parsePeriod("2031H1"));
    const police = report.agencies.find((a) => a.agency === "police");
    expect(police?.name).toBe("公安");
    expect(police?.months.map((m) => m.tickets)).toEqual([0, 0, 20, 0, 0, 0]);
    expect(police?.total).toMatchObject({
      tickets: 20,
      closed: 15,
      overdue: 5,
      closeP50Ms: 50 * 60 * MINUTE,
    });
    expect(report.total).toMatchObject({
      cases: 50,
      tickets: 50,
      accepted: 43,
      closed: 33,
      declined: 2,
      overdue: 8,
    });
    expect(Object.fromEntries(report.categories.map((c) => [c.key, c.cases]))).toEqual({
      organised_begging: 20,
      bullying: 15,
      guardianship_failure: 15,
    });
    expect(report.townships.map((t) => [t.key, t.cases, t.tickets])).toEqual(
      [
        ["尼西乡", 25, 25],
        ["建塘镇", 25, 25],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it("as XLSX: one sheet per agency, Chinese headings, totals equal to the API's", async () => {
    const res = await fetch(
      `${(await import("../support/api.ts")).stack().apiUrl}/v1/reports/progress?period=2031H1&format=xlsx`,
      { headers: { authorization: `Bearer ${await tokenFor("supervisor.wang")}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "汇总",
        "公安",
        "法院",
        "检察院",
        "民政",
        "教体",
        "按类别",
        "按乡镇",
      ]),
    );

    const api2 = await api<{
      rows: {
        key: string;
        tickets: number;
        accepted: number;
        pending: number;
        inProgress: number;
        closed: number;
        overdue: number;
        acceptSlaBreached: number;
      }[];
    }>("GET", "/v1/metrics/response-times?from=2031-01-01&to=2031-06-30&groupBy=agency", {
      as: "supervisor.wang",
    });
    const sheet = wb.getWorksheet("公安") as ExcelJS.Worksheet;
    const header = (sheet.getRow(5).values as unknown[]).slice(1);
    expect(header).toContain("工单数");
    const col = (h: string) => header.indexOf(h) + 1;
    let totalRow: ExcelJS.Row | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(1).value === "合计") totalRow = r;
    });
    const apiPolice = api2.body.rows.find((r) => r.key === "police");
    expect(totalRow?.getCell(col("工单数")).value).toBe(apiPolice?.tickets);
    expect(totalRow?.getCell(col("累计接收(含已办结)")).value).toBe(apiPolice?.accepted);
    expect(totalRow?.getCell(col("待接收")).value).toBe(apiPolice?.pending);
    expect(totalRow?.getCell(col("办理中")).value).toBe(apiPolice?.inProgress);
    // A case may be held by several agencies: an agency's rows leave 案件数 blank.
    expect(totalRow?.getCell(col("案件数")).value).toBe(null);
    expect(totalRow?.getCell(col("已办结")).value).toBe(apiPolice?.closed);
    expect(totalRow?.getCell(col("超时接收")).value).toBe(apiPolice?.acceptSlaBreached);
    expect(totalRow?.getCell(col("一半工单在此时间内接收(分钟)")).value).toBe(45);
    expect(totalRow?.getCell(col("一半工单在此时间内办结(小时)")).value).toBe(50);

    // the summary's grand total equals the sum over the API's agency rows
    const summary = wb.getWorksheet("汇总") as ExcelJS.Worksheet;
    let grand: ExcelJS.Row | undefined;
    summary.eachRow((r) => {
      if (r.getCell(1).value === "合计") grand = r;
    });
    const sum = (k: "tickets" | "accepted" | "closed") =>
      api2.body.rows.reduce((n, r) => n + r[k], 0);
    expect(grand?.getCell(col("工单数")).value).toBe(sum("tickets"));
    expect(grand?.getCell(col("累计接收(含已办结)")).value).toBe(sum("accepted"));
    // The period and the time of writing in local dates, not UTC instants.
    expect(summary.getRow(2).getCell(1).value).toBe(
      "报告期 2031H1：2031-01-01 至 2031-06-30（北京时间，含首尾两日）",
    );
    expect(String(summary.getRow(3).getCell(1).value)).toMatch(
      /^生成时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/,
    );
    expect(grand?.getCell(col("已办结")).value).toBe(sum("closed"));
    expect(grand?.getCell(col("案件数")).value).toBe(50);

    const townships = wb.getWorksheet("按乡镇") as ExcelJS.Worksheet;
    const towns: Record<string, unknown> = {};
    townships.eachRow((r) => {
      towns[String(r.getCell(1).value)] = r.getCell(col("案件数")).value;
    });
    expect(towns).toMatchObject({ 建塘镇: 25, 尼西乡: 25 });
  });

  it("as CSV: UTF-8 with a byte-order mark and Chinese headings", async () => {
    const { stack } = await import("../support/api.ts");
    const res = await fetch(`${stack().apiUrl}/v1/reports/progress?period=2031H1&format=csv`, {
      headers: { authorization: `Bearer ${await tokenFor("supervisor.wang")}` },
    });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    const [head, ...lines] = text.trim().split(/\r?\n/);
    expect(head?.split(",").slice(0, 5)).toEqual(["分组", "名称", "期间", "案件数", "工单数"]);
    expect(
      lines
        .find((l) => l.startsWith("合计,全部,2031H1,"))
        ?.split(",")
        .slice(3, 5),
    ).toEqual(["50", "50"]);
    expect(lines.find((l) => l.startsWith("部门,公安,2031-03,"))?.split(",")[4]).toBe("20");
  });

  it("refuses a period that is not a half-year, naming the field", async () => {
    const res = await api<{ errors: { path: string }[] }>(
      "GET",
      "/v1/reports/progress?period=2031Q1",
      {
        as: "supervisor.wang",
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.path).toBe("query.period");
  });
});
