/**
 * Privacy of a child's and a reporter's data (docs/decisions/0007-access-and-privacy.md), on the
 * real local stack: canary values planted in a report appear in no raw table item, no log line
 * and no notification; supervisors see a case masked and unmask one only with a stated reason,
 * audited (break-glass).
 */

import { agencyMessageOf } from "@cp/domain";
import { log } from "@cp/functions/commons/runtime";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { createRouterHandler } from "@cp/functions/router/handler";
import { allAuditEvents, readCase, readReport } from "@cp/store";
import { auditTable, mainTable } from "@cp/store/definitions";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import {
  api,
  eventually,
  exampleReport,
  storeContext,
  tokenFor,
  uniqueIdNumber,
} from "../support/api.ts";
import {
  fileAndRoute,
  inProcessApp,
  scanAll,
  ticketOf,
  tokenWithRole,
} from "../support/security.ts";

const ctx = storeContext();

/** A report whose personal values are unique to this run, so finding one anywhere is a leak. */
function canaryReport() {
  const tag = Math.random().toString(36).slice(2, 8);
  const canaries = {
    name: `金丝猴${tag}`,
    idNumber: uniqueIdNumber("20130707"),
    phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`,
    village: `白马雪山${tag}村`,
    description: `金丝雀短语${tag}：孩子说晚上不敢回家`,
  };
  const base = exampleReport(canaries.idNumber);
  const report = {
    ...base,
    reporter: { ...base.reporter, phone: canaries.phone },
    children: [
      {
        ...base.children[0],
        name: canaries.name,
        birthDate: "2013-07-07",
        village: canaries.village,
      },
    ],
    incident: { ...base.incident, description: canaries.description },
  };
  return { report, canaries: Object.values(canaries) };
}

const leaks = (text: string, canaries: readonly string[]) =>
  canaries.filter((c) => text.includes(c));

describe("personal data at rest", () => {
  it("keeps names, identity numbers, phone numbers and descriptions out of a raw read of the tables", async () => {
    const { report, canaries: reportCanaries } = canaryReport();
    // A statement in the trail names the child too: it is sealed under the case's key.
    const note = `出警，见到${reportCanaries[0]}`;
    const canaries = [...reportCanaries, note];
    const { filed, tickets } = await fileAndRoute(report, "teacher.li");
    const police = ticketOf(tickets, "police");
    await api("POST", `/v1/tickets/${police.ticketId}/accept`, { as: "officer.police", body: {} });
    await api("POST", `/v1/tickets/${police.ticketId}/actions`, {
      as: "officer.police",
      body: { type: "dispatched", note },
    });

    // The agency that holds the ticket still reads them: decryption works.
    const view = await api<{ children: { name: string }[] }>("GET", `/v1/cases/${filed.caseId}`, {
      as: "officer.police",
    });
    expect(view.body.children[0]?.name).toBe(canaries[0]);

    const raw = JSON.stringify([
      ...(await scanAll(ctx, mainTable.name)),
      ...(await scanAll(ctx, auditTable.name)),
    ]);
    expect(raw).toContain(filed.caseId);
    expect(leaks(raw, canaries)).toEqual([]);
    // Where they were, there is ciphertext now.
    const items = await scanAll(ctx, mainTable.name);
    const caseItem = items.find((i) => i.pk === `CASE#${filed.caseId}` && i.sk === "CASE");
    const childrenItem = items.find((i) => i.pk === `CASE#${filed.caseId}` && i.sk !== "CASE");
    const reportItem = items.find((i) => i.pk === `REPORT#${filed.reportId}`);
    // Sealed under the case's own key (kept wrapped on the case), which the values do not carry.
    expect(caseItem?.dataKey).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(caseItem?.children).toBeUndefined();
    expect(childrenItem?.children).toMatch(/^pd2\./);
    expect(reportItem?.input).toMatch(/^pd2\./);
    expect(reportItem?.input).not.toContain(caseItem?.dataKey);
    // And the store opens them for its own use.
    expect((await readCase(ctx, filed.caseId))?.children[0]?.name).toBe(canaries[0]);
    const stored = await readReport(ctx, filed.reportId);
    expect(stored && "input" in stored && stored.input.reporter.phone).toBe(canaries[2]);
  });

  it("does not open a sealed field copied onto another record", async () => {
    const one = await fileAndRoute(canaryReport().report, "doctor.he");
    const items = await scanAll(ctx, mainTable.name);
    const sealed = items.find((i) => i.pk === `REPORT#${one.filed.reportId}`)?.input as string;
    const { PutCommand } = await import("@aws-sdk/lib-dynamodb");
    const forgedId = `${one.filed.reportId}X`;
    await ctx.clients.ddb.send(
      new PutCommand({
        TableName: mainTable.name,
        Item: {
          pk: `REPORT#${forgedId}`,
          sk: "REPORT",
          reportId: forgedId,
          caseId: one.filed.caseId,
          input: sealed,
        },
      }),
    );
    await expect(readReport(ctx, forgedId)).rejects.toThrow(/does not open/);
  });
});

describe("logs", () => {
  it("carry no personal data through a whole flow: file → route → notify → accept → close", async () => {
    const { report, canaries } = canaryReport();
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(
        typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"),
      );
      return true;
    };
    const stdout = process.stdout.write.bind(process.stdout);
    const stderr = process.stderr.write.bind(process.stderr);
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    try {
      // The real Lambda logger (Powertools, redacting) behind the API, the router and dispatch.
      const app = await inProcessApp({ log });
      const call = async (method: string, path: string, as: string, body?: unknown) => {
        const res = await app.request(path, {
          method,
          headers: {
            authorization: `Bearer ${await tokenFor(as)}`,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      // A logged unhandled error and a logged refusal, besides the happy path.
      log("error", "unhandled error", {
        error: new Error(`${canaries[0]} ${canaries[1]}`),
        input: report,
      });
      expect((await call("GET", "/v1/tickets", "teacher.li")).status).toBe(403);

      const filed = await call("POST", "/v1/reports", "teacher.li", report);
      expect(filed.status).toBe(201);
      expect(filed.body).not.toHaveProperty("caseId");
      const caseId = (await readReport(ctx, filed.body.reportId as string))?.caseId as string;
      const router = createRouterHandler(ctx, log);
      await router({
        Records: [
          sqsRecord(JSON.stringify({ reportId: filed.body.reportId, caseId }), "cp-intake.fifo"),
        ],
      } as SQSEvent);
      const kase = await eventually(async () => {
        const c = await readCase(ctx, caseId);
        return c?.openTickets.police ? c : undefined;
      });
      const ticketId = kase.openTickets.police?.ticketId as string;
      const { readTicket } = await import("@cp/store/repos/tickets");
      const ticket = await readTicket(ctx, ticketId);
      const dispatch = createDispatchHandler(ctx, log);
      await dispatch({
        Records: [
          sqsRecord(
            JSON.stringify(agencyMessageOf(ticket as never, "ticket_created", `${ticketId}:log`)),
            "cp-agency-police.fifo",
          ),
        ],
      } as SQSEvent);
      expect((await call("GET", `/v1/cases/${caseId}`, "officer.police")).status).toBe(200);
      expect(
        (await call("POST", `/v1/tickets/${ticketId}/accept`, "officer.police", {})).status,
      ).toBe(200);
      const closed = await call("POST", `/v1/tickets/${ticketId}/close`, "officer.police", {
        outcome: "no_action_needed",
        summary: "核实后无需处置",
      });
      expect(closed.status).toBe(200);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    const text = lines.join("");
    // The flow did log (so the check below is not vacuous), and none of it names anyone.
    expect(text).toContain("unhandled error");
    expect(text).toMatch(/report (already )?routed/);
    expect(text).toMatch(/notice (already )?delivered/);
    expect(text).toContain("access denied: role");
    expect(leaks(text, canaries)).toEqual([]);
  });
});

describe("notifications", () => {
  it("name no child and no reporter", async () => {
    const { report, canaries } = canaryReport();
    const { tickets } = await fileAndRoute(report, "doctor.he");
    const police = ticketOf(tickets, "police");
    const inbox = await eventually(async () => {
      const res = await api<{ items: { ticketId?: string }[] }>(
        "GET",
        "/v1/notifications?limit=100",
        {
          as: "officer.police",
        },
      );
      return res.body.items?.some((n) => n.ticketId === police.ticketId) ? res : undefined;
    });
    expect(leaks(JSON.stringify(inbox.body), canaries)).toEqual([]);
  });
});

describe("supervisors: masked, and break-glass with a stated reason", () => {
  it("masks the case, unmasks it only with a reason, and audits the unmask", async () => {
    const { report, canaries } = canaryReport();
    const { filed } = await fileAndRoute(report, "teacher.li");
    const [name, idNumber] = canaries as [string, string];

    const masked = await api<{
      childrenMasked: boolean;
      children: Record<string, unknown>[];
      reports: { reporter: Record<string, unknown> }[];
    }>("GET", `/v1/cases/${filed.caseId}`, { as: "supervisor.wang" });
    expect(masked.body.childrenMasked).toBe(true);
    // No name, no identity-number digit, no birth date: an age band.
    expect(Object.keys(masked.body.children[0] ?? {}).sort()).toEqual([
      "ageBand",
      "circumstances",
      "gender",
      "township",
    ]);
    expect(JSON.stringify(masked.body)).not.toContain(name[0] as string);
    expect(masked.body.reports[0]?.reporter).toEqual({ relationship: "teacher" });
    expect(leaks(JSON.stringify(masked.body), canaries)).toEqual([]);
    // The timeline shows what was done, not what was written nor who reported.
    const audit = await api<{ items: { action: string; actor: { sub: string } }[] }>(
      "GET",
      `/v1/cases/${filed.caseId}/audit?limit=100`,
      { as: "supervisor.wang" },
    );
    expect(audit.body.items.find((e) => e.action === "report_received")?.actor.sub).toBe(
      "reporter",
    );
    expect(JSON.stringify(audit.body)).not.toContain("teacher.li");

    const noReason = await api<{ errors: { path: string }[] }>(
      "POST",
      `/v1/cases/${filed.caseId}/unmask`,
      {
        as: "supervisor.wang",
        body: {},
      },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]?.path).toBe("reason");
    const tooShort = await api("POST", `/v1/cases/${filed.caseId}/unmask`, {
      as: "supervisor.wang",
      body: { reason: "看看" },
    });
    expect(tooShort.status).toBe(400);
    for (const who of ["officer.police", "teacher.li", "admin"]) {
      const res = await api("POST", `/v1/cases/${filed.caseId}/unmask`, {
        as: who,
        body: { reason: "复核公安处置是否及时，需核对儿童身份" },
      });
      expect(res.status, who).toBe(403);
    }
    const before = await allAuditEvents(ctx, filed.caseId);
    expect(before.some((e) => e.action === "break_glass_unmask")).toBe(false);

    const reason = "复核公安处置是否及时，需核对儿童身份";
    const unmasked = await api<{
      childrenMasked: boolean;
      children: { name: string; idNumber: string }[];
      reports: { description?: string; reporter: { phone?: string } }[];
    }>("POST", `/v1/cases/${filed.caseId}/unmask`, { as: "supervisor.wang", body: { reason } });
    expect(unmasked.status).toBe(200);
    expect(unmasked.body.childrenMasked).toBe(false);
    expect(unmasked.body.children[0]?.name).toBe(name);
    expect(unmasked.body.children[0]?.idNumber).toBe(idNumber);
    expect(unmasked.body.reports[0]?.description).toBe(canaries[4]);
    // The reporter stays confidential even then (反家庭暴力法 Art. 14).
    expect(unmasked.body.reports[0]?.reporter.phone).toBeUndefined();

    const events = await allAuditEvents(ctx, filed.caseId);
    const glass = events.filter((e) => e.action === "break_glass_unmask");
    expect(glass).toHaveLength(1);
    expect(glass[0]?.actor).toEqual({ sub: "supervisor.wang", roles: ["supervisor"] });
    // Stored sealed under the case's key; the trail's reader is given it opened (below).
    expect(glass[0]?.details.reason).toMatch(/^pd2\./);

    // The supervisor who broke the glass reads their own reason; another supervisor sees that
    // it happened, and which fields, but not what was written.
    type Trail = { items: { action: string; details: Record<string, unknown> }[] };
    const reasonSeenBy = async (options: { as?: string; token?: string }) => {
      const trail = await api<Trail>("GET", `/v1/cases/${filed.caseId}/audit?limit=100`, options);
      expect(trail.status).toBe(200);
      return trail.body.items.find((e) => e.action === "break_glass_unmask")?.details;
    };
    expect((await reasonSeenBy({ as: "supervisor.wang" }))?.reason).toBe(reason);
    const other = await reasonSeenBy({ token: await tokenWithRole("supervisor") });
    expect(other?.reason).toBe("[withheld]");
    expect(other?.fields).toEqual(glass[0]?.details.fields);
    const verdict = await api<{ valid: boolean }>("GET", `/v1/cases/${filed.caseId}/audit/verify`, {
      as: "supervisor.wang",
    });
    expect(verdict.body.valid).toBe(true);
  });
});

function sqsRecord(body: string, queue: string) {
  const id = Math.random().toString(36).slice(2);
  return {
    messageId: id,
    receiptHandle: id,
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: String(Date.now()),
      SenderId: "x",
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      MessageGroupId: id,
      MessageDeduplicationId: id,
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queue}`,
    awsRegion: "us-east-1",
  };
}
