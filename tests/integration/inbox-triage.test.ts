/**
 * The inbox row carries what an officer triages by — danger now, township, age band, the
 * situations — and nothing that names the child.
 */
import { describe, expect, it } from "vitest";
import { api, eventually, exampleReport, signToken, uniqueIdNumber } from "../support/api.ts";
import { freshSub } from "../support/security.ts";

interface Row {
  caseId: string;
  triage?: {
    immediateDanger: boolean;
    townships: string[];
    ageBands: string[];
    categories: string[];
  };
}

describe("the inbox's triage fields", () => {
  it("show danger, township and age band of the case, not the child's name or identity number", async () => {
    // Prepare: a report about an 11-year-old in danger
    const idNumber = uniqueIdNumber("20150302");
    // A reporter of its own: the demo teacher's filing quota is shared by the whole suite
    const reporter = await signToken(
      { roles: ["reporter"], org: "建塘镇中心小学" },
      freshSub("teacher"),
    );
    const filed = await api<{ reportId: string }>("POST", "/v1/reports", {
      token: reporter,
      body: exampleReport(idNumber),
    });
    expect(filed.status).toBe(201);
    const status = await api<{ referenceNo: string }>("GET", `/v1/reports/${filed.body.reportId}`, {
      token: reporter,
    });

    // Act: the police inbox, once routed
    const found = await eventually(
      async () => {
        const res = await api<{ items: (Row & { referenceNo: string })[] }>(
          "GET",
          "/v1/tickets?status=pending&limit=100",
          { as: "officer.police" },
        );
        const row = res.body.items.find((r) => r.referenceNo === status.body.referenceNo);
        return row ? { row, raw: JSON.stringify(res.body) } : undefined;
      },
      15_000,
      "the police ticket",
    );

    // Assert
    expect(found.row.triage).toEqual({
      immediateDanger: true,
      townships: ["建塘镇"],
      ageBands: ["6_11"],
      categories: ["physical_abuse"],
    });
    expect(found.raw).not.toContain("小明");
    expect(found.raw).not.toContain(idNumber);
    expect(found.raw).not.toContain("2015-03-02");
  });
});
