/**
 * Browser helpers for the end-to-end tests: Chromium driven by playwright-core against the local
 * stack the global setup started (it serves the built web app beside the API).
 * Which Chromium: tests/support/chromium.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { stack } from "../support/api.ts";
import { choose, launch, openOptions } from "../support/chromium.ts";

export { choose, launch, openOptions };

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
/** Uncaught errors thrown in any page; tests expect none. */
export const pageErrors: string[] = [];

export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: stack().apiUrl,
    viewport,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  // `npm test` runs the projects side by side on two cores: a page load there has taken over 10 s.
  context.setDefaultTimeout(30_000);
  // An uncaught error in the app fails the test that caused it, with its message.
  context.on("weberror", (e) => pageErrors.push(e.error().message));
  return context;
}

/** Sign in through the page, as a person would: pick the demo user, press 登录. */
export async function signIn(page: Page, label: string) {
  await page.goto("/");
  await choose(page, "演示用户", label);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("button", { name: "退出" }).waitFor();
}

/** axe-core: no serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string) {
  // A check in the middle of a fade judges colours nobody reads: let the page's finite
  // animations and transitions end first (spinners run forever and are not waited for).
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
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

/**
 * Screenshots go to docs/screenshots/ only where a Chinese font is installed: on a bare machine
 * the glyphs fall back to boxes, and such pictures must not replace the documented ones. They are
 * still taken (the page must render), into the temp directory.
 */
export async function screenshot(page: Page, name: string, fullPage = false) {
  const dir = hasChineseFont() ? SCREENSHOTS : join(tmpdir(), "cp-screenshots/");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}${name}.png`, fullPage, animations: "disabled" });
}

let chineseFont: boolean | undefined;
function hasChineseFont(): boolean {
  chineseFont ??=
    spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).stdout?.trim().length > 0;
  return chineseFont;
}
