/**
 * The whole path on the real local stack: report → intake queue → router → tickets → agency
 * queues → dispatch; accept, act, close; the audit trail verifies.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  AuditEventSchema,
  CaseViewSchema,
  ChainVerdictSchema,
  FiledReportSchema,
  InboxTicketSchema,
  pageOf,
  ReportStatusSchema,
  TicketCommandResultSchema,
  TicketDetailSchema,
} from "@cp/domain";
import { describe, expect, it } from "vitest";
import type * as z from "zod";
import {
  api,
  caseOfReport,
  eventually,
  exampleReport,
  storeContext,
  uniqueIdNumber,
} from "../support/api.ts";

interface Ticket {
  ticketId: string;
  caseId: string;
  agency: string;
  kind: string;
  status: string;
  createdAt: string;
  acceptDueAt: string;
  closeDueAt: string | null;
  version: number;
  routingRule: { ruleId: string; reason: string };
}

const ctx = storeContext();

/** An answer holds to the schema the API serves it under (and the web app's types come from). */
function expectAnswer(schema: z.ZodType, body: unknown) {
  expect(schema.safeParse(body).error).toBeUndefined();
}

/** The case's tickets: their keys from the case's ticket index (gsi2), each then by its key. */
async function ticketsOfCase(caseId: string) {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
    }),
  );
  return Promise.all(
    (out.Items ?? []).map(async ({ pk, sk }) => {
      const got = await ctx.clients.ddb.send(
        new GetCommand({ TableName: ctx.config.mainTableName, Key: { pk, sk } }),
      );
      return got.Item as Ticket;
    }),
  );
}

async function deliveriesOf(ticketId: string) {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `DELIVERY#inbox#${ticketId}` },
    }),
  );
  return out.Items ?? [];
}

async function fileReport(body: unknown, as = "teacher.li", headers: Record<string, string> = {}) {
  const res = await api<{
    reportId: string;
    referenceNo: string;
    receivedAt: string;
    receipt: string;
  }>("POST", "/v1/reports", { as, body, headers });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expectAnswer(FiledReportSchema, res.body);
  // The filer learns the report, never the case: the test finds it where the router does.
  expect(Object.keys(res.body).sort()).toEqual([
    "receipt",
    "receivedAt",
    "referenceNo",
    "reportId",
  ]);
  return { ...res.body, caseId: await caseOfReport(res.body.reportId) };
}

describe("a physical-abuse report in immediate danger", () => {
  it("routes through SQS to police lead, support and oversight tickets, each naming its rule", async () => {
    // Prepare / Act
    const filed = await fileReport(exampleReport());
    expect(filed.referenceNo).toMatch(/^SGL-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/);

    // Assess: four tickets, through the queue, within a few seconds
    const tickets = await eventually(
      async () => {
        const t = await ticketsOfCase(filed.caseId);
        return t.length >= 4 ? t : undefined;
      },
      10_000,
      "tickets",
    );
    const byAgency = Object.fromEntries(tickets.map((t) => [t.agency, t]));
    expect(tickets).toHaveLength(4);
    expect(byAgency.police?.kind).toBe("lead");
    expect(byAgency.civil_affairs?.kind).toBe("support");
    expect(byAgency.womens_federation?.kind).toBe("support");
    expect(byAgency.procuratorate?.kind).toBe("oversight");
    const police = byAgency.police as Ticket;
    expect(Date.parse(police.acceptDueAt) - Date.parse(police.createdAt)).toBe(15 * 60_000);
    for (const t of tickets) expect(t.routingRule.ruleId).toBe("physical_abuse");

    // each agency's queue carried its notice to the dispatcher
    for (const t of tickets) {
      await eventually(
        async () => ((await deliveriesOf(t.ticketId)).length === 1 ? true : undefined),
        10_000,
        `delivery to ${t.agency}`,
      );
    }

    // the reporter sees "routed"
    const status = await api<{ status: string }>("GET", `/v1/reports/${filed.reportId}`, {
      as: "teacher.li",
    });
    expect(status.body.status).toBe("routed");
    expectAnswer(ReportStatusSchema, status.body);

    // police: inbox → accept → action → close; a second accept is 409
    const inbox = await api<{ items: Ticket[] }>("GET", "/v1/tickets?status=pending&limit=100", {
      as: "officer.police",
    });
    expect(inbox.body.items.map((t) => t.ticketId)).toContain(police.ticketId);
    expectAnswer(pageOf(InboxTicketSchema), inbox.body);
    expect(inbox.body.items.every((t) => t.agency === "police")).toBe(true);

    const accepted = await api<{ ticket: Ticket }>(
      "POST",
      `/v1/tickets/${police.ticketId}/accept`,
      {
        as: "officer.police",
        body: { note: "值班民警已接警" },
      },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.ticket.status).toBe("accepted");
    expectAnswer(TicketCommandResultSchema, accepted.body);
    const detail = await api("GET", `/v1/tickets/${police.ticketId}`, { as: "officer.police" });
    expect(detail.status).toBe(200);
    expectAnswer(TicketDetailSchema, detail.body);
    const again = await api("POST", `/v1/tickets/${police.ticketId}/accept`, {
      as: "officer.police",
      body: {},
    });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");

    expect(
      (await api<{ status: string }>("GET", `/v1/reports/${filed.reportId}`, { as: "teacher.li" }))
        .body.status,
    ).toBe("in_progress");

    const action = await api("POST", `/v1/tickets/${police.ticketId}/actions`, {
      as: "officer.police",
      body: { type: "dispatched", note: "已出警" },
    });
    expect(action.status).toBe(200);
    const closed = await api<{ ticket: Ticket }>("POST", `/v1/tickets/${police.ticketId}/close`, {
      as: "officer.police",
      body: { outcome: "criminal_case_filed", summary: "已立案侦查" },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.ticket.status).toBe("closed");

    // a closed ticket leaves the due list, a routed report the outbox: index keys follow state
    const rawTicket = await ctx.clients.ddb.send(
      new GetCommand({
        TableName: ctx.config.mainTableName,
        Key: { pk: `TICKET#${police.ticketId}`, sk: "TICKET" },
      }),
    );
    expect(rawTicket.Item?.gsi3pk).toBeUndefined();
    expect(rawTicket.Item?.gsi1sk).toMatch(/^4#/);
    const rawReport = await ctx.clients.ddb.send(
      new GetCommand({
        TableName: ctx.config.mainTableName,
        Key: { pk: `REPORT#${filed.reportId}`, sk: "REPORT" },
      }),
    );
    expect(rawReport.Item?.routedAt).toBeDefined();
    expect(rawReport.Item?.gsi3pk).not.toBe("OUTBOX");

    // the audit trail holds every step, in order, and verifies
    const audit = await api<{ items: { seq: number; action: string }[] }>(
      "GET",
      `/v1/cases/${filed.caseId}/audit?limit=100`,
      { as: "officer.police" },
    );
    const actions = audit.body.items.map((e) => e.action);
    expect(actions[0]).toBe("report_received");
    expect(actions).toEqual(
      expect.arrayContaining([
        "ticket_created",
        "report_routed",
        "ticket_accepted",
        "ticket_action",
        "ticket_closed",
      ]),
    );
    expect(audit.body.items.map((e) => e.seq)).toEqual(audit.body.items.map((_, i) => i + 1));
    expectAnswer(pageOf(AuditEventSchema), audit.body);
    const verify = await api<{ valid: boolean; events: number }>(
      "GET",
      `/v1/cases/${filed.caseId}/audit/verify`,
      { as: "supervisor.wang" },
    );
    expect(verify.body).toMatchObject({ valid: true, events: audit.body.items.length });
    expectAnswer(ChainVerdictSchema, verify.body);
  });

  it("joins a second report about the same child (same identity number) to the open case", async () => {
    const idNumber = uniqueIdNumber();
    const first = await fileReport(exampleReport(idNumber));
    const second = await fileReport(
      exampleReport(idNumber.toLowerCase(), { categories: ["dropout"], immediateDanger: false }),
      "director.zhaxi",
    );
    expect(second.caseId).toBe(first.caseId);
    expect(second.reportId).not.toBe(first.reportId);
    // dropout adds an education lead; agencies already on the case get no second ticket
    const tickets = await eventually(
      async () => {
        const t = await ticketsOfCase(first.caseId);
        return t.some((x) => x.agency === "education") ? t : undefined;
      },
      10_000,
      "education ticket",
    );
    const agencies = tickets.map((t) => t.agency).sort();
    expect(agencies).toEqual([
      "civil_affairs",
      "education",
      "police",
      "procuratorate",
      "womens_federation",
    ]);
  });

  it("keeps a supervisor's view of the child masked", async () => {
    const filed = await fileReport(exampleReport("533421201503020013".replace(/.$/, "3")));
    const asSupervisor = await api<{
      children: { name: string; idNumber: string }[];
      childrenMasked: boolean;
    }>("GET", `/v1/cases/${filed.caseId}`, { as: "supervisor.wang" });
    expect(asSupervisor.status).toBe(200);
    expect(asSupervisor.body.childrenMasked).toBe(true);
    expectAnswer(CaseViewSchema, asSupervisor.body);
    expect(asSupervisor.body.children[0]?.name).toBeUndefined();
    expect(JSON.stringify(asSupervisor.body)).not.toContain("533421201503020013");
  });
});
