/**
 * Agencies acting at once on one case: commands on different tickets never fail for being
 * concurrent, reads and refused reads never make a write fail, and the case's chain still
 * verifies with every event of every command on it (an event exists iff its change does).
 */
import { describe, expect, it } from "vitest";
import { api, exampleReport, fileAs, pendingTicket, uniqueIdNumber } from "../support/api.ts";
import { newReporter, tokenWithRole } from "../support/security.ts";

const OFFICERS = {
  police: "officer.police",
  court: "officer.court",
  procuratorate: "officer.procuratorate",
  civil_affairs: "officer.civil",
  education: "officer.education",
} as const;
type Agency = keyof typeof OFFICERS;

/** A case on which each of the five agencies holds an accepted ticket. */
async function caseWithFiveAgencies() {
  // The filer is not told the case; the helper finds it where the router put it.
  const { caseId } = await fileAs(await newReporter(), exampleReport(uniqueIdNumber()));
  const police = await pendingTicket(OFFICERS.police, caseId);
  const tickets: Partial<Record<Agency, string>> = { police: police.ticketId };
  // Only an accepted ticket may refer.
  await api("POST", `/v1/tickets/${police.ticketId}/accept`, { as: OFFICERS.police, body: {} });
  const onCase = async () =>
    (
      await api<{ tickets: { agency: string; ticketId: string; status: string }[] }>(
        "GET",
        `/v1/cases/${caseId}`,
        { as: "supervisor.wang" },
      )
    ).body.tickets;
  for (const agency of Object.keys(OFFICERS) as Agency[]) {
    if (agency === "police") continue;
    const routed = (await onCase()).find((t) => t.agency === agency && t.status === "pending");
    if (routed) {
      tickets[agency] = routed.ticketId;
      continue;
    }
    const referred = await api<{ created: { ticketId: string } }>(
      "POST",
      `/v1/tickets/${police.ticketId}/refer`,
      { as: OFFICERS.police, body: { toAgency: agency, request: "协助", reason: "多部门协作" } },
    );
    expect(referred.status).toBe(201);
    tickets[agency] = referred.body.created.ticketId;
  }
  for (const [agency, ticketId] of Object.entries(tickets) as [Agency, string][]) {
    if (agency === "police") continue;
    const accepted = await api("POST", `/v1/tickets/${ticketId}/accept`, {
      as: OFFICERS[agency],
      body: {},
    });
    expect(accepted.status).toBe(200);
  }
  return { caseId, tickets: tickets as Record<Agency, string> };
}

describe("agencies acting at once on one case", () => {
  // No timing is asserted: on a loaded two-core machine the twenty commands take seconds each.
  it("5 agencies × 4 concurrent measures on their own tickets: 20 of 20 succeed, the chain verifies", {
    timeout: 120_000,
  }, async () => {
    const { caseId, tickets } = await caseWithFiveAgencies();
    const outsider = await tokenWithRole("officer", "health");
    const before = await api<{ events: number }>("GET", `/v1/cases/${caseId}/audit/verify`, {
      as: "supervisor.wang",
    });

    const commands = (Object.entries(tickets) as [Agency, string][]).flatMap(([agency, id]) =>
      Array.from({ length: 4 }, (_, i) =>
        api("POST", `/v1/tickets/${id}/actions`, {
          as: OFFICERS[agency],
          body: { type: "note", note: `第${i + 1}次记录` },
        }),
      ),
    );
    // Readers at the same time: agencies reading the case, an outsider refused it.
    const reads = Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0
        ? api("GET", `/v1/cases/${caseId}`, { as: OFFICERS.court })
        : api("GET", `/v1/cases/${caseId}`, { token: outsider }),
    );
    const [written, read] = await Promise.all([Promise.all(commands), Promise.all(reads)]);

    expect(written.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(read.map((r) => r.status)).toEqual([200, 404, 200, 404, 200, 404, 200, 404]);

    const verdict = await api<{ valid: boolean; events: number }>(
      "GET",
      `/v1/cases/${caseId}/audit/verify`,
      { as: "supervisor.wang" },
    );
    expect(verdict.body.valid).toBe(true);
    // Exactly the twenty measures joined the chain: reads and refusals are not on it.
    expect(verdict.body.events - before.body.events).toBe(20);

    // The reads and refusals are in the case's access log, merged per actor and minute.
    const log = await api<{
      items: { action: string; actor: { sub: string }; details: { via: string } }[];
    }>("GET", `/v1/cases/${caseId}/access-log`, { as: "supervisor.wang" });
    expect(log.status).toBe(200);
    expect(
      log.body.items.some(
        (e) => e.action === "child_data_viewed" && e.actor.sub === "officer.court",
      ),
    ).toBe(true);
    expect(log.body.items.some((e) => e.action === "access_denied")).toBe(true);
    expect(log.body.items.length).toBeLessThanOrEqual(4);
    // An agency does not read who else looked at the case.
    expect(
      (await api("GET", `/v1/cases/${caseId}/access-log`, { as: OFFICERS.court })).status,
    ).toBe(403);
  });
});
