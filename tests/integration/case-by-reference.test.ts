/** A supervisor finds a case by the reference number a caller quotes; nobody else may ask. */
import { describe, expect, it } from "vitest";
import { api, exampleReport } from "../support/api.ts";

describe("finding a case by reference number", () => {
  it("answers the case id to a supervisor, 403 to a reporter, 404 for an unknown number", async () => {
    const filed = await api<{ reportId: string; referenceNo: string }>("POST", "/v1/reports", {
      as: "teacher.li",
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

    expect((await api("GET", `/v1/cases/by-reference/${ref}`, { as: "teacher.li" })).status).toBe(
      403,
    );
    expect(
      (await api("GET", "/v1/cases/by-reference/SGL-20200101-ZZZZZZ", { as: "supervisor.wang" }))
        .status,
    ).toBe(404);
  });
});
