/**
 * Every page of every role on a 390 px phone: no horizontal scroll, no serious or critical axe
 * violation; each role's first page pictured on a phone and on a desktop, in Chinese and in
 * Tibetan (docs/screenshots/). The report form: 44 px targets, 16 px text in its boxes, and the
 * guide (danger first, then plain questions that tick the situation). Then the supervisor: the
 * dashboard's tiles equal the metrics API and the half-year Excel report for the same window,
 * and 催办 from the case list.
 */
import { randomInt } from "node:crypto";
import { HOUR, ManualClock, MINUTE } from "@cp/domain";
import { acceptTicket } from "@cp/store";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bo } from "../../packages/web/src/i18n/bo.ts";
import { en } from "../../packages/web/src/i18n/en.ts";
import { byAgency, fileAndRoute, officerOf, reportInput } from "../integration/sweeper-helpers.ts";
import { api, stack, storeContext, tokenFor } from "../support/api.ts";
import { choose, DESKTOP, expectAccessible, launch, PHONE, pageErrors, signIn } from "./browser.ts";
import { picture, pictureContext, WIDE } from "./pictures.ts";

let browser: Browser;
let late: { caseId: string; ticketId: string; referenceNo: string };
/** Police tickets whose clocks the inbox shows: past half its time, and one being handled. */
let halfGone: string;
let handling: string;
/** A police ticket made by the education bureau's referral, with its request and reason. */
let referred: { ticketId: string; referenceNo: string };
let childId: string;

const REQUEST = "请公安调查孩子辍学期间是否被带去打工";
const REFERRAL_REASON = "家长称孩子在外地务工，学校联系不上";

beforeAll(async () => {
  browser = await launch();
  // A case two hours old: the police ticket's 15-minute accept clock ran out long ago; another
  // agency accepted its ticket 12 minutes in, so the dashboard has a time to accept to put in words.
  const clock = new ManualClock(new Date(Date.now() - 2 * HOUR));
  const past = await fileAndRoute(
    clock,
    reportInput({ categories: ["physical_abuse"], immediateDanger: true }),
  );
  const police = byAgency(past.tickets, "police");
  late = { caseId: past.filed.caseId, ticketId: police.ticketId, referenceNo: police.referenceNo };
  const other = past.tickets.find((t) => t.agency !== "police");
  if (!other) throw new Error("the danger report went to the police alone");
  clock.advance(12 * MINUTE);
  await acceptTicket(storeContext(clock), officerOf(other.agency), other.ticketId, {});
  // Police's one-hour accept clock, 40 minutes gone (amber for the next 20); and a ticket the
  // police accepted, whose close clock runs.
  const half = await fileAndRoute(
    new ManualClock(new Date(Date.now() - 40 * MINUTE)),
    reportInput({ categories: ["physical_abuse"], immediateDanger: false }),
  );
  halfGone = byAgency(half.tickets, "police").referenceNo;
  const nowClock = new ManualClock(new Date());
  const accepted = await fileAndRoute(
    nowClock,
    reportInput({ categories: ["physical_abuse"], immediateDanger: false }),
  );
  const acceptedPolice = byAgency(accepted.tickets, "police");
  await acceptTicket(storeContext(nowClock), officerOf("police"), acceptedPolice.ticketId, {});
  handling = acceptedPolice.referenceNo;
  // A dropout the education bureau leads, accepts and refers to the police, through the API.
  // In another township than every other test's reports, for the case list's township filter.
  const dropoutReport = reportInput({ categories: ["dropout"], immediateDanger: false });
  const dropout = await fileAndRoute(nowClock, {
    ...dropoutReport,
    children: dropoutReport.children.map((c) => ({ ...c, township: "尼西乡", village: "汤满村" })),
  });
  const education = byAgency(dropout.tickets, "education");
  const officer = { as: "officer.education" } as const;
  expect(
    (await api("POST", `/v1/tickets/${education.ticketId}/accept`, { ...officer, body: {} }))
      .status,
  ).toBe(200);
  const referral = await api<{ created?: { ticketId: string; referenceNo: string } }>(
    "POST",
    `/v1/tickets/${education.ticketId}/refer`,
    { ...officer, body: { toAgency: "police", request: REQUEST, reason: REFERRAL_REASON } },
  );
  expect(referral.status, JSON.stringify(referral.body)).toBe(201);
  if (!referral.body.created) throw new Error("the referral made no ticket");
  referred = referral.body.created;
  // A child's file of the 儿童主任's own, for the file page.
  const file = await api<{ childId: string }>("POST", "/v1/children", {
    as: "director.dawa",
    body: {
      name: "格桑",
      gender: "female",
      birthDate: "2015-06-01",
      township: "尼西乡",
      village: "汤满村",
      household: { householdNo: `TM-${randomInt(10_000_000, 100_000_000)}` },
      circumstances: ["left_behind"],
      leftBehind: { parentsAway: "both", awaySince: "2025-03-01" },
      guardians: [
        { relation: "grandparent", name: "奶奶", livesWithChild: true, ableToCare: true },
      ],
      risk: { level: "high", reasons: ["父母半年未联系"] },
      needs: ["education"],
    },
  });
  expect(file.status, JSON.stringify(file.body)).toBe(201);
  childId = file.body.childId;
});

afterAll(async () => {
  await browser?.close();
  expect(pageErrors).toEqual([]);
});

interface Role {
  readonly user: string;
  readonly key: string;
  /** The pages this role works in, by the name their pictures take. */
  readonly pages: Readonly<Record<string, () => string | undefined>>;
  /** What this role must see on a phone, in Chinese, beyond a page that fits and passes axe. */
  readonly onPhone?: (page: Page) => Promise<void>;
}

/** What a Form.Item shows (its label and the value chosen), found by its label. */
const formItem = (page: Page, label: string) =>
  page.locator(".ant-form-item", { has: page.getByLabel(label, { exact: true }) });

/** The officer's inbox on a phone: cards, each naming its clock, amber past half, red when late. */
async function officerOnPhone(page: Page) {
  await page.goto("/inbox");
  await settle(page);
  const cards = page.getByTestId("inbox-cards");
  expect(await page.locator("#main .ant-table").count()).toBe(0);
  const card = (ref: string) => cards.locator(".ant-card", { hasText: ref });
  for (const ref of [late.referenceNo, halfGone, handling]) await card(ref).waitFor();
  // a card spans the screen: the situation is not squeezed into a column a character wide
  expect((await card(late.referenceNo).boundingBox())?.width).toBeGreaterThan(300);
  const colour = (ref: string, which: string) =>
    card(ref)
      .locator(which)
      .evaluate((e) => getComputedStyle(e).color);
  expect(await card(late.referenceNo).textContent()).toMatch(/接收时限.*已超期/);
  expect(await colour(late.referenceNo, '[data-overdue="true"]')).toBe("rgb(196, 29, 29)");
  expect(await card(halfGone).textContent()).toMatch(/接收时限.*还剩 .+（已过半）/);
  expect(await colour(halfGone, '[data-urgency="half"]')).toBe("rgb(173, 78, 0)");
  expect(await card(handling).textContent()).toMatch(/办结时限.*还剩 /);
  expect(await card(handling).textContent()).not.toContain("已过半");
  expect(await colour(handling, '[data-urgency="ok"]')).not.toMatch(/rgb\((196|173),/);

  // A referred ticket: what the referring agency asks, and why, first on the page, in Chinese.
  await page.goto(`/tickets/${referred.ticketId}`);
  await settle(page);
  const request = page.getByTestId("referral-request");
  await request.waitFor();
  const said = (await request.textContent()) ?? "";
  expect(said).toContain("教体转介来的请求");
  expect(said).toContain(REQUEST);
  expect(said).toContain(REFERRAL_REASON);
  const top = (await request.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
  expect(top).toBeLessThan(PHONE.height);
  const routing = (await page.getByTestId("routing-reason").textContent()) ?? "";
  // made by the referral, not by a danger the case never had
  expect(routing).toContain("因教体转介，由公安协办");
  expect(routing).not.toContain("紧急危险");
  expect(`${said}${routing}`).not.toMatch(/[A-Za-z_]{4,}|Art\./);
}

/** The report form starts from the profile: a 儿童主任 reports as a 儿童主任. */
async function directorOnPhone(page: Page) {
  await page.goto("/report");
  await settle(page);
  await expect
    .poll(async () => formItem(page, "您与孩子的关系").textContent())
    .toContain("儿童主任");
}

const ROLES: readonly Role[] = [
  {
    user: "李老师",
    key: "reporter",
    pages: { report: () => "/report", "my-reports": () => "/my-reports" },
  },
  {
    user: "公安值班员",
    key: "officer",
    pages: { inbox: () => "/inbox", ticket: () => `/tickets/${referred.ticketId}` },
    onPhone: officerOnPhone,
  },
  {
    user: "王主任",
    key: "supervisor",
    pages: {
      dashboard: () => "/dashboard",
      cases: () => "/cases",
      audit: () => "/audit",
      "case-audit": () => `/cases/${late.caseId}/audit`,
      rules: () => "/admin",
    },
  },
  { user: "系统管理员", key: "admin", pages: { rules: () => "/admin" } },
  {
    user: "达瓦",
    key: "child-director",
    pages: {
      children: () => "/care",
      "child-file": () => `/care/children/${childId}`,
    },
    onPhone: directorOnPhone,
  },
  {
    user: "尼西乡儿童督导员",
    key: "child-supervisor",
    pages: { rollups: () => "/care/rollups", import: () => "/care/import" },
  },
];

/** The page loaded and its requests answered (the inbox's 15 s refresh leaves gaps). */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.locator("h1, .ant-result").first().waitFor();
  await page.waitForLoadState("networkidle");
}

async function noSideways(page: Page, what: string) {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll, `${what}: page ${scroll} px wide on a ${client} px screen`).toBeLessThanOrEqual(
    client,
  );
}

/**
 * Words on the screen in another script than the language shown: Han characters on an English
 * screen, Latin words or codes (physical_abuse, Art.) on a Chinese one, either on a Tibetan one; the bases beside the rules
 * and clocks count too. Not counted: what people or the system wrote as data (`allow`, e.g. the
 * user's own name), identifiers marked translate="no" (accounts, hashes, notes as written),
 * reference numbers, and file formats.
 */
async function foreignWords(
  page: Page,
  language: "zh" | "en" | "bo",
  allow: readonly string[] = [],
) {
  const text = await page.evaluate(() => {
    const seen: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.parentElement;
      if (!at?.checkVisibility()) continue;
      if (at.closest('[translate="no"], script, style, .ant-select-dropdown')) continue;
      seen.push(n.textContent ?? "");
    }
    return seen.join("\n");
  });
  let rest = text.replace(/SGL-\d{8}-[0-9A-Z]+/g, " ");
  for (const a of allow) rest = rest.replaceAll(a, " ");
  const han = rest.match(/[\u3400-\u9fff\uff08\uff09\uff0c\u3002]+/g) ?? [];
  const latin = rest.replace(/\b(Excel|XLSX|CSV|\d{4}H[12])\b/g, " ").match(/[A-Za-z_]{3,}/g) ?? [];
  return [...new Set(language === "en" ? han : language === "zh" ? latin : [...han, ...latin])];
}

describe("every page on a 390 px phone", () => {
  it("the sign-in page, in Chinese, Tibetan and English, by its language switch", async () => {
    const context = await pictureContext(browser, PHONE);
    const page = await context.newPage();
    await page.goto("/");
    await settle(page);
    await noSideways(page, "sign-in");
    await expectAccessible(page, "sign-in on a phone");
    await picture(page, "sign-in-phone-zh");
    // Before anyone signs in: zh → bo → en, each pressed, each changing the page.
    await choose(page, "语言", "བོད་ཡིག");
    await page.getByRole("heading", { name: "ནང་འཛུལ།" }).waitFor();
    await noSideways(page, "sign-in (bo)");
    expect(await foreignWords(page, "bo", ["李老师 · 建塘镇中心小学（报告人）"])).toEqual([]);
    await picture(page, "sign-in-phone-bo");
    await choose(page, "སྐད་ཡིག", "English");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    // The demo users' names are data: the one chosen shows as it is.
    expect(await foreignWords(page, "en", ["李老师 · 建塘镇中心小学（报告人）"])).toEqual([]);
    await choose(page, "Language", "简体中文");
    await page.getByRole("heading", { name: "登录" }).waitFor();
    await context.close();
  });

  // The reporter's whole path read in each language it is translated into: no Chinese left but
  // the data. Labels and buttons are found by the catalogue's own words.
  for (const [language, words, choice] of [
    ["en", en, "English"],
    ["bo", bo, "བོད་ཡིག"],
  ] as const) {
    it(`${language}: the reporter's whole path has no Chinese left, from the form to the receipt`, async () => {
      const w = (said: string | undefined) => {
        if (!said) throw new Error(`the ${language} catalogue lacks a word the path needs`);
        return said;
      };
      const context = await pictureContext(browser, PHONE);
      const page = await context.newPage();
      await signIn(page, "李老师");
      await choose(page, "语言", choice);
      await page.getByRole("button", { name: w(words.app?.signOut) }).waitFor();
      // What people typed is data, in Chinese as a reporter here types it (and so it reads on the
      // Chinese screens of other roles): the user's name, the child, the place, what was seen.
      const seen = "孩子一个人在家已经三天。";
      const data = [
        "李老师",
        "建塘镇",
        "红坡村",
        "尼西乡",
        "汤满村",
        "次仁",
        seen,
        "小",
        "次",
        "某",
      ];
      const speaks = async (what: string) =>
        expect(await foreignWords(page, language, data), `${language}: ${what}`).toEqual([]);
      await page.goto("/report");
      await settle(page);
      await speaks("the form");
      // the guide's danger question, then its first plain question
      await page.getByTestId("guide-open").click();
      await page.getByTestId("guide-start").click();
      await page.getByTestId("guide-question").waitFor();
      await speaks("the guide");
      // a report filed from this form: the review and the receipt speak the language too
      const report = words.report;
      // a situation with follow-up questions (the law's severity), one answered yes
      await page.getByTestId("category-guardianship_failure").check();
      await page.getByTestId("severity-noCarer").check();
      await speaks("the form with its severity questions");
      await page.getByLabel(w(report?.childName)).fill("次仁");
      await page.getByLabel(w(report?.ageYears)).fill("10");
      await page.getByLabel(w(report?.township)).fill("建塘镇");
      await page.getByLabel(w(report?.village)).fill("红坡村");
      await page.getByLabel(w(report?.description)).fill(seen);
      await choose(page, w(report?.relationship), w(words.relationship?.teacher));
      await page.getByRole("button", { name: w(report?.toReview) }).click();
      await page.getByTestId("review").waitFor();
      await speaks("the review");
      await page.getByRole("button", { name: w(report?.confirm) }).click();
      await page.getByTestId("reference-no").waitFor();
      await speaks("the receipt");
      await page.goto("/my-reports");
      await settle(page);
      await page.getByText("次仁".slice(0, 1)).first().waitFor();
      await speaks("my reports");
      await context.close();
    });
  }

  it("the report form: thumb-sized targets, 16 px text, and a guide that asks about danger first", async () => {
    const context = await pictureContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, "李老师");
    await page.goto("/report");
    await settle(page);
    // Every control a thumb presses is at least 44 px high; every box typed in has 16 px text
    // (smaller, and iOS zooms the page in).
    const misfits = await page.evaluate(() => {
      const controls = document.querySelectorAll<HTMLElement>(
        "#main button, #main a, #main .ant-checkbox-wrapper, #main .ant-radio-wrapper, #main .ant-select, #main .ant-input-number, #main input.ant-input, #main textarea, #main input[type=date], #main input[type=datetime-local]",
      );
      const typed = document.querySelectorAll<HTMLElement>(
        "#main input:not([type=checkbox]):not([type=radio]):not([type=hidden]), #main textarea",
      );
      return [
        ...[...controls]
          .filter((e) => {
            const box = e.getBoundingClientRect();
            return box.height > 0 && box.height < 44 && e.tagName !== "TEXTAREA";
          })
          .map(
            (e) =>
              `${e.tagName} "${e.textContent?.slice(0, 20)}" ${e.getBoundingClientRect().height} px high`,
          ),
        ...[...typed]
          .filter((e) => Number.parseFloat(getComputedStyle(e).fontSize) < 16)
          .map((e) => `${e.tagName} ${getComputedStyle(e).fontSize} text`),
      ];
    });
    expect(misfits).toEqual([]);
    // The guide: danger first (yes → the 110 box, the danger box ticked), then plain questions
    // whose yes ticks the situation on the form.
    await page.getByText("不确定选哪一项？").click();
    await page.getByRole("button", { name: "是，现在有危险" }).click();
    await page.getByTestId("call-110").waitFor();
    expect(await page.getByTestId("immediate-danger").isChecked()).toBe(true);
    await page.getByRole("button", { name: "已报警，继续回答问题" }).click();
    for (let i = 0; i < 12; i++) {
      const question = (await page.getByTestId("guide-question").textContent()) ?? "";
      const yes = question.includes("像是被打");
      await page.getByRole("button", { name: yes ? "是" : "不是 / 不清楚", exact: true }).click();
    }
    await expect.poll(() => page.getByTestId("category-physical_abuse").isChecked()).toBe(true);
    expect(await page.getByTestId("category-bullying").isChecked()).toBe(false);
    await context.close();
  });

  for (const role of ROLES) {
    it(`${role.key}: every page fits a phone, passes axe, speaks Chinese; pictured on a phone and a desktop in zh and bo`, async () => {
      const context = await pictureContext(browser, PHONE);
      const page = await context.newPage();
      await signIn(page, role.user);
      const pages = Object.entries(role.pages).flatMap(([name, path]) => {
        const p = path();
        return p ? [[name, p] as const] : [];
      });
      // Each page once in Chinese and once in Tibetan, each pictured on the phone and then, the
      // same page resized, on the desktop.
      for (const language of ["zh", "bo"] as const) {
        await page.evaluate(
          (l) => localStorage.setItem("cp.language", l),
          language === "zh" ? "zh-CN" : "bo",
        );
        for (const [name, path] of pages) {
          await page.setViewportSize(PHONE);
          await page.goto(path);
          await settle(page);
          await noSideways(page, `${role.key} ${path} (${language})`);
          if (language === "zh") {
            await expectAccessible(page, `${role.key} ${path} on a phone`);
            expect(await foreignWords(page, "zh"), `${role.key} ${path}: English or codes`).toEqual(
              [],
            );
          }
          await picture(page, `${role.key}-${name}-phone-${language}`);
          await page.setViewportSize(WIDE);
          await picture(page, `${role.key}-${name}-desktop-${language}`);
        }
      }
      await page.evaluate(() => localStorage.setItem("cp.language", "zh-CN"));
      await page.setViewportSize(PHONE);
      await role.onPhone?.(page);
      await context.close();
    });
  }
});

/** Local (UTC+8) calendar day. */
const localDay = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

const FIGURES = [
  ["tickets", "工单数"],
  ["pending", "待接收"],
  ["inProgress", "办理中"],
  ["closed", "已办结"],
  ["declined", "已退回"],
  ["overdue", "超期未办"],
] as const;
type Figures = Record<(typeof FIGURES)[number][0], number>;

async function fromTiles(page: Page): Promise<Figures> {
  await page.reload();
  await page.getByTestId("metrics-totals").waitFor();
  const read = async (k: string) =>
    Number(
      (
        (await page
          .getByTestId(`total-${k}`)
          .locator(".ant-statistic-content-value")
          .textContent()) ?? ""
      ).replace(/[^\d]/g, ""),
    );
  return Object.fromEntries(
    await Promise.all(FIGURES.map(async ([k]) => [k, await read(k)])),
  ) as Figures;
}

async function fromApi(from: string, to: string): Promise<Figures> {
  const res = await api<{ rows: Figures[] }>(
    "GET",
    `/v1/metrics/response-times?from=${from}&to=${to}&groupBy=agency`,
    { as: "supervisor.wang" },
  );
  expect(res.status).toBe(200);
  return Object.fromEntries(
    FIGURES.map(([k]) => [k, res.body.rows.reduce((n, r) => n + r[k], 0)]),
  ) as Figures;
}

/** The first day of a half-year period such as 2026H2. */
const excelFrom = (period: string) =>
  `${period.slice(0, 4)}-${period.endsWith("1") ? "01" : "07"}-01`;

async function fromExcel(period: string): Promise<Figures> {
  const res = await fetch(`${stack().apiUrl}/v1/reports/progress?period=${period}&format=xlsx`, {
    headers: { authorization: `Bearer ${await tokenFor("supervisor.wang")}` },
  });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const sheet = wb.getWorksheet("汇总") as ExcelJS.Worksheet;
  // The period and the time of writing in local dates (UTC+8), not UTC instants.
  expect(String(sheet.getRow(2).getCell(1).value)).toContain(`：${excelFrom(period)} 至 `);
  const written = String(sheet.getRow(3).getCell(1).value).match(
    /^生成时间 (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})（北京时间）$/,
  );
  expect(written, String(sheet.getRow(3).getCell(1).value)).not.toBeNull();
  const writtenAt = Date.parse(`${written?.[1]}T${written?.[2]}:00+08:00`);
  expect(Math.abs(writtenAt - Date.now())).toBeLessThan(10 * MINUTE);
  const header = (sheet.getRow(5).values as unknown[]).slice(1);
  let total: ExcelJS.Row | undefined;
  sheet.eachRow((r) => {
    if (r.getCell(1).value === "合计") total = r;
  });
  return Object.fromEntries(
    FIGURES.map(([k, heading]) => [k, Number(total?.getCell(header.indexOf(heading) + 1).value)]),
  ) as Figures;
}

describe("the supervisor", () => {
  it("reads the same figures on the tiles, from the API and in the Excel report", async () => {
    const context = await pictureContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, "王主任");
    const now = Date.now();
    const today = localDay(now);
    const half = Number(today.slice(5, 7)) <= 6 ? "1" : "2";
    const from = `${today.slice(0, 4)}-${half === "1" ? "01" : "07"}-01`;
    const period = `${today.slice(0, 4)}H${half}`;
    // A clock may run out between two reads: read again until all three were read together.
    let last: Figures[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      last = [await fromTiles(page), await fromApi(from, today), await fromExcel(period)];
      if (
        JSON.stringify(last[0]) === JSON.stringify(last[1]) &&
        JSON.stringify(last[1]) === JSON.stringify(last[2])
      )
        break;
    }
    expect(last[0]).toEqual(last[1]);
    expect(last[2]).toEqual(last[1]);
    expect(last[1]?.tickets).toBeGreaterThan(0);
    expect(last[1]?.overdue).toBeGreaterThan(0);
    // Durations in plain words, in the unit that fits.
    await page
      .getByTestId("plain-times")
      .getByText(/一半的工单在.+内接收/)
      .first()
      .waitFor();
    await context.close();
  }, 180_000);

  it("urges the police on an overdue ticket from the case list", async () => {
    const context = await pictureContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, "王主任");
    await page.getByRole("link", { name: "案件列表" }).click();
    // The filters: each leaves only the cases it names. The danger case (建塘镇; police, civil
    // affairs, women's federation) and the dropout (尼西乡; education, civil affairs, police) are
    // both open and both listed first.
    const table = page.getByTestId("case-table");
    const rows = () =>
      table
        .locator("tr.ant-table-row")
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
        );
    const listed = async (ref: string) => (await rows()).some((r) => r[0] === ref);
    await table.getByText(late.referenceNo).waitFor();
    await table.getByText(referred.referenceNo).waitFor();
    const filtered = async (label: string, option: string, column: number, shows: string) => {
      await choose(page, label, option);
      await expect
        .poll(async () => [await listed(late.referenceNo), await listed(referred.referenceNo)])
        .toEqual(shows === "尼西乡" || shows === "教体" ? [false, true] : [false, false]);
      const cells = (await rows()).map((r) => r[column] ?? "");
      expect(
        cells.filter((c) => !c.includes(shows)),
        `${label}: ${option}`,
      ).toEqual([]);
    };
    await filtered("部门", "教体", 4, "教体");
    await choose(page, "部门", "全部部门");
    await filtered("乡镇", "尼西乡", 3, "尼西乡");
    await choose(page, "乡镇", "全部乡镇");
    await filtered("案件状态", "已办结", 1, "已办结");
    await choose(page, "案件状态", "全部状态");
    await expect.poll(() => listed(late.referenceNo)).toBe(true);

    await page.getByTestId("overdue-only").click();
    // The case's three tickets are all late: its row for the police's, by what a person reads.
    const row = page
      .locator("tr", { hasText: late.referenceNo })
      .filter({ hasText: "公安 · 接收时限" });
    await row.waitFor();
    expect(await row.getByTestId("overdue-ticket-link").getAttribute("href")).toBe(
      `/tickets/${late.ticketId}`,
    );
    await picture(page, "supervisor-case-list-overdue");
    await row.getByTestId("urge").click();
    await page.getByRole("button", { name: "发送催办" }).click();
    await page.getByText("已向公安发送催办").waitFor();
    await expectAccessible(page, "the case list after an urge");

    const audit = await api<{
      items: { action: string; ticketId?: string; actor: { sub: string } }[];
    }>("GET", `/v1/cases/${late.caseId}/audit?limit=100`, { as: "supervisor.wang" });
    const urged = audit.body.items.filter((e) => e.action === "ticket_urged");
    expect(urged).toHaveLength(1);
    expect(urged[0]).toMatchObject({ ticketId: late.ticketId, actor: { sub: "supervisor.wang" } });
    await context.close();
  }, 180_000);
});
