/**
 * The load generator, in a process of its own so that it does not share the API's event loop:
 * autocannon files reports through the HTTP API, each about a different child, and prints its
 * result as JSON on the last line of stdout.
 *
 * Each reporter files at most PER_REPORTER reports (the API's filing quota is 30 per reporter), so
 * the load is many reporters, as in a province, not one flooding account.
 *
 *   tsx tests/bench/load-client.ts <apiUrl> <tokens.json> <seconds> <connections> <run>
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import { reportBody } from "./sample-reports.ts";

const PER_REPORTER = 25;
const [apiUrl, tokenFile, seconds, connections, run] = process.argv.slice(2);
if (!apiUrl || !tokenFile) {
  throw new Error("usage: load-client <apiUrl> <tokens.json> <seconds> <connections> <run>");
}
const tokens = JSON.parse(readFileSync(tokenFile, "utf8")) as string[];
if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(apiUrl)) {
  throw new Error("load is only ever sent to the local stack on loopback");
}

let serial = 0;
const result = await autocannon({
  url: apiUrl,
  duration: Number(seconds ?? 15),
  connections: Number(connections ?? 10),
  requests: [
    {
      method: "POST",
      path: "/v1/reports",
      setupRequest: (request) => ({
        ...request,
        headers: {
          authorization: `Bearer ${tokens[Math.floor(serial / PER_REPORTER) % tokens.length]}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(
          reportBody(
            serial++,
            { categories: ["physical_abuse"], immediateDanger: true },
            Number(run ?? 1),
          ),
        ),
      }),
    },
  ],
});
process.stdout.write(
  `\n${JSON.stringify({
    requests: result.requests.total,
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodeStats,
  })}\n`,
);
