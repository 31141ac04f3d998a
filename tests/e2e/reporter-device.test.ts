/**
 * What the reporter's phone keeps: a half-written report survives a reload (sealed on the
 * device), the app itself opens with no signal (service worker), the queued screen turns into
 * the receipt with the reference number once the report goes out, and 我的报告 lists what is
 * queued and what was sent with no signal too.
 */
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { uniqueIdNumber } from "../support/api.ts";
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

describe("the reporter's phone", () => {
  it("keeps the draft over a reload, opens offline, and turns the queued screen into the receipt", async () => {
    const context = await newContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, "扎西");
    await expect.poll(() => page.url()).toContain("/report");
    // the service worker has taken over, so the app shell is on the phone
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    // a half-written report: a reload brings it back
    await page.getByText("孩子被遗弃，或者长期没有人照顾。").click();
    await page.getByLabel("孩子姓名").fill("次仁");
    await page.getByLabel("请写下您看到或听到的情况").fill("孩子一个人在家已经三天。");
    // the draft on the device is ciphertext: the child's name is nowhere in IndexedDB as text
    const stored = async () =>
      page.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const open = indexedDB.open("cp-reporter-drafts");
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const all = open.result.transaction("drafts").objectStore("drafts").getAll();
              all.onsuccess = () =>
                resolve(
                  (all.result as { data: ArrayBuffer }[]).map((r) =>
                    new TextDecoder().decode(r.data),
                  ),
                );
            };
          }),
      );
    await expect.poll(async () => (await stored()).length).toBe(1);
    expect((await stored()).join("")).not.toContain("次仁");
    await page.reload();
    await page.getByTestId("draft-restored").waitFor();
    expect(await page.getByLabel("孩子姓名").inputValue()).toBe("次仁");
    expect(await page.getByLabel("请写下您看到或听到的情况").inputValue()).toBe(
      "孩子一个人在家已经三天。",
    );
    expect(await page.getByTestId("category-abandonment").isChecked()).toBe(true);

    // no signal: the app still opens, from the service worker
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("draft-restored").waitFor();
    expect(await page.getByLabel("孩子姓名").inputValue()).toBe("次仁");

    // filed offline: queued, then the receipt once the signal returns
    await fillReport(page, {
      childName: "次仁",
      idNumber: uniqueIdNumber("20170301"),
      immediateDanger: true,
      categoryPlain: "孩子被遗弃，或者长期没有人照顾。",
      keepCategories: true,
    });
    await page.getByRole("button", { name: "下一步：核对报告" }).click();
    await page.getByRole("button", { name: "确认提交" }).click();
    await page.getByTestId("queued").waitFor();
    await page.getByTestId("call-110").waitFor();
    await expectAccessible(page, "the queued screen");
    await screenshot(page, "reporter-queued");
    await context.setOffline(false);
    const ref = page.getByTestId("reference-no");
    await ref.waitFor({ timeout: 30_000 });
    const referenceNo = ((await ref.textContent()) ?? "").match(/SGL-\d{8}-[0-9A-Z]+/)?.[0];
    expect(referenceNo).toBeTruthy();
    await page.getByTestId("call-110").waitFor();

    // my reports, with no signal: the sent report with what it was about
    await page.getByRole("link", { name: "我的报告" }).first().click();
    await page
      .getByTestId("report-list")
      .getByText(referenceNo ?? "?")
      .waitFor();
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("stale-list").waitFor();
    const item = page
      .getByTestId("report-list")
      .locator(".ant-list-item", { hasText: referenceNo ?? "?" });
    expect(await item.textContent()).toContain("孩子：次某");
    await screenshot(page, "reporter-my-reports-offline");

    // the draft is gone once filed
    await page.getByRole("link", { name: "填写报告" }).first().click();
    await page.getByLabel("孩子姓名").waitFor();
    expect(await page.getByLabel("孩子姓名").inputValue()).toBe("");
    await context.close();
  });
});
