/**
 * Which Chromium the browser tests and the bench drive: CHROMIUM_PATH when set, else the system's
 * /usr/bin/chromium when present, else the headless Chromium that the @sparticuz/chromium package
 * ships (a dev dependency), so `npm test` needs no browser installed on the machine. No test
 * runner here: the bench uses it too.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

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

/** Whether the Select's box says its list is open, waiting for it up to `ms`. */
async function opened(box: Locator, ms: number) {
  for (const until = Date.now() + ms; Date.now() < until; ) {
    if ((await box.getAttribute("aria-expanded")) === "true") return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Open the option list of an antd Select found by its form label, and wait until its options are
 * drawn: the list is added to the page before its items, and a read in between sees none.
 */
export async function openOptions(page: Page, label: string) {
  const box = page.getByLabel(label, { exact: true });
  const list = page.locator(".ant-select-dropdown:visible").first();
  await box.click();
  // On a loaded machine a click can land while the list is still closing and not open it. Click
  // again only when the box says it is closed: a second click on an open list would shut it.
  if (!(await opened(box, 5_000))) {
    await box.click();
    if (!(await opened(box, 5_000))) throw new Error(`The list of ${label} did not open`);
  }
  await list.locator(".ant-select-item-option").first().waitFor();
  return list;
}

/** Pick an option of an antd Select found by its form label. */
export async function choose(page: Page, label: string, option: string) {
  const list = await openOptions(page, label);
  const item = list.locator(".ant-select-item-option", { hasText: option }).first();
  await item.click();
  // The list stays in the page while it fades out; a check of the page in that moment would
  // judge a list the user no longer sees.
  await list.waitFor({ state: "hidden", timeout: 5_000 }).catch(async () => {
    // Seen on a loaded machine: the list stayed open, sometimes with the click not taken. Pick
    // again as a person would if the option is not marked chosen, then close the list; a choice
    // that still did not take shows in the caller's next check.
    if (!(await list.isVisible())) return;
    const taken = await item.evaluate((el) =>
      el.classList.contains("ant-select-item-option-selected"),
    );
    if (!taken) await item.click();
    if (await list.isVisible()) await page.keyboard.press("Escape");
    await list.waitFor({ state: "hidden" });
  });
}

/** A link as Chrome's DevTools throttle it: bytes per second each way, milliseconds of latency. */
export interface NetworkLink {
  readonly latency: number;
  readonly downloadThroughput: number;
  readonly uploadThroughput: number;
}

/**
 * Throttles the page's network to the link; the returned function gives the bytes received so
 * far (encoded, as on the wire).
 */
export async function throttle(page: Page, link: NetworkLink): Promise<() => number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...link });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
  });
  return () => bytes;
}
