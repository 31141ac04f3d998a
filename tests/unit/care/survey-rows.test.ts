/**
 * The 摸底排查 survey sheet row by row (care/survey.ts; action plan items 5 and 20): how each cell a
 * 儿童主任 types becomes a file field, which column a rejected row is blamed on (the sheet's own
 * header, so the village can find the cell), and the row written for the national child welfare
 * information system.
 */
import {
  type ChildFileInput,
  NATIONAL_EXPORT_COLUMNS,
  nationalExportRow,
  type SurveyRow,
  surveyRowToInput,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const TODAY = "2026-06-01";

/** A left-behind girl with her grandmother: the template's example row, trimmed. */
const good: SurveyRow = {
  name: "扎西卓玛",
  gender: "女",
  birthDate: "2016-03-08",
  township: "尼西乡",
  village: "汤满村",
  householdNo: "TM-012",
  circumstances: "留守儿童",
  parentsAway: "双方外出",
  awaySince: "2025-03-01",
  risk: "低",
};

const input = (row: SurveyRow): ChildFileInput => {
  const out = surveyRowToInput(row, TODAY);
  if (!out.ok) throw new Error(`row refused: ${JSON.stringify(out.issues)}`);
  return out.input;
};
const columns = (row: SurveyRow) => {
  const out = surveyRowToInput(row, TODAY);
  return out.ok ? [] : out.issues.map((i) => i.path);
};

describe("cells to fields", () => {
  it("reads lists split by any of ；;，,、 with spaces around the items", () => {
    const file = input({
      ...good,
      circumstances: " 留守 ； 低保 ",
      needs: "教育、 心理 ,safety",
      risk: "高",
      riskReasons: "监护人年迈；  无人辅导作业",
    });
    expect(file.circumstances).toEqual(["left_behind", "low_income"]);
    expect(file.needs).toEqual(["education", "psychological", "safety"]);
    expect(file.risk).toEqual({ level: "high", reasons: ["监护人年迈", "无人辅导作业"] });
  });

  it("reads codes in any case, and Chinese names", () => {
    const file = input({
      ...good,
      gender: "Male",
      needs: "Education",
      risk: "MEDIUM",
      riskReasons: "无人辅导作业",
      parentsAway: "Both",
    });
    expect(file.gender).toBe("male");
    expect(file.needs).toEqual(["education"]);
    expect(file.risk.level).toBe("medium");
    expect(file.leftBehind?.parentsAway).toBe("both");
  });

  it("treats a cell of spaces as empty: required cells are missing, optional ones absent", () => {
    expect(
      surveyRowToInput({ ...good, name: "  ", township: "", village: undefined }, TODAY),
    ).toEqual({
      ok: false,
      issues: [
        { path: "姓名", message: "required" },
        { path: "乡镇", message: "required" },
        { path: "村(社区)", message: "required" },
      ],
    });
    const file = input({
      ...good,
      idNumber: " ",
      address: "  ",
      guardianName: " ",
      carerName: " ",
    });
    expect(file.idNumber).toBeUndefined();
    expect(file.household).toEqual({ householdNo: "TM-012" });
    expect(file.guardians).toEqual([]);
    expect(file.entrustment).toBeUndefined();
  });

  it("keeps the identity number, the address, and each parent's work place with its phone", () => {
    const file = input({
      ...good,
      idNumber: "53342120160308003x",
      address: "汤满村三组",
      fatherWorkPlace: "昆明市",
      fatherPhone: "13800000001",
      motherWorkPlace: "丽江市",
      motherPhone: " ",
    });
    expect(file.idNumber).toBe("53342120160308003X");
    expect(file.household).toEqual({ householdNo: "TM-012", address: "汤满村三组" });
    expect(file.parentsWork).toEqual([
      { parent: "father", workPlace: "昆明市", phone: "13800000001", leftOn: "2025-03-01" },
      { parent: "mother", workPlace: "丽江市", leftOn: "2025-03-01" },
    ]);
  });

  it("takes parents as both away when only the date they left is given", () => {
    const { parentsAway: _, ...row } = good;
    expect(input(row).leftBehind).toEqual({ parentsAway: "both", awaySince: "2025-03-01" });
  });

  it("records no left-behind facts for a child who is not left behind and has none", () => {
    const { parentsAway: _p, awaySince: _a, ...row } = good;
    expect(input({ ...row, circumstances: "低保" }).leftBehind).toBeUndefined();
  });

  it("makes the guardian one who lives with the child, able to care unless the sheet says no", () => {
    const g = (more: SurveyRow) => input({ ...good, guardianName: "卓玛", ...more }).guardians;
    expect(g({})).toEqual([
      { relation: "other", name: "卓玛", livesWithChild: true, ableToCare: true },
    ]);
    expect(
      g({ guardianRelation: "外祖父母", guardianPhone: "13800000000", guardianAbleToCare: "否" }),
    ).toEqual([
      {
        relation: "grandparent",
        name: "卓玛",
        phone: "13800000000",
        livesWithChild: true,
        ableToCare: false,
      },
    ]);
    expect(g({ guardianAbleToCare: "YES" })[0]?.ableToCare).toBe(true);
  });

  it("records the entrustment agreement with the carer's relation, or other", () => {
    expect(
      input({
        ...good,
        carerName: "卓玛",
        carerRelation: "亲属",
        entrustmentSignedOn: "2025-02-20",
      }).entrustment,
    ).toEqual({
      carerName: "卓玛",
      relation: "relative",
      signedOn: "2025-02-20",
    });
    expect(
      input({ ...good, carerName: "卓玛", entrustmentSignedOn: "2025-02-20" }).entrustment
        ?.relation,
    ).toBe("other");
  });

  it("reads the grounds for more visits as yes only when the cell says yes", () => {
    expect(
      input({
        ...good,
        parentSeriousDisability: "是",
        childDisability: "Y",
        psychologicalOrBehavioural: "否",
      }).attention,
    ).toEqual({
      parentSeriousDisability: true,
      childDisability: true,
      psychologicalOrBehavioural: false,
    });
    expect(input(good).attention).toEqual({
      parentSeriousDisability: false,
      childDisability: false,
      psychologicalOrBehavioural: false,
    });
  });
});

describe("a rejected row names the sheet's column", () => {
  it("blames each nested field on the column it was typed in", () => {
    expect(columns({ ...good, householdNo: "TM 012!" })).toEqual(["户编号"]);
    expect(columns({ ...good, awaySince: "2099-01-01" })).toEqual(["外出时间"]);
    expect(columns({ ...good, carerName: "卓玛", entrustmentSignedOn: "2099-01-01" })).toEqual([
      "委托协议签订日期",
    ]);
    expect(columns({ ...good, guardianName: "卓玛", guardianPhone: "call me" })).toEqual([
      "监护人姓名",
    ]);
    expect(columns({ ...good, fatherWorkPlace: "昆明市", fatherPhone: "call me" })).toEqual([
      "父亲务工地点",
    ]);
    expect(columns({ ...good, risk: "未知" })).toEqual(["风险等级"]);
    expect(columns({ ...good, needs: "飞行" })).toEqual(["需求"]);
    expect(columns({ ...good, gender: "未知" })).toEqual(["性别"]);
  });

  it("blames a left-behind child whose parents left under three months ago on 外出时间", () => {
    expect(surveyRowToInput({ ...good, awaySince: "2026-04-01" }, TODAY)).toEqual({
      ok: false,
      issues: [{ path: "外出时间", message: "parents must have been away at least 3 months" }],
    });
  });
});

describe("nationalExportRow", () => {
  it("writes each column in the national system's words", () => {
    const file = input({
      ...good,
      gender: "男",
      idNumber: "533421201603080013",
      address: "汤满村三组",
      guardianName: "卓玛",
      guardianRelation: "祖父母",
      guardianPhone: "13800000000",
      carerName: "次仁",
      carerRelation: "亲属",
      entrustmentSignedOn: "2025-02-20",
      fatherWorkPlace: "昆明市",
      motherWorkPlace: "丽江市",
      risk: "中",
      riskReasons: "无人辅导作业",
      circumstances: "留守；低保",
    });
    const row = nationalExportRow(file, {
      childId: "CF-1",
      lastContactOn: "2026-05-01",
      lastHomeVisitOn: "2026-04-01",
      directorName: "拉姆",
    });
    expect(Object.fromEntries(NATIONAL_EXPORT_COLUMNS.map((c, i) => [c, row[i]]))).toEqual({
      平台档案号: "CF-1",
      姓名: "扎西卓玛",
      性别: "男",
      公民身份号码: "533421201603080013",
      出生日期: "2016-03-08",
      儿童类别: "留守儿童；家庭经济困难儿童",
      "乡镇(街道)": "尼西乡",
      "村(社区)": "汤满村",
      家庭住址: "汤满村三组",
      监护人姓名: "卓玛",
      与儿童关系: "祖父母",
      监护人联系电话: "13800000000",
      受委托照护人: "次仁",
      委托照护协议签订日期: "2025-02-20",
      父母外出务工地点: "父:昆明市；母:丽江市",
      风险等级: "中",
      最近一次联系日期: "2026-05-01",
      最近一次入户走访日期: "2026-04-01",
      儿童主任: "拉姆",
    });
  });

  it("leaves the cells of what the file lacks empty", () => {
    const row = nationalExportRow(input({ ...good, risk: "极高", riskReasons: "疑似遭受伤害" }), {
      childId: "CF-2",
    });
    expect(Object.fromEntries(NATIONAL_EXPORT_COLUMNS.map((c, i) => [c, row[i]]))).toMatchObject({
      性别: "女",
      公民身份号码: "",
      家庭住址: "",
      监护人姓名: "",
      与儿童关系: "",
      监护人联系电话: "",
      受委托照护人: "",
      委托照护协议签订日期: "",
      父母外出务工地点: "",
      风险等级: "极高",
      最近一次联系日期: "",
      最近一次入户走访日期: "",
      儿童主任: "",
    });
  });
});
