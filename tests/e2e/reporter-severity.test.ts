/**
 * Severity a reporter can state, in a real browser on a phone: the yes/no questions appear only
 * for a category whose routing they change (bullying here), the review repeats the answers, and
 * a group attack sends the report to the police as a lead beside education (未保法 Art. 39;
 * docs/domain.md, "Severity a reporter can state").
 */
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, eventually, uniqueIdNumber } from "../support/api.ts";
import {
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

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(() => {
  expect(pageErrors.splice(0), "uncaught errors in the app").toEqual([]);
});

const GROUP = "是否动用了棍棒刀具等器械，或者是多人一起欺负？";

describe("severity questions in the report form", () => {
  it("asks them for bullying only, and a group attack reaches the police as lead", async () => {
    const context = await newContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, "李老师");
    await page.getByText("孩子被遗弃，或者长期没有人照顾。").waitFor();
    expect(await page.getByTestId("severity").count()).toBe(0);

    await fillReport(page, {
      childName: "小军",
      idNumber: uniqueIdNumber(),
      immediateDanger: false,
      categoryPlain: "在学校或上学路上被同学欺负、殴打、侮辱。",
    });
    const questions = page.getByTestId("severity");
    await questions.waitFor();
    // Bullying's five questions; the guardian questions are not asked.
    expect(await questions.locator("input[type=checkbox]").count()).toBe(5);
    expect(await page.getByTestId("severity-guardianHarming").count()).toBe(0);
    await page.getByLabel(GROUP).check();
    await expectAccessible(page, "the form with severity questions");
    await screenshot(page, "reporter-severity", true);

    await page.getByRole("button", { name: "下一步：核对报告" }).click();
    const review = page.getByTestId("review-severity");
    await review.waitFor();
    expect(await review.textContent()).toBe(GROUP);
    await page.getByRole("button", { name: "确认提交" }).click();
    const ref = page.getByTestId("reference-no");
    await ref.waitFor();
    const referenceNo = ((await ref.textContent()) ?? "").match(/SGL-\d{8}-[0-9A-Z]+/)?.[0];
    expect(referenceNo).toBeDefined();
    await context.close();

    // The router gives police a lead ticket beside education's.
    const found = await api<{ caseId: string }>("GET", `/v1/cases/by-reference/${referenceNo}`, {
      as: "supervisor.wang",
    });
    const tickets = await eventually(
      async () => {
        const c = await api<{ tickets: { agency: string; kind: string }[] }>(
          "GET",
          `/v1/cases/${found.body.caseId}`,
          { as: "supervisor.wang" },
        );
        return c.body.tickets?.length >= 2 ? c.body.tickets : undefined;
      },
      20_000,
      "the routed tickets",
    );
    expect(Object.fromEntries(tickets.map((t) => [t.agency, t.kind]))).toEqual({
      education: "lead",
      police: "lead",
    });
  });
});
