/**
 * Bad input gets the contract's status and a clear problem+json naming the field, and changes
 * nothing.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import {
  api,
  exampleReport,
  fileAs,
  pendingTicket,
  storeContext,
  uniqueIdNumber,
} from "../support/api.ts";
import { newReporter } from "../support/security.ts";

const ctx = storeContext();

async function reportCount(sub: string) {
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

type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
};

function expectProblem(res: { status: number; headers: Headers; body: unknown }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = res.body as Problem;
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
  return body;
}

describe("POST /v1/reports with bad input", () => {
  const cases: [string, (b: ReturnType<typeof exampleReport>) => unknown, string][] = [
    ["an unknown field", (b) => ({ ...b, status: "closed" }), "status"],
    [
      "an unknown nested field",
      (b) => ({ ...b, children: [{ ...b.children[0], school: "x" }] }),
      "children.0.school",
    ],
    [
      "a wrong type",
      (b) => ({ ...b, incident: { ...b.incident, immediateDanger: "yes" } }),
      "incident.immediateDanger",
    ],
    [
      "an invalid identity number",
      (b) => ({ ...b, children: [{ ...b.children[0], idNumber: "533421201503020011" }] }),
      "children.0.idNumber",
    ],
    [
      "no birth date and no age",
      (b) => ({ ...b, children: [{ ...b.children[0], birthDate: undefined }] }),
      "children.0.birthDate",
    ],
    [
      "an unknown category",
      (b) => ({ ...b, incident: { ...b.incident, categories: ["theft"] } }),
      "incident.categories.0",
    ],
    ["no children", (b) => ({ ...b, children: [] }), "children"],
  ];
  for (const [what, mutate, path] of cases) {
    it(`names the field for ${what}, and stores nothing`, async () => {
      const before = await reportCount("teacher.li");
      const res = await api("POST", "/v1/reports", {
        as: "teacher.li",
        body: mutate(exampleReport(uniqueIdNumber())),
      });
      const body = expectProblem(res, 400);
      expect(body.errors?.map((e) => e.path)).toContain(path);
      expect(await reportCount("teacher.li")).toBe(before);
    });
  }

  it("answers 413 to a body over 64 KiB", async () => {
    const body = exampleReport();
    const res = await api("POST", "/v1/reports", {
      as: "teacher.li",
      body: { ...body, incident: { ...body.incident, description: "很".repeat(30_000) } },
    });
    expectProblem(res, 413);
  });

  it("answers 415 to a body that is not JSON, and 400 to malformed JSON", async () => {
    expectProblem(
      await api("POST", "/v1/reports", {
        as: "teacher.li",
        body: "a=1",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      415,
    );
    expectProblem(
      await api("POST", "/v1/reports", { as: "teacher.li", body: '{"reporter":' }),
      400,
    );
  });

  it("answers 401 without a token, and 403 to a role that may never file", async () => {
    expectProblem(await api("POST", "/v1/reports", { body: exampleReport() }), 401);
    expectProblem(
      await api("POST", "/v1/reports", { as: "supervisor.wang", body: exampleReport() }),
      403,
    );
  });
});

describe("tickets of another agency", () => {
  it("are 404 to read and to act on, and never in the inbox", async () => {
    const filed = {
      body: await fileAs(
        await newReporter(),
        exampleReport(uniqueIdNumber(), { categories: ["dropout"], immediateDanger: false }),
      ),
    };
    const ticket = await pendingTicket("officer.education", filed.body.caseId);

    expectProblem(await api("GET", `/v1/tickets/${ticket.ticketId}`, { as: "officer.court" }), 404);
    expectProblem(
      await api("POST", `/v1/tickets/${ticket.ticketId}/accept`, { as: "officer.court", body: {} }),
      404,
    );
    expectProblem(await api("GET", `/v1/cases/${filed.body.caseId}`, { as: "officer.court" }), 404);
    const courtInbox = await api<{ items: { ticketId: string }[] }>(
      "GET",
      "/v1/tickets?limit=100",
      { as: "officer.court" },
    );
    expect(courtInbox.body.items.map((t) => t.ticketId)).not.toContain(ticket.ticketId);

    // and the refused attempt changed nothing
    const own = await api<{ ticket: { status: string; version: number } }>(
      "GET",
      `/v1/tickets/${ticket.ticketId}`,
      { as: "officer.education" },
    );
    expect(own.body.ticket).toMatchObject({ status: "pending", version: ticket.version });
  });

  it("a stale If-Match is 412 and changes nothing", async () => {
    const filed = {
      body: await fileAs(
        await newReporter(),
        exampleReport(uniqueIdNumber(), {
          categories: ["mental_health_crisis"],
          immediateDanger: false,
        }),
      ),
    };
    const ticket = await pendingTicket("officer.education", filed.body.caseId);
    expectProblem(
      await api("POST", `/v1/tickets/${ticket.ticketId}/accept`, {
        as: "officer.education",
        body: {},
        headers: { "if-match": String(ticket.version + 1) },
      }),
      412,
    );
    const ok = await api("POST", `/v1/tickets/${ticket.ticketId}/accept`, {
      as: "officer.education",
      body: {},
      headers: { "if-match": `"${ticket.version}"` },
    });
    expect(ok.status).toBe(200);
  });

  it("an unknown measure is 400 on the type field", async () => {
    const filed = {
      body: await fileAs(
        await newReporter(),
        exampleReport(uniqueIdNumber(), { categories: ["bullying"], immediateDanger: false }),
      ),
    };
    const ticket = await pendingTicket("officer.education", filed.body.caseId);
    await api("POST", `/v1/tickets/${ticket.ticketId}/accept`, {
      as: "officer.education",
      body: {},
    });
    const res = await api("POST", `/v1/tickets/${ticket.ticketId}/actions`, {
      as: "officer.education",
      body: { type: "criminal_case_filed", note: "x" },
    });
    expect(expectProblem(res, 400).errors?.[0]?.path).toBe("type");
  });
});
