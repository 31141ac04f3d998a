/**
 * The care side of the half-yearly progress report (the plan's section 四: to 民政 before 6月10日
 * and 11月10日): children covered, by circumstance and risk; visits done and late; visits overdue
 * on the day the report is made; problems found and solved — for the city and each township,
 * read from the roll-ups (no scans). The roll-ups count since the files were opened, so these
 * figures are as of the report's date, not per half-year.
 */
import type { Rollup } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { readRollup } from "./rollups.ts";

export interface CareProgress {
  /** The local date the figures are counted as of. */
  readonly asOf: string;
  readonly city: Rollup;
  readonly townships: readonly ({ readonly name: string } & Rollup)[];
}

export async function careProgress(ctx: StoreContext): Promise<CareProgress> {
  const city = await readRollup(ctx, {});
  return { asOf: city.asOf, city: city.total, townships: city.parts };
}

/** The columns of the report's 关爱服务 sheet: Chinese heading and how each is read. */
export const CARE_PROGRESS_COLUMNS: readonly {
  readonly heading: string;
  readonly value: (r: Rollup) => number;
}[] = [
  { heading: "建档儿童", value: (r) => r.children },
  { heading: "留守儿童", value: (r) => r.byCircumstance.left_behind },
  { heading: "孤儿", value: (r) => r.byCircumstance.orphan },
  { heading: "事实无人抚养", value: (r) => r.byCircumstance.de_facto_unsupported },
  { heading: "残疾", value: (r) => r.byCircumstance.disabled },
  { heading: "重病", value: (r) => r.byCircumstance.seriously_ill },
  { heading: "受艾滋病影响", value: (r) => r.byCircumstance.hiv_affected },
  { heading: "低收入家庭", value: (r) => r.byCircumstance.low_income },
  { heading: "监护缺失或不当", value: (r) => r.byCircumstance.inadequate_guardianship },
  { heading: "高风险及以上", value: (r) => r.byRisk.high + r.byRisk.critical },
  { heading: "联系次数", value: (r) => r.visits.contacts },
  { heading: "入户走访次数", value: (r) => r.visits.homeVisits },
  { heading: "逾期完成的走访", value: (r) => r.visits.late },
  { heading: "当前联系逾期", value: (r) => r.visits.contactOverdue },
  { heading: "当前入户逾期", value: (r) => r.visits.homeVisitOverdue },
  { heading: "发现问题", value: (r) => r.problems.found },
  { heading: "已解决问题", value: (r) => r.problems.solved },
];

/** The sheet's rows: each township, then the city's total. */
export function careProgressRows(care: CareProgress): (string | number)[][] {
  const row = (label: string, r: Rollup) => [
    label,
    ...CARE_PROGRESS_COLUMNS.map((c) => c.value(r)),
  ];
  return [...care.townships.map((t) => row(t.name, t)), row("全市合计", care.city)];
}
