/**
 * The 儿童主任's day on a phone (390 px): my children ordered by what is due → open a file →
 * record a home visit that found a problem, filed as a mandatory report in the same step and
 * linked to the file; with no signal the app opens from the phone with the children kept there,
 * and a visit recorded then waits on the phone and is stored once though its first answer is lost. Then the township's 督导员 reads 一乡一账 and civil affairs
 * 一市一库, whose counts equal the files.
 */
import { randomUUID } from "node:crypto";
import type { Browser, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api } from "../support/api.ts";
import {
  DESKTOP,
  expectAccessible,
  launch,
  newContext,
  PHONE,
  pageErrors,
  screenshot,
  signIn,
} from "./browser.ts";

const TOWNSHIP = "尼西乡";
const VILLAGE = "汤满村";
const run = randomUUID().slice(0, 4);

let browser: Browser;

/** Three files with different clocks: critical (contact every 7 days), high (14), low (monthly). */
const CHILDREN = [
  { name: `格桑${run}`, risk: { level: "low", reasons: [] } },
  { name: `卓玛${run}`, risk: { level: "critical", reasons: ["照护人长期患病"] } },
  { name: `次仁${run}`, risk: { level: "high", reasons: ["父母半年未联系"] } },
] as const;
const DUE_ORDER = [CHILDREN[1].name, CHILDREN[2].name, CHILDREN[0].name];

async function openFile(name: string, risk: { level: string; reasons: readonly string[] }) {
  const res = await api<{ childId: string }>("POST", "/v1/children", {
    as: "director.dawa",
    body: {
      name,
      gender: "female",
      birthDate: "2015-06-01",
      township: TOWNSHIP,
      village: VILLAGE,
      household: { householdNo: `TM-${run}` },
      circumstances: ["left_behind"],
      leftBehind: { parentsAway: "both", awaySince: "2025-03-01" },
      guardians: [
        { relation: "grandparent", name: "奶奶", livesWithChild: true, ableToCare: true },
      ],
      risk,
      needs: ["education"],
    },
  });
  expect(res.status).toBe(201);
  return res.body.childId;
}

const fileOf = async (childId: string) =>
  (
    await api<{
      visits: { clientVisitId: string }[];
      problems: { referenceNo?: string }[];
      cases: { referenceNo?: string }[];
    }>("GET", `/v1/children/${childId}`, { as: "director.dawa" })
  ).body;

const ids = new Map<string, string>();

beforeAll(async () => {
  browser = await launch();
  for (const c of CHILDREN) ids.set(c.name, await openFile(c.name, c.risk));
});
afterAll(async () => {
  await browser?.close();
});
afterEach(() => {
  expect(pageErrors.splice(0), "uncaught errors in the app").toEqual([]);
});

describe("the 儿童主任's day on a phone", () => {
  it("lists the children by what is due, records a visit whose problem becomes a report linked to the file", async () => {
    // Prepare
    const context = await newContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, "达瓦");

    // Act 1: home is my children, ordered by the visit due first
    await expect.poll(() => page.url()).toMatch(/\/care$/);
    const cards = page.getByTestId("child-card");
    await cards.filter({ hasText: CHILDREN[0].name }).waitFor();
    const names = await cards.getByTestId("child-card-name").allTextContents();
    const due = await cards.getByTestId("contact-clock").allTextContents();

    // Assess 1: mine in due order, the dates never going back
    expect(names.filter((n) => n.endsWith(run))).toEqual(DUE_ORDER);
    const dates = due.map((d) => d.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? "");
    expect([...dates].sort()).toEqual(dates);
    await expectAccessible(page, "my children");
    await screenshot(page, "care-my-children", true);

    // Act 2: the first child's file → record a home visit that found a problem, reported at once
    await cards.filter({ hasText: DUE_ORDER[0] }).getByRole("link").click();
    await page
      .getByTestId("child-name")
      .getByText(DUE_ORDER[0] as string)
      .waitFor();
    await page.getByRole("button", { name: "记录走访" }).click();
    await page.getByLabel("走访情况").fill("奶奶卧床，孩子独自做饭。");
    await page.getByText("发现问题：孩子可能受到伤害或处于危险中").click();
    await page.getByLabel("发现了什么问题").fill("孩子手臂有新的烫伤，说是邻居所为。");
    await page.getByTestId("visit-form").getByText("孩子被遗弃，或者长期没有人照顾。").click();
    await expectAccessible(page, "the visit form");
    await screenshot(page, "care-visit-form", true);
    await page.getByRole("button", { name: "保存走访" }).click();

    // Assess 2: one report, its number on the page, on the problem and in the file's cases
    const outcome = page.getByTestId("visit-outcome");
    await outcome.getByText("强制报告已提交").waitFor();
    const ref = ((await outcome.textContent()) ?? "").match(/[A-Z]+-[\w-]+/)?.[0];
    expect(ref).toBeDefined();
    await page
      .getByTestId("problem-reported")
      .getByText(ref as string)
      .waitFor();
    await page
      .getByTestId("cases")
      .getByText(ref as string)
      .waitFor();
    const file = await fileOf(ids.get(DUE_ORDER[0] as string) as string);
    expect(file.visits).toHaveLength(1);
    expect(file.problems.map((p) => p.referenceNo)).toEqual([ref]);
    expect(file.cases.map((c) => c.referenceNo)).toEqual([ref]);
    await screenshot(page, "care-child-file-reported", true);
    await context.close();
  });

  it("opens the children with no signal, keeps a visit on the phone and stores it once though the first answer is lost", async () => {
    // Prepare: the list fetched once while the signal lasts (kept on the phone, sealed)
    const context = await newContext(browser, PHONE);
    const page = await context.newPage();
    await signIn(page, "达瓦");
    const childId = ids.get(DUE_ORDER[1] as string) as string;
    await page
      .getByTestId("child-card")
      .filter({ hasText: DUE_ORDER[1] as string })
      .waitFor();
    // the service worker installed, and the page reloaded under it
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page
      .getByTestId("child-card")
      .filter({ hasText: DUE_ORDER[1] as string })
      .waitFor();

    // Act 1: no signal; the app opens again from the phone, and a phone contact is recorded
    // on a file never opened on this phone
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("kept-on-device").waitFor();
    await page
      .getByTestId("child-card")
      .filter({ hasText: DUE_ORDER[1] as string })
      .getByRole("link")
      .click();
    await page
      .getByTestId("child-name")
      .getByText(DUE_ORDER[1] as string)
      .waitFor();
    await page.getByRole("button", { name: "记录走访" }).click();
    await page.getByRole("radio", { name: /联系/ }).check();
    await page.getByLabel("走访情况").fill("电话联系奶奶，孩子在校正常。");
    await page.getByRole("button", { name: "保存走访" }).click();
    await page.getByTestId("visit-outcome").getByText("没有网络").waitFor();
    await page.getByRole("link", { name: "返回我的儿童" }).click();
    await page.getByTestId("visits-queued").getByText("1 条走访记录").waitFor();
    await screenshot(page, "care-visit-queued-offline");
    expect((await fileOf(childId)).visits).toHaveLength(0);

    // Act 2: the signal returns, but the phone never hears the first answer
    const posts: Request[] = [];
    await page.route("**/v1/children/*/visits", async (route) => {
      posts.push(route.request());
      if (posts.length === 1) {
        await route.fetch(); // the API stores it…
        return route.abort("internetdisconnected"); // …and the answer is lost
      }
      return route.continue();
    });
    await context.setOffline(false);

    // Assess: sent again with the same visit id until answered; stored once
    await expect.poll(() => posts.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId("visits-queued").waitFor({ state: "detached", timeout: 30_000 });
    const sentIds = posts.map((p) => (p.postDataJSON() as { clientVisitId: string }).clientVisitId);
    expect(new Set(sentIds).size).toBe(1);
    const file = await fileOf(childId);
    expect(file.visits.map((v) => v.clientVisitId)).toEqual([sentIds[0]]);
    await context.close();
  });
});

describe("the roll-ups", () => {
  it("show the township (一乡一账) and the city (一市一库) with counts equal to the files", async () => {
    // Prepare: the files of the township, as the 督导员 lists them
    const listed = await api<{ items: { childId: string; village: string }[] }>(
      "GET",
      "/v1/children?limit=100",
      { as: "supervisor.nixi" },
    );
    const inTownship = listed.body.items.length;
    const inVillage = listed.body.items.filter((c) => c.village === VILLAGE).length;
    expect(inTownship).toBeGreaterThanOrEqual(CHILDREN.length);

    // Act 1: the township's 督导员
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, "尼西乡儿童督导员");
    await page.getByTestId("rollup-title").getByText(`${TOWNSHIP}（一乡一账）`).waitFor();

    // Assess 1: the total and the village's row count the files
    const total = page.getByTestId("rollup-total");
    await expect
      .poll(async () => total.locator(".ant-statistic-content-value").first().textContent())
      .toBe(String(inTownship));
    const row = page.getByTestId("rollup-parts").locator("tr", { hasText: VILLAGE });
    expect((await row.locator("td").nth(1).textContent())?.trim()).toBe(String(inVillage));
    await expectAccessible(page, "the township roll-up");
    await screenshot(page, "care-township-rollup", true);

    // Act 2: civil affairs, the city, then down to the township
    await page.getByRole("button", { name: "退出" }).click();
    await signIn(page, "民政局儿童福利股");
    await page.getByRole("link", { name: "关爱统计" }).click();
    await page.getByTestId("rollup-title").getByText("全市（一市一库）").waitFor();
    const cityRow = page.getByTestId("rollup-parts").locator("tr", { hasText: TOWNSHIP });

    // Assess 2: the township's row in the city equals its files
    expect((await cityRow.locator("td").nth(1).textContent())?.trim()).toBe(String(inTownship));
    await expectAccessible(page, "the city roll-up");
    await screenshot(page, "care-city-rollup", true);
    await cityRow.getByRole("link", { name: TOWNSHIP }).click();
    await page.getByTestId("rollup-title").getByText(`${TOWNSHIP}（一乡一账）`).waitFor();
    await context.close();
  });

  it("lets the 督导员 import a survey: a sheet with a bad row imports nothing and names the row; the corrected one is imported", async () => {
    // Prepare: two rows for another village of the township; the second first with no name
    const header =
      "姓名,性别,出生日期,身份证号,乡镇,村(社区),户编号,儿童类别,父母外出情况,外出时间,监护人姓名,监护人关系,监护人电话,父亲务工地点,风险等级,风险原因";
    const rows = (secondName: string) =>
      [
        `央金${run},女,2016-03-08,,${TOWNSHIP},幸福村,XF-${run},留守儿童,双方外出,2025-03-01,卓玛,祖父母,13800000001,昆明市,低,`,
        `${secondName},男,2013-07-01,,${TOWNSHIP},幸福村,XF-${run},孤儿,,,,,,,中,无固定照护人`,
      ].join("\n");
    const sheet = (body: string) => ({
      name: "survey.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`\uFEFF${header}\n${body}\n`, "utf8"),
    });
    const count = async () =>
      (
        await api<{ items: unknown[] }>("GET", "/v1/children?limit=100&village=幸福村", {
          as: "supervisor.nixi",
        })
      ).body.items.length;
    const before = await count();
    const context = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, "尼西乡儿童督导员");
    await page.getByRole("link", { name: "摸底导入" }).click();

    // Act 1: the sheet with a nameless row
    await page.locator("input[type=file]").setInputFiles(sheet(rows("")));

    // Assess 1: row 3's 姓名 named, nothing imported
    await page.getByTestId("survey-rejected").waitFor();
    const rejected = page.getByTestId("rejected-rows").locator("tr", { hasText: "姓名" });
    await rejected.getByText("3", { exact: true }).waitFor();
    await rejected.getByText("必填").waitFor();
    expect(await count()).toBe(before);
    await expectAccessible(page, "the survey import with rejected rows");
    await screenshot(page, "care-survey-rejected", true);

    // Act 2: corrected
    await page.locator("input[type=file]").setInputFiles(sheet(rows(`多吉${run}`)));

    // Assess 2: both imported
    await page.getByTestId("survey-imported").getByText("新建档案 2 份").waitFor();
    expect(await count()).toBe(before + 2);
    await context.close();
  });
});
