/**
 * What a child's file still lacks that the plan asks for (care/child-file.ts `fileGaps`; item 2:
 * 委托照护协议书 and 外出务工备案 for a left-behind child; a way to reach a guardian; the identity
 * number), and the file's own refusals: a circumstance or need listed twice.
 */
import { type ChildFileInput, ChildFileInputSchema, fileGaps } from "@cp/domain";
import { describe, expect, it } from "vitest";

const base = {
  name: "扎西卓玛",
  gender: "female",
  birthDate: "2016-03-08",
  township: "尼西乡",
  village: "汤满村",
  household: { householdNo: "TM-012" },
  circumstances: ["low_income"],
  risk: { level: "low" },
};
const file = (more: Record<string, unknown> = {}): ChildFileInput =>
  ChildFileInputSchema.parse({ ...base, ...more });
const grandmother = {
  relation: "grandparent",
  name: "卓玛",
  livesWithChild: true,
  ableToCare: true,
};

describe("fileGaps", () => {
  it("asks a child in difficulty only for a guardian's contact and the identity number", () => {
    expect(fileGaps(file())).toEqual(["guardian_contact", "identity_number"]);
  });

  it("asks a left-behind child's file for the entrustment agreement and the parents' work filing too", () => {
    const leftBehind = file({
      circumstances: ["left_behind"],
      leftBehind: { parentsAway: "both", awaySince: "2025-01-01" },
    });
    expect(fileGaps(leftBehind)).toEqual([
      "entrustment_agreement",
      "parents_work_filing",
      "guardian_contact",
      "identity_number",
    ]);
    const complete = file({
      circumstances: ["left_behind"],
      leftBehind: { parentsAway: "both", awaySince: "2025-01-01" },
      entrustment: {
        carerName: "卓玛",
        relation: "grandparent",
        phone: "13800000000",
        signedOn: "2025-01-01",
      },
      parentsWork: [{ parent: "father", workPlace: "昆明市", leftOn: "2025-01-01" }],
      idNumber: "533421201603080013",
    });
    expect(fileGaps(complete)).toEqual([]);
  });

  it("counts a phone of any guardian, or of the entrusted carer, as a way to reach the child's carer", () => {
    const noPhone = { ...grandmother };
    const withPhone = { ...grandmother, name: "次仁", phone: "13800000000" };
    expect(fileGaps(file({ guardians: [noPhone] }))).toContain("guardian_contact");
    expect(fileGaps(file({ guardians: [noPhone, withPhone] }))).not.toContain("guardian_contact");
    expect(
      fileGaps(
        file({
          entrustment: {
            carerName: "卓玛",
            relation: "grandparent",
            phone: "13800000000",
            signedOn: "2025-01-01",
          },
        }),
      ),
    ).not.toContain("guardian_contact");
    expect(
      fileGaps(
        file({
          entrustment: { carerName: "卓玛", relation: "grandparent", signedOn: "2025-01-01" },
        }),
      ),
    ).toContain("guardian_contact");
  });
});

describe("ChildFileInputSchema repeats", () => {
  const issues = (more: Record<string, unknown>) => {
    const out = ChildFileInputSchema.safeParse({ ...base, ...more });
    return out.success
      ? []
      : out.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  };

  it("refuses a circumstance or a need listed twice, naming the list", () => {
    expect(issues({ circumstances: ["low_income", "low_income"] })).toEqual([
      { path: "circumstances", message: "circumstances must not repeat" },
    ]);
    expect(issues({ needs: ["education", "education"] })).toEqual([
      { path: "needs", message: "needs must not repeat" },
    ]);
    expect(issues({ needs: ["education", "safety"] })).toEqual([]);
  });

  it("refuses a birth date in the future at birthDate", () => {
    expect(issues({ birthDate: "2099-01-01" }).map((i) => i.path)).toEqual(["birthDate"]);
  });
});
