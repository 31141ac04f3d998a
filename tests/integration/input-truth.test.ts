/**
 * Input that tells the truth, on the local stack: impossible dates, text that is not what it
 * looks like and bodies in another charset are refused with a problem naming the field, and
 * each refusal changes nothing. The filing answer tells the filer nothing about the case.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { allAuditEvents } from "@cp/store";
import { describe, expect, it } from "vitest";
import { api, exampleReport, stack, storeContext, uniqueIdNumber } from "../support/api.ts";
import { fileAndRoute, freshSub, ticketOf, tokenWithRole } from "../support/security.ts";

const ctx = storeContext();

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };

async function reportsOf(sub: string) {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": `REPORTER#${sub}` },
      Select: "COUNT",
    }),
  );
  return out.Count ?? 0;
}

/** Raw bytes to the API, for what `JSON.stringify` would never send. */
async function raw(path: string, token: string, body: BodyInit, contentType: string) {
  const res = await fetch(`${stack().apiUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as Problem, headers: res.headers };
}

const child = (over: Record<string, unknown>) => {
  const r = exampleReport(uniqueIdNumber());
  return { ...r, children: [{ ...r.children[0], ...over }] };
};
const incidentAt = (occurredAt: string) => {
  const r = exampleReport(uniqueIdNumber());
  return { ...r, incident: { ...r.incident, occurredAt } };
};

describe("the filing answer", () => {
  it("is the report id, reference number, time and receipt — even when the child already has a case", async () => {
    const idNumber = uniqueIdNumber();
    // Not teacher.li: most other files file as that user, and the stack's filing quota is per user.
    const first = await api("POST", "/v1/reports", {
      as: "director.zhaxi",
      body: exampleReport(idNumber),
    });
    const second = await api("POST", "/v1/reports", {
      as: "doctor.he",
      body: exampleReport(idNumber),
    });
    for (const answer of [first, second]) {
      expect(answer.status).toBe(201);
      expect(Object.keys(answer.body).sort()).toEqual([
        "receipt",
        "receivedAt",
        "referenceNo",
        "reportId",
      ]);
      expect(answer.body.receipt).toMatch(/^r1\.[A-Za-z0-9_-]{43}$/);
    }
    expect(first.body.receipt).not.toBe(second.body.receipt);
  });
});

describe("refused reports change nothing", () => {
  const cases: [string, unknown, string][] = [
    ["a child born in 2099", child({ birthDate: "2099-01-01" }), "children.0.birthDate"],
    ["an adult born in 1990", child({ birthDate: "1990-05-01" }), "children.0.birthDate"],
    [
      "a birth date the identity number contradicts",
      child({ birthDate: "2015-03-03" }),
      "children.0.birthDate",
    ],
    [
      "an identity number of an adult",
      child({ birthDate: undefined, ageYears: 9, idNumber: uniqueIdNumber("19900501") }),
      "children.0.idNumber",
    ],
    ["an incident on 9999-12-31", incidentAt("9999-12-31T00:00:00Z"), "incident.occurredAt"],
    ["an incident in year 1", incidentAt("0001-01-01T00:00:00Z"), "incident.occurredAt"],
    [
      "an incident before the child's birth",
      incidentAt("2014-01-01T00:00:00Z"),
      "incident.occurredAt",
    ],
    ["a name of zero-width spaces", child({ name: "\u200b\u200b\u200b" }), "children.0.name"],
  ];
  for (const [what, body, path] of cases) {
    it(`${what}: 400 at ${path}`, async () => {
      const sub = freshSub("truth");
      const token = await tokenWithRole("reporter", undefined, sub);
      const res = await api<Problem>("POST", "/v1/reports", { token, body });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors?.map((e) => e.path)).toContain(path);
      expect(await reportsOf(sub)).toBe(0);
    });
  }

  it("a lone surrogate is 400 naming the field, not 500", async () => {
    const sub = freshSub("surrogate");
    const token = await tokenWithRole("reporter", undefined, sub);
    const text = JSON.stringify(child({ name: "NAME" })).replace("NAME", "a\\ud800b");
    const res = await raw("/v1/reports", token, text, "application/json");
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.path)).toEqual(["children.0.name"]);
    expect(await reportsOf(sub)).toBe(0);
  });

  it("a body declared UTF-16 is 415, and bytes that are not UTF-8 are 400", async () => {
    const sub = freshSub("charset");
    const token = await tokenWithRole("reporter", undefined, sub);
    const json = JSON.stringify(exampleReport(uniqueIdNumber()));
    const utf16 = Buffer.from(`\ufeff${json}`, "utf16le");
    const declared = await raw("/v1/reports", token, utf16, "application/json; charset=utf-16");
    expect(declared.status).toBe(415);
    expect(declared.body.errors?.[0]?.path).toBe("content-type");
    const latin1 = Buffer.from(json.replace("小明", "Jos\u00e9"), "latin1");
    const undeclared = await raw("/v1/reports", token, latin1, "application/json");
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.errors?.[0]?.path).toBe("body");
    expect(await reportsOf(sub)).toBe(0);
  });
});

describe("refused measures and commands change nothing", () => {
  it("refuses unknown fields, a dueAt on a measure, back- and future-dated measures, a stale If-Match", async () => {
    const { filed, tickets } = await fileAndRoute(
      exampleReport(uniqueIdNumber(), { categories: ["bullying"], immediateDanger: false }),
    );
    const education = ticketOf(tickets, "education");
    const as = "officer.education";
    const accepted = await api<{ ticket: { version: number } }>(
      "POST",
      `/v1/tickets/${education.ticketId}/accept`,
      { as, body: {} },
    );
    expect(accepted.status).toBe(200);
    const eventsBefore = (await allAuditEvents(ctx, filed.caseId)).length;
    const measure = { type: "counselling", note: "心理辅导" };
    const refusals: [unknown, Record<string, string>, number, string][] = [
      [{ ...measure, priority: "high" }, {}, 400, "priority"],
      [{ ...measure, dueAt: "2099-01-01T00:00:00Z" }, {}, 400, "dueAt"],
      [{ ...measure, occurredAt: "1970-01-01T00:00:00Z" }, {}, 400, "occurredAt"],
      [{ ...measure, occurredAt: "2099-01-01T00:00:00Z" }, {}, 400, "occurredAt"],
      [{ ...measure, note: "\u200b".repeat(20) }, {}, 400, "note"],
      [measure, { "if-match": String(accepted.body.ticket.version - 1) }, 412, ""],
    ];
    for (const [body, headers, status, path] of refusals) {
      const res = await api<Problem>("POST", `/v1/tickets/${education.ticketId}/actions`, {
        as,
        body,
        headers,
      });
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (path) expect(res.body.errors?.map((e) => e.path)).toContain(path);
    }
    expect((await allAuditEvents(ctx, filed.caseId)).length).toBe(eventsBefore);
    const ok = await api("POST", `/v1/tickets/${education.ticketId}/actions`, {
      as,
      body: measure,
      headers: { "if-match": String(accepted.body.ticket.version) },
    });
    expect(ok.status).toBe(200);
  });

  it("a break-glass reason of ten zero-width spaces is 400 and unmasks nothing", async () => {
    const { filed } = await fileAndRoute(exampleReport(uniqueIdNumber()));
    const before = (await allAuditEvents(ctx, filed.caseId)).length;
    const res = await api<Problem>("POST", `/v1/cases/${filed.caseId}/unmask`, {
      as: "supervisor.wang",
      body: { reason: "\u200b".repeat(10) },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.path).toBe("reason");
    expect((await allAuditEvents(ctx, filed.caseId)).length).toBe(before);
  });

  it("HEAD on a case is 405 and records no view", async () => {
    const { filed } = await fileAndRoute(exampleReport(uniqueIdNumber()));
    const before = (await allAuditEvents(ctx, filed.caseId)).length;
    const token = await tokenWithRole("officer", "police");
    const res = await fetch(`${stack().apiUrl}/v1/cases/${filed.caseId}`, {
      method: "HEAD",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect((await allAuditEvents(ctx, filed.caseId)).length).toBe(before);
  });
});

describe("the web app as served locally", () => {
  it("has a Content-Security-Policy that forbids framing; the API's answers do not carry it", async () => {
    for (const path of ["/", "/my-reports"]) {
      const res = await fetch(`${stack().apiUrl}${path}`);
      await res.arrayBuffer();
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-eval");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
    const api = await fetch(`${stack().apiUrl}/v1/openapi.json`);
    await api.arrayBuffer();
    expect(api.headers.get("content-security-policy")).toBeNull();
  });
});
