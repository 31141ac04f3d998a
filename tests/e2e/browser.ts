/**
 * Browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core against
 * the local stack the global setup started (it serves the built web app beside the API).
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { stack } from "../support/api.ts";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Uncaught errors thrown in any page; tests expect none. */
export const pageErrors: string[] = [];

export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: stack().apiUrl,
    viewport,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  context.setDefaultTimeout(10_000);
  // An uncaught error in the app fails the test that caused it, with its message.
  context.on("weberror", (e) => pageErrors.push(e.error().message));
  return context;
}

/** Sign in through the page, as a person would: pick the demo user, press 登录. */
export async function signIn(page: Page, label: string) {
  await page.goto("/");
  await page.getByLabel("演示用户").click();
  await page.locator(".ant-select-item-option", { hasText: label }).first().click();
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("button", { name: "退出" }).waitFor();
}

/** Pick an option of an antd Select found by its form label. */
export async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option })
    .first()
    .click();
}

/** axe-core: no serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string) {
  // Only violations are collected: the passes' details cost seconds per page and say nothing.
  const result = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  expect(bad, `accessibility of ${what}`).toEqual([]);
}

export async function screenshot(page: Page, name: string, fullPage = false) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage, animations: "disabled" });
}
