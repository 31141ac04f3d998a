/**
 * The reporter-feedback clock. A reporter must hear back within the SLA policy's
 * `reporter_progress_feedback` clock (3 days by default, never longer: docs/domain.md, Clocks;
 * 意见 Art. 10, feedback to the reporting unit), run by the policy in force at filing. Each
 * report gets a clock item at filing,
 * in the filing transaction, indexed by its due time in the sparse `gsi3` work list `FEEDBACK`,
 * so the sweeper finds reports whose clock ran out without a Scan.
 *
 * The fact "the reporter was fed back" lives in one place: the case's `reporterFeedbackAt`, set in
 * the same transaction as the `reporter_feedback` action's audit event. The clock item is only a
 * work list entry: the sweeper checks the case when the clock runs out and retires the entry
 * either way (fed back, or escalated once).
 */

import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { clockDueAt, DEFAULT_SLA_POLICY, type SlaPolicy } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { keys, WORK_LIST } from "../keys.ts";
import type { CaseRecord, ReportRecord } from "../records.ts";

export const FEEDBACK_WORK_LIST = WORK_LIST.feedback;

/** A report's feedback clock as stored: ids, due time and the fields a notice may carry. */
export type FeedbackClock = Pick<
  ReportRecord,
  "reportId" | "caseId" | "referenceNo" | "receivedAt"
> &
  Pick<CaseRecord, "categories" | "townships"> & { readonly dueAt: string };

/** The clock of a report, by the SLA policy in force at its filing (capped at the floor). */
function feedbackClockOf(
  report: ReportRecord,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): FeedbackClock {
  const dueAt = clockDueAt(
    "reporter_progress_feedback",
    new Date(report.receivedAt),
    false,
    policy,
  );
  return {
    reportId: report.reportId,
    caseId: report.caseId,
    referenceNo: report.referenceNo,
    receivedAt: report.receivedAt,
    dueAt,
    categories: report.input.incident.categories,
    townships: [...new Set(report.input.children.map((c) => c.township))],
  };
}

/** The clock item to write with the report, in the filing transaction. */
export function feedbackClockItem(ctx: StoreContext, report: ReportRecord, policy: SlaPolicy) {
  const clock = feedbackClockOf(report, policy);
  return {
    Put: {
      TableName: ctx.config.mainTableName,
      Item: {
        ...keys.feedbackClock(report.reportId),
        ...clock,
        gsi3pk: FEEDBACK_WORK_LIST,
        gsi3sk: `${clock.dueAt}#${clock.reportId}`,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** Whether the case's feedback covers a report received at `receivedAt`. */
export const wasFedBack = (kase: CaseRecord, receivedAt: string) =>
  kase.reporterFeedbackAt !== undefined && kase.reporterFeedbackAt >= receivedAt;

/**
 * Take a clock off the work list once its work is done. An update rather than a delete: the item
 * stays as a record of how the clock ended, and the sweeper needs no delete permission.
 */
export async function retireFeedbackClock(
  ctx: StoreContext,
  reportId: string,
  outcome: "fed_back" | "escalated",
) {
  await ctx.clients.ddb.send(
    new UpdateCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.feedbackClock(reportId),
      UpdateExpression: "REMOVE gsi3pk, gsi3sk SET outcome = :o, retiredAt = :t",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":o": outcome, ":t": ctx.clock.now().toISOString() },
    }),
  );
}
