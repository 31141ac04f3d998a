/**
 * Dispatch: consumes the agency queues and the supervisors' queue, and records each delivery
 * once. The notices carry ids, categories, township and due times only.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import { recordDelivery, type StoreContext } from "@cp/store";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { z } from "zod";

const Notice = z.object({
  event: z.string().min(1),
  noticeId: z.string().min(1),
  caseId: z.string().min(1),
  referenceNo: z.string().min(1),
  ticketId: z.string().optional(),
  agency: z.string().optional(),
});

/** The queue's name from the record's source ARN: `…:cp-agency-police.fifo` → recipient. */
function recipientOf(record: SQSRecord): string {
  const queue = record.eventSourceARN.split(":").at(-1) ?? "";
  return queue.replace(/^.*cp-/, "").replace(/\.fifo$/, "");
}

export function createDispatchHandler(
  ctx: StoreContext,
  log: (level: "info" | "warn" | "error", message: string, fields?: object) => void,
) {
  const processor = new SqsFifoPartialProcessorAsync();
  const deliver = async (record: SQSRecord) => {
    const notice = Notice.parse(JSON.parse(record.body));
    const recipient = recipientOf(record);
    const fresh = await recordDelivery(ctx, {
      noticeId: notice.noticeId,
      channel: "inbox",
      recipient,
      event: notice.event,
      ...(notice.ticketId ? { ticketId: notice.ticketId } : {}),
      caseId: notice.caseId,
      referenceNo: notice.referenceNo,
      deliveredAt: ctx.clock.now().toISOString(),
    });
    log("info", fresh ? "notice delivered" : "notice already delivered", {
      recipient,
      event: notice.event,
      ticketId: notice.ticketId,
      referenceNo: notice.referenceNo,
    });
  };
  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processPartialResponse(event, deliver, processor, { throwOnFullBatchFailure: false });
}
