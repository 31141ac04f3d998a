/**
 * Every page of every role on a 390 px phone: no horizontal scroll, no serious or critical axe
 * violation; each role's first page pictured on a phone and on a desktop, in Chinese and in
 * Tibetan (docs/screenshots/). The report form: 44 px targets, 16 px text in its boxes, and the
 * guide (danger first, then plain questions that tick the situation). Then the supervisor: the
 * dashboard's tiles equal the metrics API and the half-year Excel report for the same window,
 * and 催办 from the case list.
 */
import { HOUR, ManualClock, MINUTE } from "@cp/domain";
import { acceptTicket } from "@cp/store";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byAgency, fileAndRoute, officerOf, reportInput } from "../integration/sweeper-helpers.ts";
import { api, stack, storeContext, tokenFor } from "../support/api.ts";
import { DESKTOP, expectAccessible, launch, PHONE, pageErrors, signIn } from "./browser.ts";
import { picture, pictureContext } from "./pictures.ts";

let browser: Browser;
let late: { caseId: string; ticketId: string; referenceNo: string };
let childId: string | undefined;

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
  const children = await api<{ items: { childId: string }[] }>("GET", "/v1/children?limit=1", {
    as: "director.dawa",
  });
  childId = children.body.items?.[0]?.childId;
});

afterAll(async () => {
  await browser?.close();
  expect(pageErrors).toEqual([]);
});

interface Role {
  readonly user: string;
  readonly key: string;
  readonly pages: readonly (() => string | undefined)[];
}

const ROLES: readonly Role[] = [
  { user: "李老师", key: "reporter", pages: [() => "/report", () => "/my-reports"] },
  {
    user: "公安值班员",
    key: "officer",
    pages: [() => "/inbox", () => `/tickets/${late.ticketId}`],
  },
  {
    user: "王主任",
    key: "supervisor",
    pages: [
      () => "/dashboard",
      () => "/cases",
      () => "/audit",
      () => `/cases/${late.caseId}/audit`,
      () => "/admin",
    ],
  },
  { user: "系统管理员", key: "admin", pages: [() => "/admin"] },
  {
    user: "达瓦",
    key: "child-director",
    pages: [() => "/care", () => (childId ? `/care/children/${childId}` : undefined)],
  },
  {
    user: "尼西乡儿童督导员",
    key: "child-supervisor",
    pages: [() => "/care/rollups", () => "/care/import"],
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

async function inLanguage(page: Page, language: "zh-CN" | "bo") {
  await page.evaluate((l) => localStorage.setItem("cp.language", l), language);
  await page.reload();
  await settle(page);
}

describe("every page on a 390 px phone", () => {
  it("the sign-in page, in Chinese and Tibetan", async () => {
    const context = await pictureContext(browser, PHONE);
    const page = await context.newPage();
    await page.goto("/");
    await settle(page);
    await noSideways(page, "sign-in");
    await expectAccessible(page, "sign-in on a phone");
    await picture(page, "sign-in-phone-zh");
    await inLanguage(page, "bo");
    await noSideways(page, "sign-in (bo)");
    await picture(page, "sign-in-phone-bo");
    await context.close();
  });

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
    it(`${role.key}: no sideways scroll, no serious axe finding; pictured on a phone and a desktop in zh and bo`, async () => {
      const context = await pictureContext(browser, PHONE);
      const page = await context.newPage();
      await signIn(page, role.user);
      for (const path of role.pages.map((p) => p()).filter((p) => p !== undefined)) {
        await page.goto(path);
        await settle(page);
        await noSideways(page, `${role.key} ${path}`);
        await expectAccessible(page, `${role.key} ${path} on a phone`);
      }
      // The role's first page, pictured: phone zh → phone bo → desktop bo → desktop zh.
      await page.goto(role.pages[0]?.() as string);
      await settle(page);
      await picture(page, `${role.key}-phone-zh`);
      await inLanguage(page, "bo");
      await noSideways(page, `${role.key} ${role.pages[0]?.()} (bo)`);
      await picture(page, `${role.key}-phone-bo`);
      await page.setViewportSize(DESKTOP);
      await settle(page);
      await picture(page, `${role.key}-desktop-bo`);
      await inLanguage(page, "zh-CN");
      await picture(page, `${role.key}-desktop-zh`);
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

async function fromExcel(period: string): Promise<Figures> {
  const res = await fetch(`${stack().apiUrl}/v1/reports/progress?period=${period}&format=xlsx`, {
    headers: { authorization: `Bearer ${await tokenFor("supervisor.wang")}` },
  });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const sheet = wb.getWorksheet("汇总") as ExcelJS.Worksheet;
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
