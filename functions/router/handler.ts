/**
 * The router: intake messages → tickets. Each record is one report; FIFO order is kept per case,
 * so after a failure the rest of the batch is reported failed too and comes back in order.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import { routeStoredReport, type StoreContext } from "@cp/store";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import * as z from "zod";

const IntakeMessage = z.object({ reportId: z.string().min(1), caseId: z.string().min(1) });

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
    const message = IntakeMessage.parse(JSON.parse(record.body));
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
    processPartialResponse(event, route, processor, { throwOnFullBatchFailure: false });
}
