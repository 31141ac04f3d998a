/**
 * The load generator, in a process of its own so that it does not share the API's event loop:
 * autocannon files reports through the HTTP API, each about a different child, and prints its
 * result as JSON on the last line of stdout.
 *
 *   tsx tests/bench/load-client.ts <apiUrl> <token> <seconds> <connections> <run>
 */
import autocannon from "autocannon";
import { reportBody } from "./sample-reports.ts";

const [apiUrl, token, seconds, connections, run] = process.argv.slice(2);
if (!apiUrl || !token)
  throw new Error("usage: load-client <apiUrl> <token> <seconds> <connections> <run>");
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
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      setupRequest: (request) => ({
        ...request,
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
