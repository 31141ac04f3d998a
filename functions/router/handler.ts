/**
 * The router: intake messages → tickets. Each record is one report; FIFO order is kept per case,
 * so after a failure the rest of that case's records in the batch are reported failed too and come
 * back in order, while other cases' records go on.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import { IntakeMessageSchema } from "@cp/domain";
import { routeStoredReport, type StoreContext } from "@cp/store";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

export interface RouterStats {
  routed: number;
  duplicates: number;
}

export function createRouterHandler(
  ctx: StoreContext,
  log: (level: "info" | "warn" | "error", message: string, fields?: object) => void,
  stats: RouterStats = { routed: 0, duplicates: 0 },
) {
  const processor = new SqsFifoPartialProcessorAsync();
  const route = async (record: SQSRecord) => {
    const message = IntakeMessageSchema.parse(JSON.parse(record.body));
    const outcome = await routeStoredReport(ctx, message.reportId);
    if (outcome.duplicate) stats.duplicates++;
    else stats.routed++;
    log("info", outcome.duplicate ? "report already routed" : "report routed", {
      reportId: message.reportId,
      caseId: message.caseId,
      notices: outcome.notices.length,
      duplicate: outcome.duplicate,
    });
  };
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processPartialResponse(event, route, processor, {
      throwOnFullBatchFailure: false,
      // Order matters within a case only: a failing report holds back its own case, not others.
      skipGroupOnError: true,
    });
}
