import {
  careScopeOf,
  coverageOf,
  fileGaps,
  type Identity,
  mayKeepChildFile,
  mayReadChildFile,
  mayReadRollup,
  NATIONAL_EXPORT_COLUMNS,
  nationalExportRow,
  SURVEY_COLUMNS,
  type SurveyRow,
  surveyRowToInput,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const director: Identity = {
  sub: "d1",
  name: "d",
  roles: ["child_director", "reporter"],
  township: "尼西乡",
  village: "汤满村",
};
const supervisor: Identity = {
  sub: "s1",
  name: "s",
  roles: ["child_supervisor"],
  township: "尼西乡",
};
const civil: Identity = { sub: "c1", name: "c", roles: ["officer"], agency: "civil_affairs" };
const police: Identity = { sub: "p1", name: "p", roles: ["officer"], agency: "police" };
const ownVillage = { township: "尼西乡", village: "汤满村" };
const otherVillage = { township: "尼西乡", village: "幸福村" };
const otherTownship = { township: "建塘镇", village: "汤满村" };

describe("care access", () => {
  it("gives each role its area and nobody else any", () => {
    expect(careScopeOf(director)).toEqual({ level: "village", ...ownVillage });
    expect(careScopeOf(supervisor)).toEqual({ level: "township", township: "尼西乡" });
    expect(careScopeOf(civil)).toEqual({ level: "city" });
    expect(careScopeOf(police)).toBeUndefined();
    expect(careScopeOf({ ...director, village: undefined })).toBeUndefined();
  });

  it("lets a 主任 read and keep only their own village's files", () => {
    expect(mayReadChildFile(director, ownVillage)).toBe(true);
    expect(mayReadChildFile(director, otherVillage)).toBe(false);
    expect(mayReadChildFile(director, otherTownship)).toBe(false);
    expect(mayReadChildFile(supervisor, otherVillage)).toBe(true);
    expect(mayReadChildFile(supervisor, otherTownship)).toBe(false);
    expect(mayReadChildFile(civil, otherTownship)).toBe(true);
    expect(mayKeepChildFile(civil, otherTownship)).toBe(false);
    expect(mayReadChildFile(police, ownVillage)).toBe(false);
  });

  it("scopes roll-ups the same way", () => {
    expect(mayReadRollup(director, ownVillage)).toBe(true);
    expect(mayReadRollup(director, { township: "尼西乡" })).toBe(false);
    expect(mayReadRollup(supervisor, { township: "尼西乡" })).toBe(true);
    expect(mayReadRollup(supervisor, {})).toBe(false);
    expect(mayReadRollup(civil, {})).toBe(true);
  });
});

describe("coverage", () => {
  it("finds villages without a 主任, over 30 children per 主任, and the untrained", () => {
    const d = (sub: string, village: string, trainedOn?: string) => ({
      sub,
      name: sub,
      township: "尼西乡",
      village,
      appointedOn: "2024-01-01",
      trainings: trainedOn ? [{ on: trainedOn, course: "c", hours: 8 }] : [],
    });
    const coverage = coverageOf(
      [
        { township: "尼西乡", village: "汤满村", children: 31 },
        { township: "尼西乡", village: "幸福村", children: 12 },
        { township: "尼西乡", village: "新阳村", children: 60 },
      ],
      [
        d("a", "汤满村", "2026-03-01"),
        d("b", "新阳村", "2025-12-31"),
        d("c", "新阳村", "2026-01-02"),
      ],
      2026,
    );
    expect(coverage.villagesWithoutDirector.map((v) => v.village)).toEqual(["幸福村"]);
    expect(coverage.overloaded.map((v) => [v.village, v.directors])).toEqual([["汤满村", 1]]);
    expect(coverage.untrainedThisYear.map((u) => u.sub)).toEqual(["b"]);
    expect(coverage.trainedThisYear).toBe(2);
  });
});

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
  guardianName: "卓玛",
  guardianRelation: "祖父母",
  guardianPhone: "13800000000",
  fatherWorkPlace: "昆明市",
  risk: "低",
};

describe("survey rows", () => {
  it("maps a row of the template to a file", () => {
    const out = surveyRowToInput(good, "2026-06-01");
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.input).toMatchObject({
      gender: "female",
      circumstances: ["left_behind"],
      leftBehind: { parentsAway: "both", awaySince: "2025-03-01" },
      guardians: [{ relation: "grandparent", phone: "13800000000", ableToCare: true }],
      parentsWork: [{ parent: "father", workPlace: "昆明市", leftOn: "2025-03-01" }],
      risk: { level: "low" },
    });
    expect(fileGaps(out.input)).toEqual(["entrustment_agreement", "identity_number"]);
  });

  it("rejects a row naming the column: missing, unknown category, left-behind at 16, bad risk", () => {
    const issues = (row: SurveyRow) => {
      const out = surveyRowToInput(row, "2026-06-01");
      return out.ok ? [] : out.issues.map((i) => i.path);
    };
    expect(issues({ ...good, name: "" })).toEqual(["姓名"]);
    expect(issues({ ...good, circumstances: "外星儿童" })).toEqual(["儿童类别"]);
    expect(issues({ ...good, birthDate: "2010-05-01" })).toEqual(["儿童类别"]);
    expect(issues({ ...good, risk: "高" })).toEqual(["风险原因"]);
    expect(issues({ ...good, birthDate: "2016-02-30" })).toEqual(["出生日期"]);
  });

  it("has one template column per survey field, and an export row per column", () => {
    expect(new Set(SURVEY_COLUMNS.map((c) => c.header)).size).toBe(SURVEY_COLUMNS.length);
    const out = surveyRowToInput(good, "2026-06-01");
    if (!out.ok) throw new Error("row should map");
    const row = nationalExportRow(out.input, { childId: "X", lastContactOn: "2026-05-01" });
    expect(row).toHaveLength(NATIONAL_EXPORT_COLUMNS.length);
    expect(row[NATIONAL_EXPORT_COLUMNS.indexOf("儿童类别")]).toBe("留守儿童");
    expect(row[NATIONAL_EXPORT_COLUMNS.indexOf("最近一次联系日期")]).toBe("2026-05-01");
  });
});
