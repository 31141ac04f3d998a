/**
 * The progress report as files a committee office opens in Excel: an XLSX workbook (a summary
 * sheet, one sheet per agency, one per category and township counts) and a CSV of the same
 * figures (UTF-8 with a byte-order mark, so Excel reads the Chinese headings). Both are written
 * by exceljs. Durations: time to accept in minutes, time to close in hours. Dates and times are
 * local (北京时间, UTC+8), as the metrics' days are.
 */
import { HARM_CATEGORY_INFO, type HarmCategory, HOUR, MINUTE } from "@cp/domain";
import { metricsDay } from "@cp/domain/sla/metrics";
import { STATUS_FIGURES, STATUS_LABELS } from "@cp/domain/sla/statuses";
import type ExcelJS from "exceljs";

/**
 * exceljs is large and only the progress report needs it: loaded on first use, so it costs nothing
 * to the API's cold start.
 */
const loadExcel = async () => (await import("exceljs")).default;

import type { ResponseTimeRow } from "@cp/domain";
import { CARE_PROGRESS_COLUMNS, careProgressRows } from "../care/progress.ts";
import type { ProgressReport } from "./progress.ts";

/**
 * Column headings (Chinese) and how each is read from a row. The status columns are the domain's
 * status figures in its words (sla/statuses.ts), the same the dashboard's tiles show; durations
 * say in plain words what the percentile means.
 */
const PROGRESS_COLUMNS: readonly {
  readonly heading: string;
  readonly value: (r: ResponseTimeRow) => number | null;
  /** Blank on an agency's rows: a case is counted per category, township and in total only. */
  readonly notPerAgency?: true;
}[] = [
  { heading: "案件数", value: (r) => r.cases, notPerAgency: true },
  ...STATUS_FIGURES.map((k) => ({
    heading: STATUS_LABELS[k],
    value: (r: ResponseTimeRow) => r[k],
  })),
  { heading: "累计接收(含已办结)", value: (r) => r.accepted },
  { heading: "一半工单在此时间内接收(分钟)", value: (r) => minutes(r.acceptP50Ms) },
  { heading: "九成工单在此时间内接收(分钟)", value: (r) => minutes(r.acceptP90Ms) },
  { heading: "最长接收用时(分钟)", value: (r) => minutes(r.acceptMaxMs) },
  { heading: "一半工单在此时间内办结(小时)", value: (r) => hours(r.closeP50Ms) },
  { heading: "九成工单在此时间内办结(小时)", value: (r) => hours(r.closeP90Ms) },
  { heading: "最长办结用时(小时)", value: (r) => hours(r.closeMaxMs) },
  { heading: "按时接收", value: (r) => r.acceptSlaMet },
  { heading: "超时接收", value: (r) => r.acceptSlaBreached },
  { heading: "按时办结", value: (r) => r.closeSlaMet },
  { heading: "超时办结", value: (r) => r.closeSlaBreached },
];

const minutes = (ms: number | null) => (ms === null ? null : ms / MINUTE);
const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 100) / 100);

const categoryName = (code: string) => HARM_CATEGORY_INFO[code as HarmCategory]?.name ?? code;

const figures = (r: ResponseTimeRow, agency = false) =>
  PROGRESS_COLUMNS.map((c) => (agency && c.notPerAgency ? null : c.value(r)));

/** Every row of the report, labelled: the CSV's body and the source of every sheet. */
function progressRows(report: ProgressReport) {
  const rows: {
    group: string;
    name: string;
    term: string;
    row: ResponseTimeRow;
    agency?: boolean;
  }[] = [];
  rows.push({ group: "合计", name: "全部", term: report.period, row: report.total });
  for (const a of report.agencies) {
    for (const m of a.months)
      rows.push({ group: "部门", name: a.name, term: m.key, row: m, agency: true });
    rows.push({ group: "部门", name: a.name, term: report.period, row: a.total, agency: true });
  }
  for (const c of report.categories) {
    rows.push({ group: "类别", name: categoryName(c.key), term: report.period, row: c });
  }
  for (const t of report.townships) {
    rows.push({ group: "乡镇", name: t.key, term: report.period, row: t });
  }
  return rows;
}

const LEAD_HEADINGS = ["分组", "名称", "期间"];

/** A local (UTC+8, Asia/Shanghai) date and time as a committee office reads it: 2026-11-29 08:05. */
function localTime(instant: string): string {
  return new Date(Date.parse(instant) + 8 * HOUR).toISOString().slice(0, 16).replace("T", " ");
}

function titleRows(sheet: ExcelJS.Worksheet, report: ProgressReport, title: string) {
  sheet.addRow([title]);
  const lastDay = metricsDay(new Date(Date.parse(report.to) - 1));
  sheet.addRow([
    `报告期 ${report.period}：${metricsDay(report.from)} 至 ${lastDay}（北京时间，含首尾两日）`,
  ]);
  sheet.addRow([`生成时间 ${localTime(report.generatedAt)}（北京时间）`]);
  sheet.addRow([]);
}

function table(
  sheet: ExcelJS.Worksheet,
  lead: string,
  rows: { label: string; row: ResponseTimeRow; agency?: boolean }[],
) {
  const header = sheet.addRow([lead, ...PROGRESS_COLUMNS.map((c) => c.heading)]);
  header.font = { bold: true };
  for (const r of rows) sheet.addRow([r.label, ...figures(r.row, r.agency)]);
  sheet.columns.forEach((col, i) => {
    col.width = i === 0 ? 24 : 14;
  });
}

/** The workbook: 汇总, one sheet per agency (months + half-year), 按类别, 按乡镇, 关爱服务. */
export async function progressXlsx(report: ProgressReport): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.created = new Date(report.generatedAt);
  const summary = wb.addWorksheet("汇总");
  titleRows(summary, report, "未成年人强制报告与转介办理情况（半年报）");
  table(summary, "部门", [
    ...report.agencies.map((a) => ({ label: a.name, row: a.total, agency: true })),
    { label: "合计", row: report.total },
  ]);
  for (const a of report.agencies) {
    const sheet = wb.addWorksheet(a.name);
    titleRows(sheet, report, `${a.name} 转介工单办理情况`);
    table(sheet, "月份", [
      ...a.months.map((m) => ({ label: m.key, row: m, agency: true })),
      { label: "合计", row: a.total, agency: true },
    ]);
  }
  const categories = wb.addWorksheet("按类别");
  titleRows(categories, report, "按侵害类别统计（一案多类别时各类别分别计数）");
  table(
    categories,
    "类别",
    report.categories.map((c) => ({ label: categoryName(c.key), row: c })),
  );
  const townships = wb.addWorksheet("按乡镇");
  titleRows(townships, report, "按乡镇统计（一案涉及多个乡镇时分别计数）");
  table(
    townships,
    "乡镇",
    report.townships.map((t) => ({ label: t.key, row: t })),
  );
  const care = wb.addWorksheet("关爱服务");
  titleRows(care, report, `留守儿童和困境儿童关爱服务（截至 ${report.care.asOf}，自建档起累计）`);
  care.addRow(["乡镇", ...CARE_PROGRESS_COLUMNS.map((c) => c.heading)]).font = { bold: true };
  for (const row of careProgressRows(report.care)) care.addRow(row);
  care.columns.forEach((col, i) => {
    col.width = i === 0 ? 16 : 12;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const BOM = "\uFEFF";

/** The same figures as one CSV table, UTF-8 with BOM. */
export async function progressCsv(report: ProgressReport): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const sheet = wb.addWorksheet("progress");
  sheet.addRow([...LEAD_HEADINGS, ...PROGRESS_COLUMNS.map((c) => c.heading)]);
  for (const r of progressRows(report))
    sheet.addRow([r.group, r.name, r.term, ...figures(r.row, r.agency)]);
  const body = Buffer.from(await wb.csv.writeBuffer());
  return Buffer.concat([Buffer.from(BOM, "utf8"), body]);
}
