/**
 * Screenshots that show Chinese and Tibetan on a machine with no CJK font: a browser context
 * whose pages get Noto Sans SC from the npm package @fontsource/noto-sans-sc (served from
 * node_modules on a private path, split by Unicode range so a page fetches only the pieces its
 * characters need). The web app names 'Noto Sans SC' in its font stack and bundles Noto Serif
 * Tibetan itself. Pictures go to docs/screenshots/.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { stack } from "../support/api.ts";
import { pageErrors } from "./browser.ts";

/** The desktop the pictures show: a 1440 px office screen. */
export const WIDE = { width: 1440, height: 900 };

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
const FONT_DIR = dirname(fileURLToPath(import.meta.resolve("@fontsource/noto-sans-sc/400.css")));
const FONT_PATH = "/__test-fonts/";

/** The package's @font-face rules, their files served on FONT_PATH (woff2 only). */
const fontCss = () =>
  readFileSync(join(FONT_DIR, "400.css"), "utf8")
    .replaceAll("./files/", FONT_PATH)
    .replace(/, url\([^)]*\.woff\) format\('woff'\)/g, "");

/** A context like browser.ts's, plus the Chinese font; service workers off so the route sees every fetch. */
export async function pictureContext(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: stack().apiUrl,
    viewport,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    serviceWorkers: "block",
  });
  context.setDefaultTimeout(30_000);
  context.on("weberror", (e) => pageErrors.push(e.error().message));
  await context.route(`**${FONT_PATH}*`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(FONT_PATH.length);
    if (!/^[\w-]+\.woff2$/.test(name)) return route.fulfill({ status: 404 });
    return route.fulfill({ path: join(FONT_DIR, "files", name), contentType: "font/woff2" });
  });
  const css = fontCss();
  await context.addInitScript((text: string) => {
    const add = () => {
      const style = document.createElement("style");
      style.textContent = text;
      document.head.appendChild(style);
    };
    if (document.head) add();
    else document.addEventListener("DOMContentLoaded", add);
  }, css);
  return context;
}

/**
 * The page as it is now, once it has laid itself out again (after a resize) and its fonts have
 * loaded, into docs/screenshots/<name>.png.
 */
export async function picture(page: Page, name: string) {
  await page.evaluate(
    () =>
      new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, animations: "disabled" });
}
