/**
 * The mountain-village path: a report written with no connection stays on the phone, is sent
 * when the connection returns, and a send whose answer was lost is retried with the same
 * Idempotency-Key, so exactly one report is filed.
 */
import type { Browser, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, uniqueIdNumber } from "../support/api.ts";
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

const myReports = async () =>
  (
    await api<{ items: { referenceNo: string }[] }>("GET", "/v1/reports?mine=true&limit=100", {
      as: "director.zhaxi",
    })
  ).body.items;

describe("a report written offline", () => {
  it("is kept on the device, sent on reconnect, and filed exactly once though the first answer is lost", async () => {
    // Prepare: signed in while the signal lasted
    const context = await newContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, "扎西");
    await expect.poll(() => page.url()).toContain("/report");
    const before = (await myReports()).length;

    // Act 1: no signal; fill and submit
    await context.setOffline(true);
    await fillReport(page, {
      childName: "卓玛",
      idNumber: uniqueIdNumber("20160510"),
      immediateDanger: false,
      categoryPlain: "孩子被遗弃，或者长期没有人照顾。",
    });
    await page.getByRole("button", { name: "下一步：核对报告" }).click();
    await page.getByRole("button", { name: "确认提交" }).click();
    await page.getByTestId("queued").waitFor();
    await page.getByRole("status").getByText("当前没有网络连接").waitFor();
    await screenshot(page, "reporter-offline-queued");
    expect((await myReports()).length).toBe(before);

    // the waiting report is listed on the device
    await page.getByRole("link", { name: "我的报告" }).first().click();
    await page.getByTestId("queued-list").waitFor();
    await expectAccessible(page, "my reports with a queued report");

    // Act 2: the signal returns, but the first answer is lost on the way back
    const posts: Request[] = [];
    await page.route("**/v1/reports", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      posts.push(route.request());
      if (posts.length === 1) {
        await route.fetch(); // the API files it…
        return route.abort("internetdisconnected"); // …and the phone never hears back
      }
      return route.continue();
    });
    await context.setOffline(false);

    // Assess: retried until an answer arrives, then the outbox is empty
    await expect.poll(() => posts.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId("queued-list").waitFor({ state: "detached", timeout: 30_000 });
    const keys = await Promise.all(posts.map((p) => p.headerValue("idempotency-key")));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);

    const after = await myReports();
    expect(after.length).toBe(before + 1);
    await page
      .getByTestId("report-list")
      .getByText(after[0]?.referenceNo ?? "?")
      .waitFor();
    await context.close();
  });
});
