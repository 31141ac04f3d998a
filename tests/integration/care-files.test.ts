/**
 * Children's files on the local stack: a survey import with bad rows (nothing imported) and then
 * clean; roll-ups equal to the files; a 主任 who cannot read another village's child (404, the
 * refusal logged); a visit sent twice (offline retry) stored once; a visit's problem filed as a
 * report linked to the file; visit clocks that come due and escalate to the 督导员 then to 民政,
 * once; a spot-check sample that is the same for the same seed; the progress report's care side
 * equal to the files. Each test works in a township of its own, so the counts are its own.
 */
import { randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  CareRollupSchema,
  type ChildFileInput,
  ChildFileSchema,
  ChildListItemSchema,
  drawSample,
  type Identity,
  ManualClock,
  pageOf,
  RecordedVisitSchema,
  verifyChain,
} from "@cp/domain";
import { parsePeriod } from "@cp/domain/sla/metrics";
import { sweep } from "@cp/store";
import {
  getChildFile,
  listChildren,
  openChildFile,
  readChildFile,
  townshipPopulation,
} from "@cp/store/care";
import { progressReport } from "@cp/store/metrics";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { api, signToken, stack, storeContext, tokenFor } from "../support/api.ts";

const run = randomUUID().slice(0, 6);
const townshipOf = (name: string) => `${name}乡${run}`;

const directorToken = (township: string, village: string, sub = `director-${randomUUID()}`) =>
  signToken({ roles: ["child_director", "reporter"], township, village }, sub);
const supervisorToken = (township: string) =>
  signToken({ roles: ["child_supervisor"], township }, `supervisor-${randomUUID()}`);
const civilToken = () => signToken({ roles: ["officer"], agency: "civil_affairs" }, "civil-care");

const HEADER =
  "姓名,性别,出生日期,身份证号,乡镇,村(社区),户编号,儿童类别,父母外出情况,外出时间,监护人姓名,监护人关系,监护人电话,父亲务工地点,风险等级,风险原因";

function sheet(township: string, rows: string[]) {
  return `\uFEFF${HEADER}\n${rows.map((r) => r.replaceAll("{t}", township)).join("\n")}\n`;
}

const GOOD_ROWS = [
  "扎西卓玛,女,2016-03-08,,{t},汤满村,TM-001,留守儿童,双方外出,2025-03-01,卓玛,祖父母,13800000001,昆明市,低,",
  "次仁,男,2014-07-01,,{t},汤满村,TM-001,留守儿童；家庭经济困难,双方外出,2025-01-01,卓玛,祖父母,13800000001,昆明市,中,父母半年未联系",
  "格桑,男,2012-05-20,,{t},幸福村,XF-003,孤儿,,,,,,,高,无固定照护人",
  "拉姆,女,2019-11-11,,{t},幸福村,XF-004,重残儿童,,,央宗,母亲,13800000002,,低,",
];

async function importSheet(token: string, body: string) {
  return api<Record<string, unknown>>("POST", "/v1/care/imports", {
    token,
    body,
    headers: { "content-type": "text/csv" },
  });
}

describe("survey import and roll-ups", () => {
  it("imports nothing from a sheet with bad rows, names each, then imports the clean sheet; roll-ups equal the files", async () => {
    // Prepare
    const t = townshipOf("尼西");
    const supervisor = await supervisorToken(t);
    const bad = sheet(t, [
      ...GOOD_ROWS,
      ",女,2016-03-08,,{t},汤满村,TM-009,留守儿童,双方外出,2025-03-01,,,,,低,", // no name
      "白玛,女,2009-01-01,,{t},汤满村,TM-010,留守儿童,双方外出,2025-03-01,,,,,低,", // 17: past 16
      "扎西卓玛,女,2016-03-08,,{t},汤满村,TM-001,留守儿童,双方外出,2025-03-01,,,,,低,", // repeats row 2
      "多吉,男,2015-02-02,,别的乡,汤满村,TM-011,孤儿,,,,,,,低,", // not the 督导员's township
    ]);

    // Act
    const rejected = await importSheet(supervisor, bad);
    const afterRejected = await api<{ total: { children: number } }>("GET", "/v1/care/rollups", {
      token: supervisor,
    });
    const imported = await importSheet(supervisor, sheet(t, GOOD_ROWS));
    const again = await importSheet(supervisor, sheet(t, GOOD_ROWS));

    // Assess: the report names rows 6–9 (the header is row 1) and their columns; nothing was written.
    expect(rejected.status).toBe(400);
    const rows = (rejected.body.rejectedRows as { row: number; issues: { path: string }[] }[]).map(
      (r) => [r.row, r.issues[0]?.path],
    );
    expect(rows).toEqual([
      [6, "姓名"],
      [7, "儿童类别"],
      [8, "姓名"],
      [9, "乡镇"],
    ]);
    expect(afterRejected.body.total.children).toBe(0);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ status: "completed", rows: 4 });
    expect(again.body).toMatchObject({ status: "completed", importId: imported.body.importId });

    const rollup = await api<{
      total: {
        children: number;
        byCircumstance: Record<string, number>;
        byRisk: Record<string, number>;
        visits: { contactOverdue: number };
      };
      parts: { name: string; children: number }[];
    }>("GET", `/v1/care/rollups?township=${encodeURIComponent(t)}`, { token: await civilToken() });
    const list = await api<{ items: { circumstances: string[]; risk: string; village: string }[] }>(
      "GET",
      "/v1/children?limit=100",
      { token: supervisor },
    );
    // Both answers hold to the schemas the API serves and the web app's types come from.
    expect(CareRollupSchema.safeParse(rollup.body).error).toBeUndefined();
    expect(pageOf(ChildListItemSchema).safeParse(list.body).error).toBeUndefined();
    const files = list.body.items;
    expect(files).toHaveLength(4);
    expect(rollup.body.total.children).toBe(files.length);
    for (const c of ["left_behind", "low_income", "orphan", "disabled"]) {
      expect(rollup.body.total.byCircumstance[c]).toBe(
        files.filter((f) => f.circumstances.includes(c)).length,
      );
    }
    for (const r of ["low", "medium", "high", "critical"]) {
      expect(rollup.body.total.byRisk[r]).toBe(files.filter((f) => f.risk === r).length);
    }
    expect(rollup.body.parts.map((p) => [p.name, p.children])).toEqual([
      ["幸福村", 2],
      ["汤满村", 2],
    ]);
  }, 120_000);
});

function childInput(
  township: string,
  village: string,
  over: Partial<ChildFileInput> = {},
): ChildFileInput {
  return {
    name: `测试儿童${randomUUID().slice(0, 4)}`,
    gender: "female",
    birthDate: "2015-06-01",
    township,
    village,
    household: { householdNo: "H-1" },
    circumstances: ["orphan"],
    guardians: [],
    parentsWork: [],
    attention: {
      parentSeriousDisability: false,
      childDisability: false,
      psychologicalOrBehavioural: false,
    },
    risk: { level: "low", reasons: [] },
    needs: [],
    ...over,
  };
}

describe("access to files", () => {
  it("gives a 主任 their own village's child and 404 for another village's, logging the refusal", async () => {
    // Prepare
    const t = townshipOf("格咱");
    const own = await directorToken(t, "翁上村");
    const other = await directorToken(t, "格咱村");
    const opened = await api<{ childId: string }>("POST", "/v1/children", {
      token: own,
      body: childInput(t, "翁上村"),
    });
    expect(opened.status).toBe(201);
    const { childId } = opened.body;

    // Act
    const mine = await api("GET", `/v1/children/${childId}`, { token: own });
    const theirs = await api("GET", `/v1/children/${childId}`, { token: other });
    const police = await api("GET", `/v1/children/${childId}`, {
      token: await signToken({ roles: ["officer"], agency: "police" }, "police-care"),
    });
    const nothing = await api("GET", "/v1/children/01ARZ3NDEKTSV4RRFFQ69G5FAV", { token: other });

    // Assess: 404 alike for another village's child and for no child; each read and refusal logged.
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(404);
    expect(police.status).toBe(404);
    expect(theirs.body).toEqual({ ...nothing.body });
    const ctx = storeContext();
    const log = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.auditTableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `CHILDACCESS#${childId}` },
      }),
    );
    const actions = (log.Items ?? []).map((i) => i.action).sort();
    expect(actions).toEqual(["access_denied", "access_denied", "child_file_viewed"]);
  });
});

describe("visits", () => {
  it("stores a visit sent twice once, and files its problem as a report linked to the file", async () => {
    // Prepare
    const t = townshipOf("小中甸");
    const director = await directorToken(t, "和平村");
    const { childId } = (
      await api<{ childId: string }>("POST", "/v1/children", {
        token: director,
        body: childInput(t, "和平村", { circumstances: ["inadequate_guardianship"] }),
      })
    ).body;
    const visit = {
      clientVisitId: randomUUID(),
      kind: "home_visit",
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      notes: "家中无人照看",
      problem: { summary: "孩子身上有多处淤伤, 称被继父打", categories: ["physical_abuse"] },
      fileReport: true,
    };

    // Act: the device sends the same visit twice (an answer lost on a bad line).
    const first = await api<{ created: boolean; report?: { reportId: string } }>(
      "POST",
      `/v1/children/${childId}/visits`,
      { token: director, body: visit },
    );
    const second = await api<{ created: boolean; report?: { reportId: string } }>(
      "POST",
      `/v1/children/${childId}/visits`,
      { token: director, body: visit },
    );
    const file = await api<{
      visits: unknown[];
      counts: { homeVisits: number };
      problems: { reportId?: string }[];
      cases: { reportId?: string; caseId: string }[];
    }>("GET", `/v1/children/${childId}`, { token: director });
    const status = await api<{ status: string }>(
      "GET",
      `/v1/reports/${first.body.report?.reportId}`,
      { token: director },
    );

    // Assess
    expect([first.status, second.status]).toEqual([201, 200]);
    expect([first.body.created, second.body.created]).toEqual([true, false]);
    expect(second.body.report?.reportId).toBe(first.body.report?.reportId);
    // The file holds to the schema the API serves and the web app's types come from.
    expect(ChildFileSchema.safeParse(file.body).error).toBeUndefined();
    expect(RecordedVisitSchema.safeParse(first.body).error).toBeUndefined();
    expect(file.body.visits).toHaveLength(1);
    expect(file.body.counts.homeVisits).toBe(1);
    expect(file.body.problems[0]?.reportId).toBe(first.body.report?.reportId);
    expect(file.body.cases.map((c) => c.reportId)).toEqual([first.body.report?.reportId]);
    expect(status.status).toBe(200);
    const ctx = storeContext();
    const events = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.auditTableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `CHILDFILE#${childId}` },
      }),
    );
    const chain = (events.Items ?? []).map((i) => i.event);
    expect(chain.map((e) => e.action)).toEqual([
      "child_file_opened",
      "visit_recorded",
      "report_filed_from_visit",
    ]);
    expect(verifyChain(chain).valid).toBe(true);
  });
});

describe("visit clocks", () => {
  it("escalate an overdue contact to the 督导员 on the first overdue day and to 民政 on the 15th, once each", async () => {
    // Prepare: a file opened on 2026-01-10 (local): contact due 2026-02-10.
    const t = townshipOf("东旺");
    const clock = new ManualClock("2026-01-10T02:00:00.000Z");
    const ctx = storeContext(clock);
    const director: Identity = {
      sub: "director-clock",
      name: "d",
      roles: ["child_director"],
      township: t,
      village: "上游村",
    };
    const { childId } = await openChildFile(ctx, director, childInput(t, "上游村"));

    // Act: the day it is due, nothing; the next local day (16:00 UTC on the due date), level 1.
    clock.set("2026-02-10T15:59:00.000Z");
    const onDue = await sweep(ctx, { only: ["care"] });
    const atDue = (await readChildFile(ctx, childId))?.escalations;
    clock.set("2026-02-10T16:01:00.000Z");
    const [a, b] = await Promise.all([
      sweep(ctx, { only: ["care"] }),
      sweep(ctx, { only: ["care"] }),
    ]);
    const level1 = (await readChildFile(ctx, childId))?.escalations;
    clock.set("2026-02-25T16:01:00.000Z");
    await sweep(ctx, { only: ["care"] });
    await sweep(ctx, { only: ["care"] });
    const level2 = (await readChildFile(ctx, childId))?.escalations;

    // Assess
    expect(onDue.visitClocks.escalated).toBe(0);
    expect(atDue).toEqual({});
    expect(a.visitClocks.escalated + b.visitClocks.escalated).toBe(1);
    expect(level1).toEqual({ contact: { dueOn: "2026-02-10", level: 1 } });
    expect(level2).toEqual({ contact: { dueOn: "2026-02-10", level: 2 } });
    const supervisor = await api<{ items: { childId: string; level: number; to: string }[] }>(
      "GET",
      "/v1/care/escalations?limit=100",
      { token: await supervisorToken(t) },
    );
    expect(
      supervisor.body.items.filter((e) => e.childId === childId).map((e) => [e.level, e.to]),
    ).toEqual([
      [2, "civil_affairs"],
      [1, "child_supervisor"],
    ]);
    const city = await api<{ items: { childId: string; level: number }[] }>(
      "GET",
      "/v1/care/escalations?limit=100",
      { token: await civilToken() },
    );
    expect(city.body.items.filter((e) => e.childId === childId).map((e) => e.level)).toEqual([2]);
    // The overdue contact shows in the roll-up as of the stack's today.
    const rollup = await api<{ total: { visits: { contactOverdue: number } } }>(
      "GET",
      `/v1/care/rollups?township=${encodeURIComponent(t)}`,
      { token: await civilToken() },
    );
    expect(rollup.body.total.visits.contactOverdue).toBe(1);
  });
});

describe("spot check", () => {
  it("draws the same sample for the same seed, and records results", async () => {
    // Prepare: a township of 7 files.
    const t = townshipOf("五境");
    const director: Identity = {
      sub: "director-check",
      name: "d",
      roles: ["child_director"],
      township: t,
      village: "泽通村",
    };
    const ctx = storeContext();
    for (let i = 0; i < 7; i++) await openChildFile(ctx, director, childInput(t, "泽通村"));
    const civil = await civilToken();
    const seed = `seed-${run}`;

    // Act
    const first = await api<{ checkId: string; townships: Record<string, { sample: string[] }> }>(
      "POST",
      "/v1/care/spot-checks",
      { token: civil, body: { year: 2031, seed } },
    );
    const sameSeed = await api<{ townships: Record<string, { sample: string[] }> }>(
      "POST",
      "/v1/care/spot-checks",
      { token: civil, body: { year: 2032, seed } },
    );
    const sample = first.body.townships[t]?.sample ?? [];
    const checklist = {
      basic_information: "pass",
      visit_records: "fail",
      visit_frequency_met: "pass",
      work_log: "fail",
      help_records: "pass",
      problems_and_solutions: "not_applicable",
      entrustment_agreement: "not_applicable",
      parents_work_filing: "not_applicable",
      national_system_entry: "pass",
    };
    const recorded = await api(
      "PUT",
      `/v1/care/spot-checks/${first.body.checkId}/files/${sample[0]}`,
      {
        token: civil,
        body: { results: checklist },
      },
    );
    const view = await api<{
      byTownship: Record<string, { checked: number; withFailures: number }>;
    }>("GET", `/v1/care/spot-checks/${first.body.checkId}`, { token: civil });

    // Assess: 10 % of 7, at least 5; the same as drawn again from the seed.
    expect(first.status).toBe(201);
    expect(sample).toHaveLength(5);
    expect(sameSeed.body.townships[t]?.sample).toEqual(sample);
    expect(drawSample(await townshipPopulation(ctx, t), seed, t)).toEqual(sample);
    expect(recorded.status).toBe(200);
    expect(view.body.byTownship[t]).toMatchObject({ checked: 1, withFailures: 1 });
  }, 120_000);
});

describe("the half-yearly progress report's care side", () => {
  it("counts a township's files, visits and problems, in the JSON and in the workbook's 关爱服务 sheet", async () => {
    // Prepare: a township of three files; one home visit that found a problem, one contact.
    const t = townshipOf("洛吉");
    const director = await directorToken(t, "九龙村");
    const opened = [];
    for (const over of [
      { circumstances: ["orphan"] as const },
      { circumstances: ["disabled"] as const, risk: { level: "high" as const, reasons: ["独居"] } },
      { circumstances: ["low_income"] as const },
    ]) {
      const res = await api<{ childId: string }>("POST", "/v1/children", {
        token: director,
        body: childInput(t, "九龙村", { ...over, circumstances: [...over.circumstances] }),
      });
      expect(res.status).toBe(201);
      opened.push(res.body.childId);
    }
    const visit = (kind: "contact" | "home_visit", problem?: string) => ({
      clientVisitId: randomUUID(),
      kind,
      channel: kind === "contact" ? "phone" : "in_person",
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      ...(problem ? { problem: { summary: problem, categories: ["guardianship_failure"] } } : {}),
    });
    for (const [childId, body] of [
      [opened[0], visit("home_visit", "家中无人做饭")],
      [opened[1], visit("contact")],
    ] as const) {
      const res = await api("POST", `/v1/children/${childId}/visits`, { token: director, body });
      expect(res.status).toBe(201);
    }

    // Act
    const report = await progressReport(storeContext(), parsePeriod("2031H1"));
    const res = await fetch(`${stack().apiUrl}/v1/reports/progress?period=2031H1&format=xlsx`, {
      headers: { authorization: `Bearer ${await tokenFor("supervisor.wang")}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());

    // Assess: the township's figures in the report are its files'
    const row = report.care.townships.find((r) => r.name === t);
    expect(row).toMatchObject({
      children: 3,
      byCircumstance: { orphan: 1, disabled: 1, low_income: 1, left_behind: 0 },
      byRisk: { high: 1, low: 2 },
      visits: { contacts: 1, homeVisits: 1, late: 0, contactOverdue: 0 },
      problems: { found: 1, solved: 0, open: 1 },
    });
    const sheet = wb.getWorksheet("关爱服务") as ExcelJS.Worksheet;
    const header = (sheet.getRow(5).values as unknown[]).slice(1);
    let cells: unknown[] = [];
    sheet.eachRow((r) => {
      if (r.getCell(1).value === t) cells = (r.values as unknown[]).slice(1);
    });
    const cell = (h: string) => cells[header.indexOf(h)];
    expect([cell("建档儿童"), cell("孤儿"), cell("高风险及以上")]).toEqual([3, 1, 1]);
    expect([cell("联系次数"), cell("入户走访次数"), cell("发现问题")]).toEqual([1, 1, 1]);
  });
});

describe("age limits over time", () => {
  it("shows a left-behind circumstance as ended from the 16th birthday, keeping what was recorded", async () => {
    // Prepare: a left-behind child who turns 16 on 2031-05-01 (parents away since 2029).
    const t = townshipOf("三坝");
    const clock = new ManualClock("2031-04-20T02:00:00.000Z");
    const ctx = storeContext(clock);
    const director: Identity = {
      sub: "director-age",
      name: "d",
      roles: ["child_director"],
      township: t,
      village: "哈巴村",
    };
    const { childId } = await openChildFile(
      ctx,
      director,
      childInput(t, "哈巴村", {
        birthDate: "2015-05-01",
        circumstances: ["left_behind", "low_income"],
        leftBehind: { parentsAway: "both", awaySince: "2029-03-01" },
      }),
    );

    // Act: the list and the file the day before the birthday (local), and on it.
    const before = await listChildren(ctx, director, {}, { limit: 10 });
    clock.set("2031-04-30T16:30:00.000Z"); // 2031-05-01 00:30 in Shangri-La
    const on = await listChildren(ctx, director, {}, { limit: 10 });
    const file = await getChildFile(ctx, director, childId);

    // Assess
    expect(before.items.map((c) => c.endedCircumstances)).toEqual([[]]);
    expect(on.items.map((c) => c.endedCircumstances)).toEqual([["left_behind"]]);
    expect(file.endedCircumstances).toEqual(["left_behind"]);
    expect(file.file.circumstances).toEqual(["left_behind", "low_income"]);
  });
});
