/**
 * What a notification may say. Every notice on an agency's queue or the supervisors' queue is
 * parsed through `NoticeSchema` (the domain's messages.ts) before any channel sees it: the schema lists the fields a
 * notification may carry (ids, reference number, category, township, due times) and strips
 * everything else, so a child's name, identity number, birth date, village or the incident's
 * description cannot reach a webhook, an e-mail or a text message even if a producer put one on
 * the queue by mistake.
 */
import { AGENCY_CODES, type AgencyCode, type Notice } from "@cp/domain";
import { agencyQueue, supervisorQueue } from "../definitions.ts";

/** Who a notification is for: one agency, or the supervisors. */
export type Audience = AgencyCode | "supervisors";

/** A notice addressed to its audience: all a channel ever receives. */
export interface Notification extends Notice {
  readonly audience: Audience;
}

/**
 * The audience a queue serves, from its name (`<stage>-cp-agency-police.fifo` → `police`), using
 * the queue definitions so a new agency needs no change here.
 */
export function audienceOfQueue(queueName: string): Audience | undefined {
  if (queueName.endsWith(supervisorQueue.name)) return "supervisors";
  return AGENCY_CODES.find((code) => queueName.endsWith(agencyQueue(code).name));
}

/** The JSON body of a webhook delivery (Standard Webhooks' `{type, timestamp, data}` shape). */
export function webhookPayload(n: Notification, sentAt: Date) {
  const { event, noticeId, ...data } = n;
  return {
    type: event,
    timestamp: sentAt.toISOString(),
    data: { notificationId: noticeId, ...data },
  };
}

/** A short text for e-mail and SMS: the reference, category, township and due time only. */
export function shortText(n: Notification): string {
  const parts = [
    `[${n.referenceNo}]`,
    n.event,
    n.agency ? `agency=${n.agency}` : undefined,
    n.categories?.length ? `categories=${n.categories.join(",")}` : undefined,
    n.townships?.length ? `township=${n.townships.join(",")}` : undefined,
    n.dueAt ? `due=${n.dueAt}` : n.acceptDueAt ? `acceptDue=${n.acceptDueAt}` : undefined,
  ];
  return parts.filter((p) => p !== undefined).join(" ");
}
