/** The report form, filled as a reporter would fill it. */
import type { Page } from "playwright-core";
import { choose } from "./browser.ts";

export interface ReportFields {
  readonly childName: string;
  readonly idNumber: string;
  readonly immediateDanger: boolean;
  readonly categoryPlain: string;
  /** The category is already ticked (a restored draft): leave it. */
  readonly keepCategories?: boolean;
}

export async function fillReport(page: Page, f: ReportFields) {
  if (f.immediateDanger) await page.getByLabel(/孩子正面临紧急危险/).click();
  if (!f.keepCategories) await page.getByText(f.categoryPlain).click();
  await page.getByLabel("孩子姓名").fill(f.childName);
  await page.getByRole("radio", { name: "男" }).check();
  await page.getByLabel("大约几岁").fill("10");
  await page.getByLabel("身份证号").fill(f.idNumber);
  await page.getByLabel("乡镇").fill("建塘镇");
  await page.getByLabel("村（社区）").fill("红坡村");
  await page.getByLabel("留守儿童").check();
  await page.getByLabel("请写下您看到或听到的情况").fill("孩子身上多处淤青，自述被监护人打。");
  await page.getByLabel("发生地点").fill("建塘镇红坡村");
  await choose(page, "您与孩子的关系", "教师");
  await page.getByLabel("您的联系电话").fill("13800000000");
}
