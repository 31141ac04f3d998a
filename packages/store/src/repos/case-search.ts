/**
 * Finding a case by the reference number a reporter or a caller quotes (any report's number,
 * the case's first or a later one joined to it). Supervisors only (functions/api/policy.ts):
 * it answers the case id, nothing of the child; reading the case itself is audited as usual.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { NotFoundError } from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { keys } from "../keys.ts";
import { readReport } from "./reports.ts";

export async function caseIdOfReference(ctx: StoreContext, referenceNo: string): Promise<string> {
  const ref = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.reference(referenceNo),
    }),
  );
  const reportId = ref.Item?.reportId as string | undefined;
  const report = reportId ? await readReport(ctx, reportId) : undefined;
  if (!report) throw new NotFoundError("Report");
  return report.caseId;
}
