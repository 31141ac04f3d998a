/**
 * Agencies acting at once on one case: 5 agencies × 4 concurrent measures on their own tickets,
 * through the store as the API calls it. Returns the success rate and p50/p99 of one command.
 * `measureConcurrentCommands(store)` is meant for the bench runner; alone:
 * `tsx tests/bench/concurrent-commands.ts [rounds]` starts a local stack and prints the figures.
 */
import type { Identity, ReportInput } from "@cp/domain";
import { startLocalStack } from "@cp/local/stack";
import {
  acceptTicket,
  fileReport,
  recordAction,
  referTicket,
  routeStoredReport,
  type StoreContext,
  ticketsOfCase,
} from "@cp/store";
import { freePort } from "../support/free-port.ts";
import { reportBody } from "./sample-reports.ts";

const AGENCIES = ["police", "court", "procuratorate", "civil_affairs", "education"] as const;
const officer = (agency: string): Identity => ({
  sub: `bench.${agency}`,
  name: agency,
  roles: ["officer"],
  agency: agency as Identity["agency"] & string,
});
const reporter: Identity = { sub: "bench.reporter", name: "bench", roles: ["reporter"] };

async function caseWithFiveAgencies(store: StoreContext, n: number) {
  const filed = await fileReport(
    store,
    reporter,
    reportBody(n, { categories: ["physical_abuse"], immediateDanger: false }, 7) as ReportInput,
  );
  await routeStoredReport(store, filed.reportId);
  let tickets = await ticketsOfCase(store, filed.caseId);
  const police = tickets.find((t) => t.agency === "police");
  if (!police) throw new Error("no police ticket");
  // Only an accepted ticket may refer.
  await acceptTicket(store, officer("police"), police.ticketId, {});
  for (const agency of AGENCIES) {
    if (tickets.some((t) => t.agency === agency)) continue;
    await referTicket(store, officer("police"), police.ticketId, {
      toAgency: agency,
      request: "协助",
      reason: "多部门协作",
    });
  }
  tickets = await ticketsOfCase(store, filed.caseId);
  const own = AGENCIES.map((a) => {
    const t = tickets.find((x) => x.agency === a && x.status !== "declined");
    if (!t) throw new Error(`no ${a} ticket`);
    return t;
  });
  for (const t of own) {
    if (t.status === "pending") await acceptTicket(store, officer(t.agency), t.ticketId, {});
  }
  return own;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function measureConcurrentCommands(store: StoreContext, rounds = 3) {
  const latencies: number[] = [];
  let ok = 0;
  let total = 0;
  for (let round = 0; round < rounds; round++) {
    const tickets = await caseWithFiveAgencies(store, round);
    const runs = tickets.flatMap((t) =>
      Array.from({ length: 4 }, async (_, i) => {
        const start = performance.now();
        try {
          await recordAction(store, officer(t.agency), t.ticketId, {
            type: "note",
            note: `记录 ${i}`,
          });
          ok++;
        } finally {
          latencies.push(performance.now() - start);
          total++;
        }
      }),
    );
    await Promise.allSettled(runs);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    commands: total,
    succeeded: ok,
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stack = await startLocalStack({
    apiPort: await freePort(),
    dynamoPort: await freePort(),
    sqsPort: await freePort(),
    pollers: false,
    sweepIntervalMs: 0,
    log: () => undefined,
  });
  try {
    console.log(await measureConcurrentCommands(stack.store, Number(process.argv[2] ?? 3)));
  } finally {
    await stack.stop();
  }
}
