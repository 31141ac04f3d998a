/**
 * The whole path in a real browser: a reporter files a report on a phone-sized screen, the
 * police officer finds it in the inbox, accepts, records a measure and closes; the supervisor
 * sees the case's audit trail verify and (once the metrics endpoint exists) the numbers move.
 * Each main page is checked with axe-core and saved as a screenshot for review.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, exampleReport, uniqueIdNumber } from "../support/api.ts";
import {
  choose,
  DESKTOP,
  expectAccessible,
  launch,
  newContext,
  PHONE,
  pageErrors,
  screenshot,
  signIn,
} from "./browser.ts";
import { fillReport } from "./flows.ts";

let browser: Browser;
/** A command's answer and the page's reload, on a busy machine. */
const SETTLED = { timeout: 30_000 };

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(() => {
  expect(pageErrors.splice(0), "uncaught errors in the app").toEqual([]);
});

interface Totals {
  readonly tickets: number;
  readonly closed: number;
}

async function metricTotals(): Promise<Totals | undefined> {
  // local days in UTC+8, as the dashboard asks
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  const from = day(Date.now() - 89 * 86_400_000);
  const to = day(Date.now());
  const res = await api<{ rows: { tickets: number; closed: number }[] }>(
    "GET",
    `/v1/metrics/response-times?from=${from}&to=${to}&groupBy=agency`,
    { as: "supervisor.wang" },
  );
  if (res.status !== 200) return undefined;
  return res.body.rows.reduce(
    (acc, r) => ({ tickets: acc.tickets + r.tickets, closed: acc.closed + r.closed }),
    { tickets: 0, closed: 0 },
  );
}

async function readTotal(page: Page, key: string): Promise<number> {
  const text = await page
    .getByTestId(`total-${key}`)
    .locator(".ant-statistic-content-value")
    .textContent();
  return Number((text ?? "").replace(/[^\d]/g, ""));
}

/** The police ticket of a report, once routing has made it (routing runs through SQS). */
async function pendingPoliceTicket(referenceNo: string) {
  let found: { ticketId: string; caseId: string } | undefined;
  await expect
    .poll(
      async () => {
        const inbox = await api<{
          items: { ticketId: string; caseId: string; referenceNo: string }[];
        }>("GET", "/v1/tickets?status=pending&limit=100", { as: "officer.police" });
        found = inbox.body.items.find((t) => t.referenceNo === referenceNo);
        return found !== undefined;
      },
      { timeout: 20_000, interval: 500 },
    )
    .toBe(true);
  return found as { ticketId: string; caseId: string };
}

/** The reporter's report filed through the API, for a step run without the reporter's step. */
async function reportFiledThroughApi(): Promise<string> {
  const filed = await api<{ referenceNo: string }>("POST", "/v1/reports", {
    as: "teacher.li",
    body: exampleReport(),
  });
  expect(filed.status).toBe(201);
  return filed.body.referenceNo;
}

/** The officer's work done through the API, for a step run without the officer's step. */
async function ticketClosedThroughApi(referenceNo: string): Promise<string> {
  const { ticketId, caseId } = await pendingPoliceTicket(referenceNo);
  const officer = { as: "officer.police" } as const;
  for (const [path, body] of [
    ["accept", { note: "值班民警已接警" }],
    ["actions", { type: "dispatched", note: "已出警" }],
    ["close", { outcome: "criminal_case_filed", summary: "已立案侦查" }],
  ] as const) {
    expect(
      (await api("POST", `/v1/tickets/${ticketId}/${path}`, { ...officer, body })).status,
    ).toBe(200);
  }
  return caseId;
}

describe("a report from a phone to a closed police ticket", () => {
  // Each step takes what the one before left, and makes it through the API when it runs alone
  // (`vitest -t`): no step needs another to have run first.
  const idNumber = uniqueIdNumber();
  let referenceNo = "";
  let caseId = "";
  let before: Totals | undefined;

  it("a reporter files a report on a 390 px screen, with the 110 prompt and the API's validation", async () => {
    before = await metricTotals();
    const context = await newContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, "李老师");
    await expect.poll(() => page.url()).toContain("/report");

    // the situations are explained in plain words, with the legal names beneath
    await page.getByText("孩子被遗弃，或者长期没有人照顾。").waitFor();

    await fillReport(page, {
      childName: "小明",
      idNumber: `${idNumber.slice(0, 17)}${idNumber[17] === "1" ? "2" : "1"}`,
      immediateDanger: true,
      categoryPlain: "孩子身上多处有伤、严重营养不良或神志不清，怀疑被家暴、虐待、殴打。",
    });
    const call110 = page.getByTestId("call-110");
    await expect.poll(() => call110.isVisible()).toBe(true);
    expect(await call110.getByRole("link", { name: "拨打 110" }).getAttribute("href")).toBe(
      "tel:110",
    );

    // a wrong check digit is caught before anything leaves the phone
    const mine = async () =>
      (
        await api<{ items: unknown[] }>("GET", "/v1/reports?mine=true&limit=100", {
          as: "teacher.li",
        })
      ).body.items.length;
    const countBefore = await mine();
    // Enter in a field files nothing; the button leads to the review, not to filing
    await page.getByLabel("发生地点").press("Enter");
    expect(await page.getByTestId("review").count()).toBe(0);
    await page.getByRole("button", { name: "下一步：核对报告" }).click();
    await page.getByText("身份证号无效").first().waitFor();
    // the first error is scrolled into view, not left below the fold
    await expect.poll(() => page.getByLabel("身份证号").isVisible()).toBe(true);
    expect(
      await page.getByLabel("身份证号").evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      }),
    ).toBe(true);
    expect(await mine()).toBe(countBefore);

    await page.getByLabel("身份证号").fill(idNumber);
    await screenshot(page, "reporter-form", true);
    await expectAccessible(page, "the filled report form with the 110 prompt");
    await page.getByRole("button", { name: "下一步：核对报告" }).click();
    await page.getByTestId("review").waitFor();
    await page.getByTestId("review").getByText("建塘镇 红坡村").waitFor();
    await expectAccessible(page, "the review screen");
    await screenshot(page, "reporter-review", true);
    expect(await mine()).toBe(countBefore);
    await page.getByRole("button", { name: "确认提交" }).click();
    const ref = page.getByTestId("reference-no");
    await ref.waitFor();
    referenceNo = ((await ref.textContent()) ?? "").match(/SGL-\d{8}-[0-9A-Z]+/)?.[0] ?? "";
    expect(referenceNo).not.toBe("");
    expect(await mine()).toBe(countBefore + 1);
    // a child in danger: the 110 reminder stays on the receipt
    await page.getByTestId("call-110").waitFor();
    await screenshot(page, "reporter-filed");

    // the next report starts from what this reporter told last time: relationship and phone
    await page.getByRole("button", { name: "再填写一份" }).click();
    const relationship = page.locator(".ant-form-item", {
      has: page.getByLabel("您与孩子的关系", { exact: true }),
    });
    await expect.poll(() => relationship.textContent()).toContain("教师");
    expect(await page.getByLabel("您的联系电话").inputValue()).toBe("13800000000");
    expect(await page.getByLabel("孩子姓名").inputValue()).toBe("");

    await page.getByRole("link", { name: "我的报告" }).first().click();
    const item = page
      .getByTestId("report-list")
      .locator(".ant-list-item", { hasText: referenceNo });
    await item.waitFor();
    // the reporter tells reports apart by the child's initial, the township and the situation
    expect(await item.textContent()).toContain("孩子：小某");
    expect(await item.textContent()).toContain("建塘镇");
    await expectAccessible(page, "my reports");
    await screenshot(page, "reporter-my-reports");
    await context.close();
  });

  it("the police officer finds it in the inbox, accepts, records a measure and closes", async () => {
    referenceNo ||= await reportFiledThroughApi();
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, "公安值班员");
    await expect.poll(() => page.url()).toContain("/inbox");

    // routing runs through SQS: refresh until the ticket arrives
    const row = page.getByRole("link", { name: referenceNo });
    await expect
      .poll(
        async () => {
          if (await row.isVisible()) return true;
          await page.getByRole("button", { name: "刷新" }).click();
          return false;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    // pending first, soonest due first; the countdown runs
    const rows = await page
      .locator(".ant-table-tbody tr.ant-table-row")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
      );
    const statuses = rows.map((r) => r[1]);
    expect(statuses.lastIndexOf("待接收")).toBeLessThan(
      statuses.includes("办理中") ? statuses.indexOf("办理中") : rows.length,
    );
    const pendingDue = rows.filter((r) => r[1] === "待接收").map((r) => r[6] ?? "");
    expect(pendingDue).toEqual([...pendingDue].sort());
    // triage at a glance: danger, township, age band, which clock runs and what is left
    const line = (await page.locator("tr", { has: row }).textContent()) ?? "";
    const readAt = Date.now();
    // the time left is the ticket's own accept clock, however long the steps above took
    const inbox = await api<{ items: { referenceNo: string; acceptDueAt: string }[] }>(
      "GET",
      "/v1/tickets?status=pending&limit=100",
      { as: "officer.police" },
    );
    const due = inbox.body.items.find((t) => t.referenceNo === referenceNo)?.acceptDueAt ?? "";
    const shown = line.match(/还剩 (\d+)分钟/);
    expect(shown, line).not.toBeNull();
    const minutesLeft = Math.floor((Date.parse(due) - readAt) / 60_000);
    expect(Number(shown?.[1])).toBeGreaterThanOrEqual(minutesLeft);
    expect(Number(shown?.[1])).toBeLessThanOrEqual(minutesLeft + 1);
    expect(minutesLeft).toBeLessThan(15); // the immediate-danger clock: 15 minutes
    expect(line).toContain("接收时限");
    expect(line).toContain("紧急危险");
    expect(line).toContain("建塘镇");
    expect(line).toContain("6–11岁");
    await expectAccessible(page, "the inbox");
    await screenshot(page, "officer-inbox");

    await row.click();
    await page.getByTestId("ticket-status").getByText("待接收").waitFor();
    await page.getByText("孩子身上多处淤青").waitFor();
    await expectAccessible(page, "the ticket page");
    await screenshot(page, "officer-ticket", true);

    await page.getByTestId("cmd-accept").click();
    await page.getByRole("dialog").getByLabel("备注").fill("值班民警已接警");
    await page.getByRole("button", { name: "确定" }).click();
    await page.getByTestId("ticket-status").getByText("办理中").waitFor(SETTLED);

    // the routing reason is a Chinese sentence, with the legal basis cited the Chinese way
    const reason = (await page.getByTestId("routing-reason").textContent()) ?? "";
    expect(reason).toContain("由公安");
    expect(reason).not.toMatch(/[a-z_]{4,}|Art\./);

    // someone else changes the ticket while the officer types: the dialog and the text stay
    await page.getByTestId("cmd-measure").click();
    const dialog = page.getByRole("dialog");
    await choose(page, "措施", "出警");
    await dialog.getByLabel("备注").fill("已出警，孩子已带离至安全地点");
    const ticketId = page.url().split("/tickets/")[1] ?? "";
    const meanwhile = await api("POST", `/v1/tickets/${ticketId}/actions`, {
      as: "officer.police",
      body: { type: "note", note: "值班长补充：家属已联系" },
    });
    expect(meanwhile.status).toBe(200);
    await page.getByRole("button", { name: "确定" }).click();
    await dialog.getByTestId("conflict").waitFor(SETTLED);
    expect(await dialog.getByLabel("备注").inputValue()).toBe("已出警，孩子已带离至安全地点");
    expect(await dialog.getByTestId("conflict").textContent()).toContain("办理中");
    await screenshot(page, "officer-conflict");
    await page.getByRole("button", { name: "确定" }).click();
    await page
      .locator('[data-testid="timeline-event"][data-action="ticket_action"]', {
        hasText: "已出警",
      })
      .waitFor(SETTLED);
    // page views are on the audit page, not in the ticket's story
    expect(
      await page.locator('[data-testid="timeline-event"][data-action="child_data_viewed"]').count(),
    ).toBe(0);

    await page.getByTestId("cmd-close").click();
    await choose(page, "办结结论", "立案");
    await page.getByRole("dialog").getByLabel("办结情况说明").fill("已立案侦查");
    await page.getByRole("button", { name: "确定" }).click();
    await page.getByTestId("ticket-status").getByText("已办结").waitFor(SETTLED);
    await page
      .locator('[data-testid="timeline-event"][data-action="ticket_closed"]')
      .waitFor(SETTLED);

    // the case goes by its short reference number; its id stays in the link
    expect(await page.getByTestId("case-id").textContent()).toMatch(/^SGL-\d{8}-/);
    caseId = (await page.getByTestId("case-id").getAttribute("data-case-id")) ?? "";
    expect(caseId).not.toBe("");
    await context.close();
  });

  it("the supervisor sees the audit trail verify, and the numbers move", async () => {
    if (!caseId) {
      before = await metricTotals();
      referenceNo = await reportFiledThroughApi();
      caseId = await ticketClosedThroughApi(referenceNo);
    }
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, "王主任");
    await expect.poll(() => page.url()).toContain("/dashboard");

    if (before) {
      await page.getByTestId("metrics-totals").waitFor();
      const after = {
        tickets: await readTotal(page, "tickets"),
        closed: await readTotal(page, "closed"),
      };
      expect(after.tickets).toBeGreaterThan(before.tickets);
      expect(after.closed).toBeGreaterThan(before.closed);
    } else {
      await page.getByTestId("metrics-empty").waitFor();
    }
    await expectAccessible(page, "the dashboard");
    await screenshot(page, "supervisor-dashboard", true);

    // the supervisor finds the case by the reference number the reporter quotes
    await page.getByRole("link", { name: "审计追溯" }).click();
    await page.getByTestId("case-search").fill(referenceNo);
    await page.getByRole("button", { name: "查询" }).click();
    await expect.poll(() => page.url(), SETTLED).toContain(`/cases/${caseId}/audit`);
    const verdict = page.getByTestId("audit-verdict");
    await verdict.waitFor();
    expect(await verdict.getAttribute("data-valid")).toBe("true");
    expect(await verdict.textContent()).toContain("审计链完整");
    // the supervisor reads the trail; the child's name is nowhere on it
    await page.getByTestId("case-summary").waitFor();
    expect(await page.locator("main").textContent()).not.toContain("小明");
    await expectAccessible(page, "the audit trail");
    await screenshot(page, "supervisor-audit", true);

    // break-glass: a stated reason, then the name, and the reason in the trail in Chinese
    await page.getByTestId("break-glass").click();
    await page
      .getByRole("dialog")
      .getByLabel("查看理由（至少 10 个字）")
      .fill("公安请求核实孩子身份，需联系监护人");
    await page.getByRole("button", { name: "确认查看" }).click();
    await page.getByTestId("case-child").getByText("小明").waitFor(SETTLED);
    const glass = page.locator('[data-testid="timeline-event"][data-action="break_glass_unmask"]');
    await glass.waitFor(SETTLED);
    expect(await glass.textContent()).toContain("督导紧急查看儿童信息");
    expect(await glass.textContent()).toContain("公安请求核实孩子身份");
    await context.close();
  });

  it("the administrator reads the routing rules and the SLA policy", async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, "系统管理员");
    await expect.poll(() => page.url()).toContain("/admin");
    await page.getByRole("cell", { name: "学生欺凌" }).waitFor();
    await page.getByText("15分钟").first().waitFor();
    await expectAccessible(page, "the rules page");
    await screenshot(page, "admin-policies", true);
    await context.close();
  });
});
