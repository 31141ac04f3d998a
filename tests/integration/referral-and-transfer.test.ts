/**
 * Agencies hand work to one another on the same case: a referral (转介) creates a support ticket
 * for another agency; a decline with a suggested agency transfers (移送); a decline without one
 * alerts the supervisors. Each is audited and the chain still verifies.
 */
import { describe, expect, it } from "vitest";
import { api, exampleReport, fileAs, pendingTicket, uniqueIdNumber } from "../support/api.ts";

interface Ticket {
  ticketId: string;
  caseId: string;
  agency: string;
  kind: string;
  status: string;
  createdAt: string;
  acceptDueAt: string;
  closeDueAt: string | null;
  referredFrom?: string;
  clocks?: { id: string; dueAt: string }[];
  routingRule: { ruleId: string };
}

describe("referral and transfer", () => {
  it("police refers to the court for a protection order; the court's clock is the protection-order one", async () => {
    const filed = { body: await fileAs("teacher.li", exampleReport(uniqueIdNumber())) };
    const police = await pendingTicket("officer.police", filed.body.caseId);
    await api("POST", `/v1/tickets/${police.ticketId}/accept`, { as: "officer.police", body: {} });

    const referred = await api<{ ticket: Ticket; created: Ticket }>(
      "POST",
      `/v1/tickets/${police.ticketId}/refer`,
      {
        as: "officer.police",
        body: {
          toAgency: "court",
          request: "申请人身安全保护令",
          reason: "监护人有继续施暴危险",
          applies: "protection_order",
        },
      },
    );

    expect(referred.status).toBe(201);
    const court = referred.body.created;
    expect(court).toMatchObject({
      agency: "court",
      kind: "support",
      status: "pending",
      referredFrom: police.ticketId,
    });
    expect(court.routingRule.ruleId).toBe("referral");
    // Immediate danger: the court accepts within 15 minutes and decides within 24 h of the
    // application (反家暴法 Art. 28), a clock of its own beside the ticket's.
    expect(Date.parse(court.acceptDueAt) - Date.parse(court.createdAt)).toBe(15 * 60_000);
    const decision = court.clocks?.find((c) => c.id === "protection_order_decision");
    expect(Date.parse(decision?.dueAt ?? "") - Date.parse(court.createdAt)).toBe(24 * 3_600_000);
    // the court now reads the case; a second referral to it is a conflict
    expect(
      (await api("GET", `/v1/cases/${filed.body.caseId}`, { as: "officer.court" })).status,
    ).toBe(200);
    const again = await api("POST", `/v1/tickets/${police.ticketId}/refer`, {
      as: "officer.police",
      body: { toAgency: "court", request: "再次申请", reason: "重复" },
    });
    expect(again.status).toBe(409);
  });

  it("civil affairs transfers to education by declining with a suggestion; a plain decline alerts supervisors", async () => {
    const filed = {
      body: await fileAs(
        "director.zhaxi",
        exampleReport(uniqueIdNumber(), {
          categories: ["guardianship_failure"],
          immediateDanger: false,
        }),
      ),
    };
    const civil = await pendingTicket("officer.civil", filed.body.caseId);

    const declined = await api<{ ticket: Ticket; created: Ticket }>(
      "POST",
      `/v1/tickets/${civil.ticketId}/decline`,
      {
        as: "officer.civil",
        body: { reason: "儿童在校寄宿，由学校先行处置", suggestAgency: "education" },
      },
    );

    expect(declined.status).toBe(200);
    expect(declined.body.ticket.status).toBe("declined");
    expect(declined.body.created).toMatchObject({
      agency: "education",
      kind: "lead",
      status: "pending",
      referredFrom: civil.ticketId,
    });
    const education = await pendingTicket("officer.education", filed.body.caseId);
    expect(education.ticketId).toBe(declined.body.created.ticketId);

    const plain = await api<{ ticket: Ticket }>(
      "POST",
      `/v1/tickets/${education.ticketId}/decline`,
      {
        as: "officer.education",
        body: { reason: "不属于本部门职责" },
      },
    );
    expect(plain.status).toBe(200);

    const audit = await api<{ items: { action: string; ticketId?: string }[] }>(
      "GET",
      `/v1/cases/${filed.body.caseId}/audit?limit=100`,
      { as: "supervisor.wang" },
    );
    const actions = audit.body.items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "ticket_declined",
        "ticket_created",
        "supervisor_alerted",
        "case_closed",
      ]),
    );
    const verify = await api<{ valid: boolean }>(
      "GET",
      `/v1/cases/${filed.body.caseId}/audit/verify`,
      { as: "supervisor.wang" },
    );
    expect(verify.body.valid).toBe(true);
  });
});
