/**
 * DynamoDB Local restarted with persistence on: a stack of this file's own keeps its data in a
 * temporary directory, is stopped, and started again on the same directory. What was stored is
 * all there, once, with chains that verify; a new report about a known child joins its case.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ReportInput, verifyChain } from "@cp/domain";
import { type LocalStack, startLocalStack } from "@cp/local/stack";
import { allQueues, readReport } from "@cp/store";
import { afterAll, describe, expect, it } from "vitest";
import { reportBody } from "../bench/sample-reports.ts";
import { freePort } from "../support/free-port.ts";
import { auditOfCase, drained, expectedTickets, ticketsOfCase } from "./support.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "cp-restart-"));
let running: LocalStack | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start() {
  running = await startLocalStack({
    apiPort: 0,
    dynamoPort: await freePort(),
    sqsPort: await freePort(),
    dataDir,
    sweepIntervalMs: 0,
    log: () => undefined,
  });
  return running;
}

async function post(s: LocalStack, as: string, body: unknown) {
  const token = await s.issuer.tokenFor(as);
  const res = await fetch(`${s.apiUrl}/v1/reports`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { reportId: string },
  };
}

/** The case a report went to (the filer is never told; the store knows). */
async function caseOf(s: LocalStack, reportId: string) {
  return (await readReport(s.store, reportId))?.caseId;
}

/** What a case holds, in a form to compare before and after. */
async function snapshot(s: LocalStack, caseId: string) {
  const tickets = await ticketsOfCase(s.store, caseId);
  const events = await auditOfCase(s.store, caseId);
  return {
    tickets: tickets.map((t) => `${t.ticketId}:${t.agency}:${t.kind}:${t.status}`).sort(),
    events: events.map((e) => e.hash),
    valid: verifyChain(events).valid,
  };
}

describe("DynamoDB Local restarted with persistence", () => {
  it("keeps every case, ticket and audit event once, and chains still verify", async () => {
    // Prepare: reports filed and routed on the first run.
    let s = await start();
    const inputs = Array.from({ length: 10 }, (_, n) =>
      reportBody(n, { categories: ["abandonment"], immediateDanger: n % 2 === 0 }, 21),
    );
    const filed = [];
    for (const input of inputs) {
      const res = await post(s, "director.zhaxi", input);
      expect(res.status).toBe(201);
      filed.push({
        caseId: (await caseOf(s, res.body.reportId)) as string,
        input: input as unknown as ReportInput,
      });
    }
    await drained(
      s.store.clients.sqs,
      allQueues.map((q) => s.store.config.queueUrlPrefix + q.name),
      120_000,
    );
    const before = await Promise.all(filed.map((f) => snapshot(s, f.caseId)));
    for (const [i, f] of filed.entries()) {
      expect(before[i]?.tickets).toHaveLength(expectedTickets(f.input).length);
    }

    // Act: stop everything, start again on the same data directory.
    await s.stop();
    running = undefined;
    s = await start();

    // Assess: the same items, once each, and chains that verify.
    const after = await Promise.all(filed.map((f) => snapshot(s, f.caseId)));
    expect(after).toEqual(before);
    expect(after.every((a) => a.valid)).toBe(true);
    const verify = await fetch(`${s.apiUrl}/v1/cases/${filed[0]?.caseId}/audit/verify`, {
      headers: { authorization: `Bearer ${await s.issuer.tokenFor("supervisor.wang")}` },
    });
    expect(((await verify.json()) as { valid: boolean }).valid).toBe(true);

    // The same child reported again joins the case kept across the restart.
    const again = await post(s, "teacher.li", inputs[0]);
    expect(again.status).toBe(201);
    expect(again.body).not.toHaveProperty("caseId");
    expect(await caseOf(s, again.body.reportId)).toBe(filed[0]?.caseId);
  });
});
