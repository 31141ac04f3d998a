/**
 * How long a reporter on a slow mountain link waits before the report form can be used: Chromium
 * (tests/support/chromium.ts) on a 390 px phone, its network throttled through the DevTools
 * protocol to 500 kbit/s each way with 400 ms round trips, against the built app the local stack
 * serves (compressed, as in production).
 *
 *   cold: empty cache ─▶ sign-in page usable ─(person picks a user, presses 登录)─▶ form usable
 *   warm: the same phone later (cache and service worker filled) ─▶ /report usable
 *
 * The person's own clicks are not counted: "usable" adds the two waits on the network (what the
 * app fetches while the person picks a user is fetched in that time, as it would be). The CPU is
 * not slowed: a cheap phone would add its own parsing time on top. DevTools throttles the page,
 * not the service worker: the app installs it only once the form is on screen, so its precache
 * does not enter the cold figure; the warm run waits for it.
 */
import { choose, launch, type NetworkLink, throttle } from "../support/chromium.ts";

/** The link of the target: 500 kbit/s each way, 400 ms round trips. */
const LINK: NetworkLink = {
  latency: 400,
  downloadThroughput: 500_000 / 8,
  uploadThroughput: 500_000 / 8,
};
const PHONE = { width: 390, height: 844 };
const REPORTER = "李老师";
/** The form is usable when its one way forward is on screen. */
const FORM_READY = "下一步：核对报告";

export interface ThrottledForm {
  readonly runs: number;
  /** Median of the cold runs: empty cache to the sign-in page's button. */
  readonly signInMs: number;
  /** Median of the cold runs: 登录 pressed to the form's button. */
  readonly formAfterSignInMs: number;
  /** signInMs + formAfterSignInMs of the median run: the target's figure. */
  readonly coldUsableMs: number;
  readonly worstColdUsableMs: number;
  /** Median: the same phone opening /report again, cache and service worker filled. */
  readonly warmUsableMs: number;
  /** Bytes the cold path received (encoded, as on the wire), median run. */
  readonly coldBytes: number;
}

const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return Math.round(performance.now() - start);
}

export async function measureThrottledForm(appUrl: string, runs = 3): Promise<ThrottledForm> {
  const browser = await launch();
  const cold: { signIn: number; form: number; bytes: number; warm: number }[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({
        baseURL: appUrl,
        viewport: PHONE,
        locale: "zh-CN",
        timezoneId: "Asia/Shanghai",
      });
      context.setDefaultTimeout(120_000);
      const page = await context.newPage();
      const received = await throttle(page, LINK);
      const signIn = await timed(async () => {
        await page.goto("/");
        await page.getByRole("button", { name: "登录" }).waitFor();
      });
      await choose(page, "演示用户", REPORTER);
      const form = await timed(async () => {
        await page.getByRole("button", { name: "登录" }).click();
        await page.getByRole("button", { name: FORM_READY }).waitFor();
      });
      const bytes = received();
      // "Later": the app shell installs once the first signed-in page is on screen.
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      const warm = await timed(async () => {
        await page.goto("/report");
        await page.getByRole("button", { name: FORM_READY }).waitFor();
      });
      cold.push({ signIn, form, bytes, warm });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const usable = cold.map((c) => c.signIn + c.form);
  const mid = cold[usable.indexOf(median(usable))] ?? { signIn: 0, form: 0, bytes: 0, warm: 0 };
  return {
    runs,
    signInMs: mid.signIn,
    formAfterSignInMs: mid.form,
    coldUsableMs: mid.signIn + mid.form,
    worstColdUsableMs: Math.max(...usable),
    warmUsableMs: median(cold.map((c) => c.warm)),
    coldBytes: mid.bytes,
  };
}
