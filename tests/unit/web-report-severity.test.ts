import { describe, expect, it } from "vitest";
import { toReportBody } from "../../packages/web/src/pages/reporter/report-body.ts";

const incident = (categories: string[], severityYes: string[]) =>
  toReportBody({ incident: { categories, description: "x", severityYes } }).incident;

describe("the report form's severity answers", () => {
  it("become the API's facts, only for questions the chosen categories ask", () => {
    expect(incident(["bullying"], ["weaponOrGroup", "noCarer"]).severity).toEqual({
      weaponOrGroup: true,
    });
    expect(
      incident(["bullying", "guardianship_failure"], ["noCarer", "repeated"]).severity,
    ).toEqual({ noCarer: true, repeated: true });
  });

  it("are left out when nothing is ticked, or the category asks nothing", () => {
    expect(incident(["bullying"], [])).not.toHaveProperty("severity");
    expect(incident(["physical_abuse"], ["visibleInjury"])).not.toHaveProperty("severity");
  });
});
