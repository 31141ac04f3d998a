/**
 * The 摸底排查 survey sheet (item 5) as rows, and the rows of the export for the national child
 * welfare information system (全国儿童福利信息系统, items 5 and 20). The column layouts live here
 * once: the template the API hands out, the import and the export all read them.
 *
 * The export layout follows the national system's usual fields; it must be checked against the
 * system's current import template before use (docs/care-national-export.md).
 */
import type { FieldIssue } from "../errors.ts";
import { CHILD_CIRCUMSTANCES } from "../schemas.ts";
import {
  CARE_NEEDS,
  type ChildFileInput,
  ChildFileInputSchema,
  RISK_LEVELS,
} from "./child-file.ts";
import { CIRCUMSTANCES, type Circumstance, circumstanceIssues } from "./circumstances.ts";
import { GUARDIAN_RELATION_ZH } from "./guardian-words.ts";

/** The survey's columns: the header written in the template, and the field it fills. */
export const SURVEY_COLUMNS = [
  { key: "name", header: "姓名", required: true, example: "扎西卓玛" },
  { key: "gender", header: "性别", required: true, example: "女" },
  { key: "birthDate", header: "出生日期", required: true, example: "2016-03-08" },
  { key: "idNumber", header: "身份证号", required: false, example: "" },
  { key: "township", header: "乡镇", required: true, example: "尼西乡" },
  { key: "village", header: "村(社区)", required: true, example: "汤满村" },
  { key: "householdNo", header: "户编号", required: true, example: "TM-012" },
  { key: "address", header: "家庭住址", required: false, example: "汤满村三组" },
  { key: "circumstances", header: "儿童类别", required: true, example: "留守儿童" },
  { key: "parentsAway", header: "父母外出情况", required: false, example: "双方外出" },
  { key: "awaySince", header: "外出时间", required: false, example: "2025-03-01" },
  { key: "guardianName", header: "监护人姓名", required: false, example: "卓玛" },
  { key: "guardianRelation", header: "监护人关系", required: false, example: "祖父母" },
  { key: "guardianPhone", header: "监护人电话", required: false, example: "13800000000" },
  { key: "guardianAbleToCare", header: "监护人能否照护", required: false, example: "是" },
  { key: "carerName", header: "受托照护人", required: false, example: "卓玛" },
  { key: "carerRelation", header: "受托人关系", required: false, example: "祖父母" },
  {
    key: "entrustmentSignedOn",
    header: "委托协议签订日期",
    required: false,
    example: "2025-02-20",
  },
  { key: "fatherWorkPlace", header: "父亲务工地点", required: false, example: "昆明市" },
  { key: "fatherPhone", header: "父亲电话", required: false, example: "" },
  { key: "motherWorkPlace", header: "母亲务工地点", required: false, example: "丽江市" },
  { key: "motherPhone", header: "母亲电话", required: false, example: "" },
  { key: "risk", header: "风险等级", required: true, example: "低" },
  { key: "riskReasons", header: "风险原因", required: false, example: "" },
  { key: "needs", header: "需求", required: false, example: "教育" },
  { key: "parentSeriousDisability", header: "父母严重残疾", required: false, example: "否" },
  { key: "childDisability", header: "儿童残疾", required: false, example: "否" },
  { key: "psychologicalOrBehavioural", header: "心理或行为异常", required: false, example: "否" },
] as const;
type SurveyKey = (typeof SURVEY_COLUMNS)[number]["key"];
export type SurveyRow = Partial<Record<SurveyKey, string>>;

const CIRCUMSTANCE_BY_NAME = new Map<string, Circumstance>([
  ...CHILD_CIRCUMSTANCES.map((c) => [c, c] as const),
  ...CHILD_CIRCUMSTANCES.map((c) => [CIRCUMSTANCES[c].zh, c] as const),
  ["留守", "left_behind"],
  ["事实无人抚养", "de_facto_unsupported"],
  ["重残", "disabled"],
  ["重病", "seriously_ill"],
  ["艾滋病", "hiv_affected"],
  ["低保", "low_income"],
  ["家庭经济困难", "low_income"],
  ["监护不到位", "inadequate_guardianship"],
]);
const RISK_BY_NAME = new Map<string, string>([
  ...RISK_LEVELS.map((r) => [r, r] as const),
  ["低", "low"],
  ["中", "medium"],
  ["高", "high"],
  ["极高", "critical"],
]);
const NEED_BY_NAME = new Map<string, string>([
  ...CARE_NEEDS.map((n) => [n, n] as const),
  ["生活救助", "subsistence"],
  ["医疗康复", "medical_rehabilitation"],
  ["教育", "education"],
  ["心理", "psychological"],
  ["监护", "guardianship"],
  ["生活关爱", "daily_care"],
  ["安全", "safety"],
]);
const RELATION_BY_NAME = new Map<string, string>([
  ["父亲", "father"],
  ["母亲", "mother"],
  ["祖父母", "grandparent"],
  ["外祖父母", "grandparent"],
  ["兄姐", "sibling"],
  ["亲属", "relative"],
  ["其他", "other"],
]);
const GENDER_BY_NAME = new Map([
  ["男", "male"],
  ["女", "female"],
  ["male", "male"],
  ["female", "female"],
]);
const PARENTS_AWAY_BY_NAME = new Map([
  ["双方外出", "both"],
  ["一方外出另一方无监护能力", "one_other_unable"],
  ["both", "both"],
  ["one_other_unable", "one_other_unable"],
]);
const YES = new Set(["是", "yes", "true", "1", "y"]);

const list = (v: string | undefined) =>
  (v ?? "")
    .split(/[;；,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A cell's name looked up, or the raw text (so validation names the bad value). */
const lookup = (map: ReadonlyMap<string, string>, v: string) =>
  map.get(v) ?? map.get(v.toLowerCase()) ?? v;

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== "";

const HEADER_BY_KEY = new Map<string, string>(SURVEY_COLUMNS.map((c) => [c.key, c.header]));

/** A field path as the survey's column header, so the rejected-row report speaks the sheet's words. */
function columnOf(path: string): string {
  const first = path.split(".")[0] ?? path;
  const direct: Record<string, SurveyKey> = {
    household: "householdNo",
    leftBehind: "awaySince",
    entrustment: "entrustmentSignedOn",
    guardians: "guardianName",
    parentsWork: "fatherWorkPlace",
    attention: "parentSeriousDisability",
  };
  if (path.startsWith("risk.reasons")) return HEADER_BY_KEY.get("riskReasons") as string;
  if (path === "risk.level" || path === "risk") return HEADER_BY_KEY.get("risk") as string;
  return HEADER_BY_KEY.get(direct[first] ?? first) ?? path;
}

type RowOutcome =
  | { readonly ok: true; readonly input: ChildFileInput }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** One survey row as a file's input, or the reasons it is rejected (by column). */
export function surveyRowToInput(row: SurveyRow, today: string): RowOutcome {
  const missing = SURVEY_COLUMNS.filter((c) => c.required && !present(row[c.key])).map((c) => ({
    path: c.header,
    message: "required",
  }));
  if (missing.length > 0) return { ok: false, issues: missing };
  const r = row as Record<SurveyKey, string | undefined>;
  const circumstances = list(r.circumstances).map((c) => CIRCUMSTANCE_BY_NAME.get(c) ?? c);
  const guardianRelation = present(r.guardianRelation)
    ? lookup(RELATION_BY_NAME, r.guardianRelation)
    : "other";
  const parentsWork = (
    [
      ["father", r.fatherWorkPlace, r.fatherPhone],
      ["mother", r.motherWorkPlace, r.motherPhone],
    ] as const
  )
    .filter(([, place]) => present(place))
    .map(([parent, place, phone]) => ({
      parent,
      workPlace: place as string,
      ...(present(phone) ? { phone } : {}),
      leftOn: r.awaySince ?? "",
    }));
  const candidate = {
    name: r.name,
    gender: lookup(GENDER_BY_NAME, r.gender ?? ""),
    birthDate: r.birthDate,
    ...(present(r.idNumber) ? { idNumber: r.idNumber } : {}),
    township: r.township,
    village: r.village,
    household: {
      householdNo: r.householdNo,
      ...(present(r.address) ? { address: r.address } : {}),
    },
    circumstances,
    ...(present(r.parentsAway) || present(r.awaySince)
      ? {
          leftBehind: {
            parentsAway: lookup(PARENTS_AWAY_BY_NAME, r.parentsAway ?? "both"),
            awaySince: r.awaySince,
          },
        }
      : {}),
    guardians: present(r.guardianName)
      ? [
          {
            relation: guardianRelation,
            name: r.guardianName,
            ...(present(r.guardianPhone) ? { phone: r.guardianPhone } : {}),
            livesWithChild: true,
            ableToCare:
              !present(r.guardianAbleToCare) || YES.has(r.guardianAbleToCare.toLowerCase()),
          },
        ]
      : [],
    ...(present(r.carerName)
      ? {
          entrustment: {
            carerName: r.carerName,
            relation: present(r.carerRelation)
              ? lookup(RELATION_BY_NAME, r.carerRelation)
              : "other",
            signedOn: r.entrustmentSignedOn,
          },
        }
      : {}),
    parentsWork,
    attention: {
      parentSeriousDisability: YES.has((r.parentSeriousDisability ?? "").toLowerCase()),
      childDisability: YES.has((r.childDisability ?? "").toLowerCase()),
      psychologicalOrBehavioural: YES.has((r.psychologicalOrBehavioural ?? "").toLowerCase()),
    },
    risk: { level: lookup(RISK_BY_NAME, r.risk ?? ""), reasons: list(r.riskReasons) },
    needs: list(r.needs).map((n) => lookup(NEED_BY_NAME, n)),
  };
  const parsed = ChildFileInputSchema.safeParse(candidate);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: columnOf(i.path.map(String).join(".")),
        message: i.message,
      })),
    };
  }
  const issues = circumstanceIssues(parsed.data, today).map((i) => ({
    path: columnOf(i.path),
    message: i.message,
  }));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, input: parsed.data };
}

/** What the export needs of a file beyond its input. */
interface ExportFacts {
  readonly childId: string;
  readonly lastContactOn?: string | undefined;
  readonly lastHomeVisitOn?: string | undefined;
  readonly directorName?: string | undefined;
}

/**
 * The export's columns for entry into the national system. Mapping and caveats:
 * docs/care-national-export.md. Must be checked against the system's current template.
 */
export const NATIONAL_EXPORT_COLUMNS = [
  "平台档案号",
  "姓名",
  "性别",
  "公民身份号码",
  "出生日期",
  "儿童类别",
  "乡镇(街道)",
  "村(社区)",
  "家庭住址",
  "监护人姓名",
  "与儿童关系",
  "监护人联系电话",
  "受委托照护人",
  "委托照护协议签订日期",
  "父母外出务工地点",
  "风险等级",
  "最近一次联系日期",
  "最近一次入户走访日期",
  "儿童主任",
] as const;

const RELATION_ZH: Record<string, string> = GUARDIAN_RELATION_ZH;
const RISK_ZH: Record<string, string> = { low: "低", medium: "中", high: "高", critical: "极高" };

export function nationalExportRow(file: ChildFileInput, facts: ExportFacts): string[] {
  const guardian = file.guardians[0];
  return [
    facts.childId,
    file.name,
    file.gender === "male" ? "男" : "女",
    file.idNumber ?? "",
    file.birthDate,
    file.circumstances.map((c) => CIRCUMSTANCES[c].zh).join("；"),
    file.township,
    file.village,
    file.household.address ?? "",
    guardian?.name ?? "",
    guardian ? (RELATION_ZH[guardian.relation] ?? "") : "",
    guardian?.phone ?? "",
    file.entrustment?.carerName ?? "",
    file.entrustment?.signedOn ?? "",
    file.parentsWork.map((p) => `${p.parent === "father" ? "父" : "母"}:${p.workPlace}`).join("；"),
    RISK_ZH[file.risk.level] ?? file.risk.level,
    facts.lastContactOn ?? "",
    facts.lastHomeVisitOn ?? "",
    facts.directorName ?? "",
  ];
}
