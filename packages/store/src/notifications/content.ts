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

/**
 * The kind of event in the words of a text message (the SMS template's second parameter). An
 * event without a label here is named by the generic 案件动态, so a new event never blocks a text.
 */
const SMS_EVENT_LABELS: Readonly<Record<string, string>> = {
  ticket_created: "新转办案件",
  report_linked: "新报告并案",
  ticket_upgraded: "案件升级",
  not_filed: "不予立案",
  ticket_urged: "催办",
  decline_overturned: "退回被撤销",
  ticket_declined: "案件被退回",
  art4_lead_declined: "牵头单位退回",
  ticket_overdue: "办理超期",
  reporter_feedback_overdue: "反馈超期",
};

const SHANGHAI_MINUTES = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An instant as local time in China (UTC+8): `2026-11-28 17:15`. */
export function chinaLocalTime(instant: string): string {
  return SHANGHAI_MINUTES.format(new Date(instant));
}

/**
 * The parameters of a pre-approved SMS template: the reference number, the kind of event in
 * Chinese and, when the notice has one, the due time in local time — nothing else, whatever the
 * notice carries. Which due time: the missed one of an escalation, else the time to accept.
 */
export function smsTemplateParams(n: Notification): {
  readonly template: "withDue" | "withoutDue";
  readonly params: readonly string[];
} {
  const kind = SMS_EVENT_LABELS[n.event] ?? "案件动态";
  const due = n.dueAt ?? n.acceptDueAt;
  return due
    ? { template: "withDue", params: [n.referenceNo, kind, chinaLocalTime(due)] }
    : { template: "withoutDue", params: [n.referenceNo, kind] };
}
