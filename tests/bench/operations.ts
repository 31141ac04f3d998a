/**
 * What each business operation costs in AWS requests: one report taken through its whole life,
 * each step bracketed by the meter. The stack's pollers are off, so nothing else touches the
 * clients meanwhile; the router and dispatcher run here, on messages received with a client of
 * our own (the Lambda event source's receive and delete are not the function's cost).
 */

import { SQSClient } from "@aws-sdk/client-sqs";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { createRouterHandler } from "@cp/functions/router/handler";
import type { LocalStack } from "@cp/local/stack";
import { queueUrls, readReport, ticketsOfCase } from "@cp/store";
import { type Cost, costBetween, type Meter } from "./instruments.ts";
import { reportBody } from "./sample-reports.ts";
import { receiveEvent } from "./sqs-event.ts";

export interface OperationCost extends Cost {
  readonly operation: string;
  /** HTTP status of the call, or "handler" for a queue consumer. */
  readonly outcome: string;
}

type HttpCaller = (
  method: string,
  path: string,
  as: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/** One call of the stack's API with a bearer token, its JSON answer parsed. */
export async function callApi(
  apiUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A fetch wrapper against the stack's API with demo users' tokens. */
function httpCaller(stack: LocalStack): HttpCaller {
  const tokens = new Map<string, string>();
  return async (method, path, as, body) => {
    let token = tokens.get(as);
    if (!token) {
      token = await stack.issuer.tokenFor(as);
      if (!token) throw new Error(`${as} is not a demo user`);
      tokens.set(as, token);
    }
    return callApi(stack.apiUrl, token, method, path, body);
  };
}

const quiet = () => undefined;

/**
 * Take one report through filing, routing, dispatch, the lead agency's work and the reads around
 * it, and return the cost of each step. Runs `rounds` times and keeps the last round, so that
 * first-call effects (connection set-up, JIT) do not count.
 */
export async function measureOperations(
  stack: LocalStack,
  meter: Meter,
  rounds = 3,
): Promise<OperationCost[]> {
  const call = httpCaller(stack);
  const receiver = new SQSClient({
    endpoint: stack.sqsEndpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const urls = queueUrls(stack.store.config);
  const router = createRouterHandler(stack.store, quiet);
  const dispatch = createDispatchHandler(stack.store, quiet);
  let costs: OperationCost[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      costs = [];
      const step = async <T>(
        operation: string,
        work: () => Promise<T>,
        outcomeOf: (r: T) => string,
      ): Promise<T> => {
        const before = meter.total();
        const result = await work();
        costs.push({
          operation,
          outcome: outcomeOf(result),
          ...costBetween(before, meter.total()),
        });
        return result;
      };
      const http = (r: { status: number }) => String(r.status);

      const filed = await step(
        "file report",
        () =>
          call(
            "POST",
            "/v1/reports",
            "teacher.li",
            reportBody(round, { categories: ["physical_abuse"], immediateDanger: true }, 9),
          ),
        http,
      );
      if (filed.status !== 201) {
        throw new Error(`filing a report answered ${filed.status}: ${JSON.stringify(filed.body)}`);
      }
      const reportId = String(filed.body.reportId);
      // The filer is not told the case; the bench reads it where the router does.
      const caseId = String((await readReport(stack.store, reportId))?.caseId);

      const intake = await receiveEvent(receiver, urls.intake);
      if (intake.Records.length !== 1) throw new Error("the intake message did not arrive");
      const routed = await step(
        "route (router, 1 report → 4 tickets)",
        () => router(intake),
        (r) => (r.batchItemFailures.length === 0 ? "handler ok" : "handler failed"),
      );
      if (routed.batchItemFailures.length > 0) throw new Error("routing failed");

      const notices = await receiveEvent(receiver, urls.agency("police"));
      await step(
        "dispatch (1 agency notice)",
        () => dispatch(notices),
        (r) => (r.batchItemFailures.length === 0 ? "handler ok" : "handler failed"),
      );
      // The other agencies' notices are not measured; clear them so rounds stay alike.
      for (const agency of ["civil_affairs", "womens_federation", "procuratorate"] as const) {
        await dispatch(await receiveEvent(receiver, urls.agency(agency)));
      }

      const page = await step(
        "inbox page (50)",
        () => call("GET", "/v1/tickets?status=pending&limit=50", "officer.police"),
        http,
      );
      const items = (page.body.items ?? []) as { ticketId: string; caseId: string }[];
      // The new ticket may sit past the first page; its id is on the case's ticket list.
      const ticketId =
        items.find((t) => t.caseId === caseId)?.ticketId ?? (await policeTicketOf(stack, caseId));

      await step(
        "report status (reporter)",
        () => call("GET", `/v1/reports/${reportId}`, "teacher.li"),
        http,
      );
      await step(
        "accept",
        () => call("POST", `/v1/tickets/${ticketId}/accept`, "officer.police", { note: "接警" }),
        http,
      );
      await step(
        "action",
        () =>
          call("POST", `/v1/tickets/${ticketId}/actions`, "officer.police", {
            type: "dispatched",
            note: "已出警",
          }),
        http,
      );
      await step(
        "case read (officer, audited)",
        () => call("GET", `/v1/cases/${caseId}`, "officer.police"),
        http,
      );
      await step(
        "close",
        () =>
          call("POST", `/v1/tickets/${ticketId}/close`, "officer.police", {
            outcome: "criminal_case_filed",
            summary: "已立案侦查",
          }),
        http,
      );
      await step(
        "audit trail page",
        () => call("GET", `/v1/cases/${caseId}/audit?limit=100`, "supervisor.wang"),
        http,
      );
      await step(
        "audit verify",
        () => call("GET", `/v1/cases/${caseId}/audit/verify`, "supervisor.wang"),
        http,
      );
      await step(
        "metrics: response times",
        () => {
          // Local days (UTC+8), yesterday through tomorrow: the window holds this run's tickets.
          const day = (offset: number) =>
            new Date(Date.now() + 8 * 3600_000 + offset * 24 * 3600_000).toISOString().slice(0, 10);
          return call(
            "GET",
            `/v1/metrics/response-times?from=${day(-1)}&to=${day(1)}&groupBy=agency`,
            "supervisor.wang",
          );
        },
        http,
      );
      // Whatever else is still queued (agency notices of the commands) is consumed unmeasured.
      for (const agency of [
        "police",
        "civil_affairs",
        "womens_federation",
        "procuratorate",
      ] as const) {
        await dispatch(await receiveEvent(receiver, urls.agency(agency), 10, 0));
      }
    }
  } finally {
    receiver.destroy();
  }
  return costs;
}

async function policeTicketOf(stack: LocalStack, caseId: string): Promise<string> {
  const tickets = await ticketsOfCase(stack.store, caseId);
  const police = tickets.find((t) => t.agency === "police");
  if (!police) throw new Error("no police ticket on the case");
  return police.ticketId;
}
