/**
 * The outbox sweep: a report stored while the intake queue was unreachable still reaches the
 * agencies — re-published by the sweeper once the grace period has passed, routed once, with
 * exactly one set of tickets however often it is re-published.
 */
import { MINUTE } from "@cp/domain";

const SECOND = 1000;

import { fileReport, readReport, routeStoredReport, type StoreContext, sweep } from "@cp/store";
import { describe, expect, it } from "vitest";
import { eventually, storeContext } from "../support/api.ts";
import {
  ManualClock,
  reportInput,
  TEACHER,
  ticketsOfCase,
  withBrokenQueues,
} from "./sweeper-helpers.ts";

/** A store context whose SQS client records the body of every message it sends. */
function withSentIntake(ctx: StoreContext): StoreContext & { sent: string[] } {
  const sent: string[] = [];
  ctx.clients.sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "SendMessageCommand") {
        sent.push(String((args.input as { MessageBody?: string }).MessageBody));
      }
      return next(args);
    },
    { step: "initialize", name: "recordSentIntake" },
  );
  return Object.assign(ctx, { sent });
}

describe("a report whose intake message was lost", () => {
  it("is routed by the sweep within one grace period, with exactly one set of tickets", async () => {
    // Prepare: SendMessage fails after the report is written (the queue's port is closed).
    const clock = new ManualClock(new Date());
    const filed = await fileReport(
      withBrokenQueues(storeContext(clock)),
      TEACHER,
      reportInput({ categories: ["physical_abuse"], immediateDanger: true }),
    );
    const ctx = () => storeContext(clock);

    // Act 1: inside the grace period the sweep leaves it alone.
    clock.advance(2 * MINUTE - SECOND);
    const earlyCtx = withSentIntake(ctx());
    const early = await sweep(earlyCtx, { only: ["outbox"] });
    const stillReceived = await readReport(ctx(), filed.reportId);

    // Act 2: once the grace period has passed, the sweep re-publishes it.
    clock.advance(2 * SECOND);
    const lateCtx = withSentIntake(ctx());
    const late = await sweep(lateCtx, { only: ["outbox"] });
    const routed = await eventually(
      async () => {
        const r = await readReport(ctx(), filed.reportId);
        return r?.routedAt ? r : undefined;
      },
      15_000,
      "the report to be routed",
    );

    // Act 3: the router meets the report again (a redelivered or re-published message).
    const again = await routeStoredReport(ctx(), filed.reportId);

    // Assess
    expect(stillReceived?.routedAt).toBeUndefined();
    // Nothing was published for this report inside the grace period; once after it.
    expect(earlyCtx.sent.filter((b) => b.includes(filed.reportId))).toEqual([]);
    expect(lateCtx.sent.filter((b) => b.includes(filed.reportId))).toHaveLength(1);
    expect(late.outbox.republished).toBeGreaterThanOrEqual(1);
    expect(late.outbox.failed).toBe(0);
    expect(early.outbox.failed).toBe(0);
    expect(routed.ticketIds?.length).toBe(4);
    const tickets = await ticketsOfCase(ctx(), filed.caseId);
    expect(tickets.map((t) => t.agency).sort()).toEqual([
      "civil_affairs",
      "police",
      "procuratorate",
      "womens_federation",
    ]);
    expect(again.duplicate).toBe(true);
    expect(await ticketsOfCase(ctx(), filed.caseId)).toHaveLength(4);
  });
});
