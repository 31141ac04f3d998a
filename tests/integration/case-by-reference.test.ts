/** A supervisor finds a case by the reference number a caller quotes; nobody else may ask. */
import { describe, expect, it } from "vitest";
import { api, exampleReport, signToken } from "../support/api.ts";
import { freshSub } from "../support/security.ts";

describe("finding a case by reference number", () => {
  it("answers the case id to a supervisor, 403 to a reporter, 404 for an unknown number", async () => {
    // A reporter of its own: the demo teacher's filing quota is shared by the whole suite
    const reporter = await signToken(
      { roles: ["reporter"], org: "建塘镇中心小学" },
      freshSub("teacher"),
    );
    const filed = await api<{ reportId: string; referenceNo: string }>("POST", "/v1/reports", {
      token: reporter,
      body: exampleReport(),
    });
    expect(filed.status).toBe(201);
    const ref = filed.body.referenceNo;

    const found = await api<{ caseId: string }>("GET", `/v1/cases/by-reference/${ref}`, {
      as: "supervisor.wang",
    });
    expect(found.status).toBe(200);
    const kase = await api<{ referenceNo: string; reports: { referenceNo: string }[] }>(
      "GET",
      `/v1/cases/${found.body.caseId}`,
      { as: "supervisor.wang" },
    );
    expect(kase.body.reports.map((r) => r.referenceNo)).toContain(ref);

    expect((await api("GET", `/v1/cases/by-reference/${ref}`, { token: reporter })).status).toBe(
      403,
    );
    expect(
      (await api("GET", "/v1/cases/by-reference/SGL-20200101-ZZZZZZ", { as: "supervisor.wang" }))
        .status,
    ).toBe(404);
  });
});
