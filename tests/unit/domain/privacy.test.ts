/**
 * What a supervisor sees of a child (age band, gender, township, circumstances; never name, birth
 * date, identity number or village), statements withheld from a masked view, and who may read a
 * reporter's contact (反家庭暴力法 Art. 14; docs/decisions/0010-hardening.md).
 */
import {
  agencyNeedsReporterContact,
  type ChildInput,
  maskChild,
  withoutStatements,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

describe("maskChild", () => {
  const child: ChildInput = {
    name: "扎西卓玛",
    gender: "female",
    birthDate: "2012-06-15",
    idNumber: "53342120120615002X",
    township: "尼西乡",
    village: "汤满村",
    circumstances: ["left_behind"],
  } as ChildInput;

  it("keeps gender, township, circumstances and the age band, and nothing else", () => {
    // 2026-06-14: a day before the 14th birthday, still 13.
    expect(maskChild(child, new Date("2026-06-14T12:00:00Z"))).toEqual({
      gender: "female",
      township: "尼西乡",
      circumstances: ["left_behind"],
      ageBand: "12_13",
    });
    expect(maskChild(child, new Date("2026-06-15T00:00:00Z")).ageBand).toBe("14_17");
  });
});

describe("withoutStatements", () => {
  it("replaces each free-text statement with a marker and keeps the rest", () => {
    expect(
      withoutStatements({
        note: "家访记录",
        reason: "监护人拒绝",
        summary: "s",
        request: "r",
        description: "d",
        measure: "warning_letter",
        agency: "police",
        count: 2,
      }),
    ).toEqual({
      note: "[withheld]",
      reason: "[withheld]",
      summary: "[withheld]",
      request: "[withheld]",
      description: "[withheld]",
      measure: "warning_letter",
      agency: "police",
      count: 2,
    });
  });

  it("gives an empty object for empty details and leaves the input untouched", () => {
    expect(withoutStatements({})).toEqual({});
    const details = { note: "x" };
    withoutStatements(details);
    expect(details).toEqual({ note: "x" });
  });
});

describe("agencyNeedsReporterContact", () => {
  const lead = (agency: "education" | "police", status = "accepted") => ({
    agency,
    kind: "lead",
    status,
  });

  it("lets the lead agency see it while its ticket stands", () => {
    expect(agencyNeedsReporterContact("education", [lead("education")])).toBe(true);
    expect(agencyNeedsReporterContact("education", [lead("education", "pending")])).toBe(true);
  });

  it("lets police see it on any ticket of theirs, support included", () => {
    expect(
      agencyNeedsReporterContact("police", [
        { agency: "police", kind: "support", status: "pending" },
      ]),
    ).toBe(true);
  });

  it("refuses a support or oversight agency that is not police", () => {
    expect(
      agencyNeedsReporterContact("civil_affairs", [
        lead("education"),
        { agency: "civil_affairs", kind: "support", status: "accepted" },
      ]),
    ).toBe(false);
    expect(
      agencyNeedsReporterContact("procuratorate", [
        { agency: "procuratorate", kind: "oversight", status: "accepted" },
      ]),
    ).toBe(false);
  });

  it("refuses an agency whose ticket was declined, police included", () => {
    expect(agencyNeedsReporterContact("education", [lead("education", "declined")])).toBe(false);
    expect(agencyNeedsReporterContact("police", [lead("police", "declined")])).toBe(false);
  });

  it("refuses an agency with no ticket on the case, and a viewer with no agency", () => {
    expect(agencyNeedsReporterContact("health", [lead("education")])).toBe(false);
    expect(agencyNeedsReporterContact(undefined, [lead("education")])).toBe(false);
    expect(agencyNeedsReporterContact("police", [])).toBe(false);
  });
});
