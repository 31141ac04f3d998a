/**
 * Where a filing's time goes: reports filed one at a time on an otherwise idle stack, each AWS
 * call timed by client middleware, beside the bare case-opening transaction timed the same way.
 * What the calls do not account for is the API's own work in its process (token check, body
 * validation and normalisation, sealing the personal data, HTTP and JSON).
 */
import type { LocalStack } from "@cp/local/stack";
import { timeCalls } from "./instruments.ts";
import { reportBody } from "./sample-reports.ts";
import { percentile } from "./throughput.ts";

export interface FilingBreakdown {
  readonly filings: number;
  /** Median time of one filing, client side (201 received). */
  readonly filingMs: number;
  /** Median time per filing spent in each AWS call (by command), summed over the filing's calls. */
  readonly callsMs: Readonly<Record<string, number>>;
  /** filingMs minus the calls: the API's own work. */
  readonly ownWorkMs: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function measureFilingBreakdown(
  stack: LocalStack,
  filings = 40,
): Promise<FilingBreakdown> {
  let current: Map<string, number> | undefined;
  const stopTiming = timeCalls(
    stack.store.clients,
    (name, ms) => {
      if (current) current.set(name, (current.get(name) ?? 0) + ms);
    },
    "benchFilingTimer",
  );
  const totals: number[] = [];
  const calls: Map<string, number>[] = [];
  try {
    for (let i = 0; i < filings; i++) {
      const token = await stack.issuer.sign({ roles: ["reporter"] }, `bench.breakdown.${i}`);
      const body = JSON.stringify(
        reportBody(i, { categories: ["dropout"], immediateDanger: false }, 5),
      );
      current = new Map();
      const started = performance.now();
      const res = await fetch(`${stack.apiUrl}/v1/reports`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
      });
      await res.arrayBuffer();
      const took = performance.now() - started;
      if (res.status !== 201) throw new Error(`a filing answered ${res.status}`);
      // The first filings warm the JIT and the connections; keep the rest.
      if (i >= 5) {
        totals.push(took);
        calls.push(current);
      }
      current = undefined;
    }
  } finally {
    stopTiming();
  }
  const names = [...new Set(calls.flatMap((c) => [...c.keys()]))].sort();
  const callsMs = Object.fromEntries(
    names.map(
      (n) =>
        [
          n,
          round1(
            percentile(
              calls.map((c) => c.get(n) ?? 0),
              50,
            ),
          ),
        ] as const,
    ),
  );
  const filingMs = round1(percentile(totals, 50));
  const inCalls = Object.values(callsMs).reduce((a, b) => a + b, 0);
  return { filings: totals.length, filingMs, callsMs, ownWorkMs: round1(filingMs - inCalls) };
}
