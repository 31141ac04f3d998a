/**
 * Browser helpers for the end-to-end tests: Chromium driven by playwright-core against the local
 * stack the global setup started (it serves the built web app beside the API).
 *
 * Which Chromium: CHROMIUM_PATH when set, else the system's /usr/bin/chromium when present, else the
 * headless Chromium that the @sparticuz/chromium package ships (a dev dependency), so `npm test`
 * needs no browser installed on the machine.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { stack } from "../support/api.ts";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** Flags every Chromium here needs: no display, no GPU, no sandbox (tests run as root), no calls home. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launch(): Promise<Browser> {
  const executablePath =
    process.env.CHROMIUM_PATH ??
    (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : await shippedChromium());
  return chromium.launch({ executablePath, args: ARGS });
}

/**
 * Unpacks the package's Chromium once per version into the temp directory (about 2 s) and returns
 * its path. The package unpacks into whatever os.tmpdir() says, and treats an existing file as
 * done; so it unpacks into a private staging directory that is then renamed into place in one
 * step, and a second test run starting at the same moment never launches a half-written binary.
 */
async function shippedChromium(): Promise<string> {
  // The package exports no package.json; its entry point sits at build/esm/index.js.
  const root = join(fileURLToPath(import.meta.resolve("@sparticuz/chromium")), "../../..");
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    version: string;
  };
  const dir = join(tmpdir(), `cp-chromium-${version}`);
  const binary = join(dir, "chromium");
  if (!existsSync(binary)) {
    const staging = mkdtempSync(join(tmpdir(), "cp-chromium-staging-"));
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      const { default: shipped } = await import("@sparticuz/chromium");
      await shipped.executablePath();
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
    try {
      renameSync(staging, dir);
    } catch {
      // Another run put its copy in place first: use that one.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  useShippedFonts(dir);
  return binary;
}

/**
 * Fonts: the machine's own (if any) plus the ones unpacked beside the shipped Chromium, so a
 * machine with no fonts installed still renders Latin text. Glyphs that no font has (Chinese on
 * a bare machine) fall back to boxes in screenshots; the tests read text, not pixels.
 */
function useShippedFonts(dir: string) {
  if (process.env.FONTCONFIG_FILE) return;
  const file = join(dir, "fonts-local.conf");
  if (!existsSync(file)) {
    writeFileSync(
      file,
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(dir, "fonts")}</dir>
  <cachedir>${join(dir, "fonts-cache")}</cachedir>
</fontconfig>
`,
    );
  }
  process.env.FONTCONFIG_FILE = file;
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

/** Pick an option of an antd Select found by its form label. */
export async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option })
    .first()
    .click();
  // The list stays in the page while it fades out; a check of the page in that moment would
  // judge a list the user no longer sees.
  await page.locator(".ant-select-dropdown:visible").first().waitFor({ state: "hidden" });
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
