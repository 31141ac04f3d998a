/**
 * Bad input, generated: thousands of request bodies, headers and paths for the API, and
 * arbitrary SQS messages for the router and the dispatcher. The API never answers 5xx and every
 * rejection is problem+json; a malformed message fails alone, writes nothing, and ends in its
 * queue's DLQ while the messages behind it flow.
 *
 * RELIABILITY_FUZZ_RUNS sets the number of API requests (default 3000).
 */
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { createRouterHandler } from "@cp/functions/router/handler";
import { agencyQueue, intakeQueue, queueUrls } from "@cp/store";
import type { SQSRecord } from "aws-lambda";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sqsEvent } from "../bench/bundles.ts";
import { installMeter } from "../bench/instruments.ts";
import { reportBody } from "../bench/sample-reports.ts";
import { arnOf } from "../bench/sqs-event.ts";
import {
  caseOfReport,
  eventually,
  exampleReport,
  signToken,
  stack,
  storeContext,
} from "../support/api.ts";
import { queueDepth, ticketsOfCase } from "./support.ts";

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 3000);
const quiet = () => undefined;

/** Tokens enough that no caller meets their quota: the fuzz is about input, not rate. */
async function tokenPool(size: number, claims: Record<string, unknown>, tag: string) {
  return Promise.all(Array.from({ length: size }, (_, i) => signToken(claims, `fuzz.${tag}.${i}`)));
}

/** Set `value` at a dotted path in a deep copy of `target`. */
function withValueAt(target: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(target) as Record<string, unknown>;
  const keys = path.split(".");
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (!child || typeof child !== "object") return copy;
    node = child as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
  return copy;
}

const REPORT_PATHS = [
  "reporter",
  "reporter.phone",
  "reporter.relationship",
  "children",
  "children.0",
  "children.0.name",
  "children.0.idNumber",
  "children.0.birthDate",
  "children.0.ageYears",
  "children.0.gender",
  "children.0.circumstances",
  "incident",
  "incident.categories",
  "incident.description",
  "incident.occurredAt",
  "incident.immediateDanger",
  "unknownField",
];

const bodyArbitrary = fc.oneof(
  // a valid report with one field replaced by anything
  fc
    .tuple(fc.constantFrom(...REPORT_PATHS), fc.anything({ maxDepth: 2 }))
    .map(([path, value]) => JSON.stringify(withValueAt(exampleReport(), path, value))),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constant(""),
  fc.constant("{"),
  fc.constant(JSON.stringify({ note: "x".repeat(70_000) })),
  fc.constant(undefined),
);

const requestArbitrary = fc.record({
  target: fc.oneof(
    fc.constant({ method: "POST", path: "/v1/reports", as: "reporter" as const }),
    fc
      .tuple(
        fc.constantFrom("accept", "decline", "actions", "refer", "close"),
        fc.oneof(fc.string({ maxLength: 80 }), fc.constant("01JZZZZZZZZZZZZZZZZZZZZZZZ")),
      )
      .map(([command, id]) => ({
        method: "POST",
        path: `/v1/tickets/${encodeURIComponent(id)}/${command}`,
        as: "officer" as const,
      })),
    fc.string({ maxLength: 120 }).map((q) => ({
      method: "GET",
      path: `/v1/tickets?${q}`,
      as: "officer" as const,
    })),
    fc.string({ maxLength: 60 }).map((q) => ({
      method: "GET",
      path: `/v1/metrics/response-times?${q}`,
      as: "supervisor" as const,
    })),
    fc.string({ maxLength: 60 }).map((id) => ({
      method: "GET",
      path: `/v1/cases/${encodeURIComponent(id)}/audit?limit=${encodeURIComponent(id)}`,
      as: "supervisor" as const,
    })),
  ),
  body: bodyArbitrary,
  contentType: fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    undefined,
  ),
  auth: fc.constantFrom("valid", "valid", "valid", "garbage", "none", "alg-none"),
  idempotencyKey: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
  ifMatch: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
});

describe("bad input", () => {
  it(`the API answers ${RUNS} generated requests without a 5xx, every rejection problem+json`, async () => {
    const pools = {
      reporter: await tokenPool(Math.ceil(RUNS / 20), { roles: ["reporter"] }, "reporter"),
      officer: await tokenPool(
        Math.ceil(RUNS / 60),
        { roles: ["officer"], agency: "police" },
        "officer",
      ),
      supervisor: await tokenPool(4, { roles: ["supervisor"] }, "supervisor"),
    };
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x","roles":["admin"]}').toString("base64url")}.`;
    let n = 0;
    let unsendable = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (r) => {
        n++;
        const pool = pools[r.target.as];
        const token =
          r.auth === "valid"
            ? pool[n % pool.length]
            : r.auth === "garbage"
              ? "not.a.token"
              : r.auth === "alg-none"
                ? unsigned
                : undefined;
        const headers: Record<string, string> = {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(r.contentType ? { "content-type": r.contentType } : {}),
          ...(r.idempotencyKey !== undefined ? { "idempotency-key": r.idempotencyKey } : {}),
          ...(r.ifMatch !== undefined ? { "if-match": r.ifMatch } : {}),
        };
        let request: Request;
        try {
          request = new Request(`${stack().apiUrl}${r.target.path}`, {
            method: r.target.method,
            headers,
            ...(r.target.method === "POST" && r.body !== undefined ? { body: r.body } : {}),
          });
        } catch (error) {
          // A header value no client can send (control characters) is refused while the request
          // is built, before any connection; a refused connection or a reset, by contrast, is
          // thrown by fetch below and fails the test.
          if (error instanceof TypeError) {
            unsendable++;
            return;
          }
          throw error;
        }
        const res = await fetch(request);
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(
          res.status,
          `${r.target.method} ${r.target.path}: ${text.slice(0, 200)}`,
        ).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toContain("application/problem+json");
          const problem = JSON.parse(text) as { status: number; title: string };
          expect(problem.status).toBe(res.status);
          expect(typeof problem.title).toBe("string");
          expect(text).not.toMatch(/\bat .*\.ts:\d+/);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.RELIABILITY_SEED ?? 20261128) },
    );
    const counts = Object.fromEntries([...statuses].sort());
    console.log(
      `API fuzz: ${n} requests, ${unsendable} unsendable, statuses ${JSON.stringify(counts)}`,
    );
    // Every request was either answered or could not be built: none was lost on the way.
    const answered = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(answered + unsendable).toBe(n);
    // The generator reaches the API, not only the client: most requests are answered, and the
    // answers span the checks the fuzz is about (validation, authentication, accepted input).
    expect(answered).toBeGreaterThan(n * 0.9);
    const within = (low: number, high: number) =>
      [...statuses].filter(([status]) => status >= low && status < high).length;
    expect(within(200, 300), "some requests were accepted").toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0, "validation answered 400").toBeGreaterThan(0);
    expect(statuses.get(401) ?? 0, "authentication answered 401").toBeGreaterThan(0);
  });

  it("arbitrary intake and agency messages fail alone and write nothing", async () => {
    const ctx = storeContext();
    const meter = installMeter(ctx.clients);
    const router = createRouterHandler(ctx, quiet);
    const dispatch = createDispatchHandler(ctx, quiet);
    const urls = queueUrls(ctx.config);
    const body = fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record({ reportId: fc.string({ maxLength: 30 }), caseId: fc.string({ maxLength: 30 }) })
        .map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 1, maxLength: 10 }), async (bodies) => {
        const records = bodies.map((b, i) => ({
          ...(sqsEvent(arnOf(urls.intake), null, `g${i}`, `m${i}`).Records[0] as SQSRecord),
          body: b,
        }));
        const routed = await router({ Records: records });
        expect(routed.batchItemFailures).toHaveLength(records.length);
        const notices = records.map((r) => ({
          ...r,
          eventSourceARN: arnOf(urls.agency("police")),
        }));
        const parsesAsNotice = (b: string) => {
          try {
            const o = JSON.parse(b) as Record<string, unknown>;
            return ["event", "noticeId", "caseId", "referenceNo"].every(
              (k) => typeof o[k] === "string" && o[k] !== "",
            );
          } catch {
            return false;
          }
        };
        const malformed = notices.filter((r) => !parsesAsNotice(r.body));
        if (malformed.length > 0) {
          const dispatched = await dispatch({ Records: malformed });
          expect(dispatched.batchItemFailures).toHaveLength(malformed.length);
        }
      }),
      { numRuns: 300, seed: Number(process.env.RELIABILITY_SEED ?? 20261128) },
    );
    const cost = meter.total();
    expect(cost.dynamo.TransactWriteItems ?? 0).toBe(0);
    expect(cost.dynamo.PutItem ?? 0).toBe(0);
    expect(cost.messagesSent).toBe(0);
  });

  it("malformed queue messages end in the DLQ without blocking the messages behind them", async () => {
    const ctx = storeContext();
    const sqs = ctx.clients.sqs;
    const prefix = ctx.config.queueUrlPrefix;
    const intakeDlq = prefix + intakeQueue.deadLetterName;
    const policeDlq = prefix + agencyQueue("police").deadLetterName;
    const [intakeBefore, policeBefore] = [
      await queueDepth(sqs, intakeDlq),
      await queueDepth(sqs, policeDlq),
    ];
    const garbage = ["{", "null", JSON.stringify({ reportId: "nope", caseId: "nope" })];
    for (const [i, body] of garbage.entries()) {
      for (const url of [prefix + intakeQueue.name, prefix + agencyQueue("police").name]) {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: url,
            MessageBody: body,
            MessageGroupId: `garbage-${Date.now()}-${i}`,
            MessageDeduplicationId: `garbage-${Date.now()}-${i}`,
          }),
        );
      }
    }
    // Reports filed meanwhile still route.
    const token = await signToken({ roles: ["reporter"] }, "dlq.reporter");
    const filed = [];
    for (let n = 0; n < 3; n++) {
      const res = await fetch(`${stack().apiUrl}/v1/reports`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(
          reportBody(n, { categories: ["physical_abuse"], immediateDanger: true }, 31),
        ),
      });
      expect(res.status).toBe(201);
      filed.push(await caseOfReport(((await res.json()) as { reportId: string }).reportId));
    }
    for (const caseId of filed) {
      await eventually(
        async () => ((await ticketsOfCase(ctx, caseId)).length === 4 ? true : undefined),
        60_000,
        "tickets",
      );
    }
    await eventually(
      async () =>
        (await queueDepth(sqs, intakeDlq)) - intakeBefore === garbage.length &&
        (await queueDepth(sqs, policeDlq)) - policeBefore === garbage.length
          ? true
          : undefined,
      120_000,
      "malformed messages in the DLQs",
    );
  });
});
