/**
 * How long a reporter on a phone waits on a slow link, from opening the app to the receipt:
 * sign-in → guide → form → review → receipt, in the npm-shipped Chromium at 390 px, with the
 * network throttled through the DevTools protocol (Chrome's own "Fast 3G" and "Slow 3G"
 * presets). Once with an empty cache (the first visit) and once more in the same browser profile
 * (the app shell and scripts cached, as on the reporter's next report).
 *
 *   npm run build:web && npx tsx tests/e2e/reporter-path-timing.ts
 *
 * Starts its own local stack on free ports, prints a Markdown table and stops everything. The
 * figures are measurements on a shared machine, never assertions: the automated typing is no
 * person's typing, so the form's own step is given but the waits that matter are the ones on the
 * network (first page, sign-in, sending).
 */
import { performance } from "node:perf_hooks";
import { startLocalStack } from "@cp/local/stack";
import type { Browser, Page } from "playwright-core";
import { choose, launch, throttle } from "../support/chromium.ts";
import { freePort } from "../support/free-port.ts";
import { PHONE } from "./browser.ts";
import { fillReport } from "./flows.ts";

/** Chrome DevTools' presets (bytes per second, milliseconds of latency). */
const LINKS = {
  "Fast 3G": { latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 },
  "Slow 3G": { latency: 2_000, downloadThroughput: 50_000, uploadThroughput: 50_000 },
} as const;

interface Run {
  readonly link: keyof typeof LINKS;
  readonly visit: "first" | "next";
  readonly steps: Record<string, number>;
  readonly kilobytes: number;
}

async function timed(steps: Record<string, number>, name: string, work: () => Promise<unknown>) {
  const start = performance.now();
  await work();
  steps[name] = Math.round(performance.now() - start);
}

async function reporterPath(page: Page, steps: Record<string, number>) {
  await timed(steps, "sign-in page", async () => {
    await page.goto("/");
    await page.getByRole("button", { name: "登录" }).waitFor();
  });
  await timed(steps, "signed in, form shown", async () => {
    await choose(page, "演示用户", "李老师");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByTestId("to-review").waitFor();
  });
  await timed(steps, "guide (12 questions)", async () => {
    await page.getByText("不确定选哪一项？").click();
    await page.getByTestId("guide-start").click();
    for (let i = 0; i < 12; i++) {
      const question = (await page.getByTestId("guide-question").textContent()) ?? "";
      const yes = question.includes("像是被打");
      await page.getByRole("button", { name: yes ? "是" : "不是 / 不清楚", exact: true }).click();
    }
    // The guide ticked the situation (antd hides the box itself; the input may carry the id).
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="category-physical_abuse"]');
      const box = el instanceof HTMLInputElement ? el : el?.querySelector("input");
      return box?.checked === true;
    });
  });
  await timed(steps, "form (automated typing)", () =>
    fillReport(page, {
      childName: "测速儿童",
      idNumber: "",
      immediateDanger: false,
      categoryPlain: "",
      keepCategories: true,
    }),
  );
  await timed(steps, "review screen", async () => {
    await page.getByTestId("to-review").click();
    await page.getByRole("button", { name: "确认提交" }).waitFor();
  });
  await timed(steps, "sent, receipt with reference", async () => {
    await page.getByRole("button", { name: "确认提交" }).click();
    await page.getByTestId("reference-no").waitFor({ timeout: 120_000 });
  });
}

async function measure(browser: Browser, apiUrl: string, link: keyof typeof LINKS) {
  const context = await browser.newContext({
    baseURL: apiUrl,
    viewport: PHONE,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  context.setDefaultTimeout(120_000);
  const runs: Run[] = [];
  for (const visit of ["first", "next"] as const) {
    const page = await context.newPage();
    const received = await throttle(page, LINKS[link]);
    // A new tab starts signed out (the session is the tab's): the reporter opens the app anew.
    const steps: Record<string, number> = {};
    await reporterPath(page, steps);
    runs.push({ link, visit, steps, kilobytes: Math.round(received() / 1024) });
    await page.close();
  }
  await context.close();
  return runs;
}

const stack = await startLocalStack({
  apiPort: 0,
  dynamoPort: await freePort(),
  sqsPort: await freePort(),
  sweepIntervalMs: 0,
  log: () => {},
});
const browser = await launch();
try {
  const runs: Run[] = [];
  for (const link of Object.keys(LINKS) as (keyof typeof LINKS)[])
    runs.push(...(await measure(browser, stack.apiUrl, link)));
  const names = Object.keys(runs[0]?.steps ?? {});
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(`| link | visit | ${names.join(" | ")} | total | transferred |`);
  console.log(`|---|---|${names.map(() => "---:").join("|")}|---:|---:|`);
  for (const r of runs) {
    const total = Object.values(r.steps).reduce((a, b) => a + b, 0);
    console.log(
      `| ${r.link} | ${r.visit} | ${names.map((n) => s(r.steps[n] ?? 0)).join(" | ")} | ${s(total)} s | ${r.kilobytes} KB |`,
    );
  }
} finally {
  await browser.close();
  await stack.stop();
}
