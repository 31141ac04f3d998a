/**
 * The administrator edits the SLA policy in a real browser: every row shows 法律规定 or 本地政策
 * with its basis; a change is reviewed as before → after and confirmed; a change beyond the
 * statutory maximum comes back from the API with the statute, shown at that field, and stores
 * nothing; a change within it is saved as a new version. The default is put back after.
 */
import { DEFAULT_SLA_POLICY } from "@cp/domain";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api } from "../support/api.ts";
import {
  choose,
  DESKTOP,
  expectAccessible,
  launch,
  newContext,
  pageErrors,
  screenshot,
  signIn,
} from "./browser.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  const { version: _v, ...defaults } = DEFAULT_SLA_POLICY;
  const res = await api("PUT", "/v1/sla-policy", {
    as: "admin",
    body: { ...defaults, note: "恢复默认办理时限" },
  });
  expect(res.status).toBe(200);
});
afterEach(() => {
  expect(pageErrors.splice(0), "uncaught errors in the app").toEqual([]);
});

const FIELD = '[data-field="clocks.protection_order_decision.withinMs"]';
const LABEL = "法院对人身安全保护令申请作出裁定 · 时限";

/** Hours in the field: the unit first (an administrator may have shown it in days), then the number. */
async function setHours(page: Page, hours: number) {
  await choose(page, `${LABEL}的单位`, "小时");
  const input = page.getByLabel(LABEL, { exact: true });
  await input.fill(String(hours));
  await input.blur();
  // The unit shown in the field (the dropdown itself lives outside it).
  await page.locator(FIELD).getByText("小时", { exact: true }).waitFor();
  expect(await input.inputValue()).toBe(String(hours));
}

describe("the SLA policy editor", () => {
  it("shows law or policy per row, confirms a diff, and names the statute when a change goes beyond the floor", async () => {
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, "系统管理员");
    const card = page.getByTestId("sla-policy");
    await card.getByText("法院对人身安全保护令申请作出裁定").waitFor();

    // Every row of both tables says 法律规定 or 本地政策.
    const rows = card.locator("tbody tr.ant-table-row");
    const count = await rows.count();
    expect(count).toBe(DEFAULT_SLA_POLICY.rules.length + 1 + 8);
    for (let i = 0; i < count; i++) {
      expect(await rows.nth(i).locator("[data-basis]").getAttribute("data-basis")).toMatch(
        /^(law|policy)$/,
      );
    }
    expect(await card.getByText("反家暴法 Art. 28").count()).toBeGreaterThan(0);
    const versionBefore = (
      await api<{ current: { version: number } }>("GET", "/v1/sla-policy", {
        as: "admin",
      })
    ).body.current.version;

    // Act 1: 72 h → 96 h, reviewed and confirmed.
    await page.getByTestId("edit-sla").click();
    const dialog = page.getByRole("dialog");
    await dialog.locator(FIELD).getByText("法定上限 72小时").waitFor();
    await setHours(page, 96);
    await dialog.getByTestId("sla-review").click();
    const diff = dialog.getByTestId("sla-diff");
    await diff.getByText("法院对人身安全保护令申请作出裁定").waitFor();
    expect(await diff.locator("tbody tr").count()).toBe(1);
    expect(await diff.locator("tbody").textContent()).toContain("72小时");
    expect(await diff.locator("tbody").textContent()).toContain("4天");
    await expectAccessible(page, "the SLA diff");
    await dialog.getByTestId("sla-confirm").click();

    // Assess 1: back at the form, the statute at that field; nothing stored.
    const problem = dialog.locator(FIELD).getByRole("alert");
    await problem.waitFor();
    expect(await problem.textContent()).toContain("反家暴法 Art. 28");
    await dialog.getByText("未保存：修改不符合要求").waitFor();
    await expectAccessible(page, "the SLA editor with the floor's error");
    await dialog.locator(FIELD).scrollIntoViewIfNeeded();
    await screenshot(page, "admin-sla-policy-floor-error");
    const unchanged = await api<{ current: { version: number } }>("GET", "/v1/sla-policy", {
      as: "admin",
    });
    expect(unchanged.body.current.version).toBe(versionBefore);

    // Act 2: tighten to 48 h instead, with a reason, and save.
    await setHours(page, 48);
    expect(await dialog.locator(FIELD).getByRole("alert").count()).toBe(0);
    await dialog.getByLabel("修改说明").fill("本市要求法院两日内裁定");
    await dialog.getByTestId("sla-review").click();
    expect(await dialog.getByTestId("sla-diff").locator("tbody").textContent()).toContain("48小时");
    await dialog.getByTestId("sla-confirm").click();
    await dialog.waitFor({ state: "hidden" });

    // Assess 2: a new version in force, shown in the table with its note.
    await card.getByText("本市要求法院两日内裁定").waitFor();
    const saved = await api<{
      current: {
        version: number;
        note: string;
        table: { clocks: { protection_order_decision: { withinMs: number } } };
      };
    }>("GET", "/v1/sla-policy", { as: "admin" });
    expect(saved.body.current).toMatchObject({
      version: versionBefore + 1,
      note: "本市要求法院两日内裁定",
      table: { clocks: { protection_order_decision: { withinMs: 48 * 3_600_000 } } },
    });
    await context.close();
  });
});
