/**
 * Reports meet files through the child fingerprint: a report about a child who has a file puts
 * a link under the file in the filing transaction itself, so the file shows the child's reports
 * and cases over time, and keeps them after the case closes (the case's own fingerprint item is
 * deleted on close; the file's is not).
 */
import type { StoreContext } from "../context.ts";
import { careKeys } from "./keys.ts";

/** The files that read fingerprint items (`careKeys.fingerprint`) name. */
export function childFilesIn(fingerprintItems: readonly Record<string, unknown>[]) {
  return fingerprintItems.map((i) => i.childId as string);
}

/** The link items a filed report adds under each file of its children. */
export function reportLinkItems(
  ctx: StoreContext,
  childIds: readonly string[],
  report: { reportId: string; caseId: string; referenceNo: string; receivedAt: string },
): { Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression: string } }[] {
  return [...new Set(childIds)].map((childId) => ({
    Put: {
      TableName: ctx.config.mainTableName,
      Item: { ...careKeys.link(childId, report.receivedAt, report.reportId), ...report },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  }));
}
