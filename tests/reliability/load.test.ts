/**
 * Zero-loss accounting under load: a thousand reports filed through the API at the rate the
 * stack sustains, each about a different child with its own mix of harm categories. Once the
 * queues are drained, every report must have its case, exactly the tickets its routing rules
 * demand (computed here with the domain's own `routeReport`), no ticket twice, one routing
 * event, and an audit chain that verifies.
 *
 * RELIABILITY_REPORTS sets the number of reports (default 1000); filing stops early after
 * RELIABILITY_FILING_SECONDS (default 45) so that a slow or shared machine still finishes in
 * bounded time, and the accounting then covers what was filed (at least MIN_REPORTS).
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { HARM_CATEGORIES, type ReportInput, verifyChain } from "@cp/domain";
import { allQueues } from "@cp/store";
import { describe, expect, it } from "vitest";
import { reportBody } from "../bench/sample-reports.ts";
import { api, caseOfReport, signToken, stack, storeContext } from "../support/api.ts";
import { auditOfCase, drained, expectedTickets, ticketsOfCase } from "./support.ts";

const REPORTS = Number(process.env.RELIABILITY_REPORTS ?? 1000);
const FILING_SECONDS = Number(process.env.RELIABILITY_FILING_SECONDS ?? 45);
const MIN_REPORTS = Math.min(REPORTS, 200);
const CONCURRENCY = 8;
/** Reports per reporter: under the API's filing quota (30 at once per reporter). */
const PER_REPORTER = 25;

/** A small deterministic generator, so a failing mix can be replayed. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run `work` over `items` with at most `limit` at once. */
async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>,
  until = Number.POSITIVE_INFINITY,
) {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length && Date.now() < until) {
        const i = next++;
        results[i] = await work(items[i] as T, i);
      }
    }),
  );
  return results.filter((r) => r !== undefined);
}

interface Filed {
  readonly status: number;
  readonly reportId: string;
  readonly caseId: string;
  readonly input: ReportInput;
}

describe("load with zero-loss accounting", () => {
  it(`files up to ${REPORTS} reports and finds every case, every demanded ticket once, and intact chains`, async () => {
    const seed = Number(process.env.RELIABILITY_SEED ?? 20261128);
    const random = mulberry32(seed);
    const inputs = Array.from({ length: REPORTS }, (_, n) => {
      const first = HARM_CATEGORIES[Math.floor(random() * HARM_CATEGORIES.length)] as string;
      const second = HARM_CATEGORIES[Math.floor(random() * HARM_CATEGORIES.length)] as string;
      const categories = random() < 0.3 ? [...new Set([first, second])] : [first];
      return reportBody(
        n,
        { categories, immediateDanger: random() < 0.4 },
        5,
      ) as unknown as ReportInput;
    });
    // Many reporters, as in a province: each stays under their own filing quota.
    const tokens = await Promise.all(
      Array.from({ length: Math.ceil(REPORTS / PER_REPORTER) }, (_, i) =>
        signToken(
          { roles: ["reporter"], name: `报告人${i}`, org: "测试学校" },
          `load.reporter.${i}`,
        ),
      ),
    );

    // Act: file them all, CONCURRENCY at a time.
    const started = Date.now();
    const filed = await inParallel(
      inputs,
      CONCURRENCY,
      async (input, i): Promise<Filed> => {
        const token = tokens[Math.floor(i / PER_REPORTER)];
        const res = await fetch(`${stack().apiUrl}/v1/reports`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(input),
        });
        const body = (await res.json()) as { reportId?: string };
        return {
          status: res.status,
          reportId: body.reportId ?? "",
          caseId: body.reportId ? await caseOfReport(body.reportId) : "",
          input,
        };
      },
      started + FILING_SECONDS * 1000,
    );
    const filingSeconds = (Date.now() - started) / 1000;
    const ctx = storeContext();
    const sqs = ctx.clients.sqs as SQSClient;
    await drained(
      sqs,
      allQueues.map((q) => ctx.config.queueUrlPrefix + q.name),
      240_000,
    );
    const drainedSeconds = (Date.now() - started) / 1000;

    // Assess: the accounting, case by case.
    const accepted = filed.filter((f) => f.status === 201);
    const perCase = await inParallel(accepted, CONCURRENCY, async (f) => {
      const [tickets, events] = await Promise.all([
        ticketsOfCase(ctx, f.caseId),
        auditOfCase(ctx, f.caseId),
      ]);
      const expected = expectedTickets(f.input);
      const found = tickets.map((t) => `${t.agency}:${t.kind}`).sort();
      const agencies = tickets.map((t) => t.agency);
      return {
        expected: expected.length,
        found: found.length,
        missing: expected.filter((e) => !found.includes(e)),
        unexpected: found.filter((e) => !expected.includes(e)),
        duplicates: agencies.length - new Set(agencies).size,
        caseFound: events.length > 0,
        routedEvents: events.filter((e) => e.action === "report_routed").length,
        chainValid: verifyChain(events).valid,
      };
    });
    // The served verification too, on every tenth case.
    const served = await inParallel(
      accepted.filter((_, i) => i % 10 === 0),
      CONCURRENCY,
      async (f) =>
        (
          await api<{ valid: boolean }>("GET", `/v1/cases/${f.caseId}/audit/verify`, {
            as: "supervisor.wang",
          })
        ).body.valid,
    );

    const sum = (pick: (c: (typeof perCase)[number]) => number) =>
      perCase.reduce((a, c) => a + pick(c), 0);
    const accounting = {
      seed,
      reportsFiled: filed.length,
      accepted201: accepted.length,
      rejected: filed.length - accepted.length,
      rejectedStatuses: [...new Set(filed.filter((f) => f.status !== 201).map((f) => f.status))],
      filingPerSecond: Math.round((filed.length / filingSeconds) * 10) / 10,
      secondsUntilDrained: Math.round(drainedSeconds),
      casesFound: perCase.filter((c) => c.caseFound).length,
      ticketsExpected: sum((c) => c.expected),
      ticketsFound: sum((c) => c.found),
      duplicates: sum((c) => c.duplicates),
      losses: sum((c) => c.missing.length),
      unexpected: sum((c) => c.unexpected.length),
      reportsNotRoutedOnce: perCase.filter((c) => c.routedEvents !== 1).length,
      chainsVerified: perCase.filter((c) => c.chainValid).length,
      servedVerifications: `${served.filter(Boolean).length}/${served.length}`,
    };
    console.log(`reliability accounting:\n${JSON.stringify(accounting, null, 2)}`);

    expect(filed.length).toBeGreaterThanOrEqual(MIN_REPORTS);
    expect(accounting.rejected).toBe(0);
    expect(accounting.casesFound).toBe(filed.length);
    expect(accounting.losses).toBe(0);
    expect(accounting.duplicates).toBe(0);
    expect(accounting.unexpected).toBe(0);
    expect(accounting.ticketsFound).toBe(accounting.ticketsExpected);
    expect(accounting.reportsNotRoutedOnce).toBe(0);
    expect(accounting.chainsVerified).toBe(filed.length);
    expect(served.every(Boolean)).toBe(true);
  });
});
