/**
 * The queue messages, as schemas both sides use: the producer parses what it sends and the
 * consumer parses what it receives, so the two cannot drift apart. None carries a child's
 * personal data: ids, reference number, category, township and due times only.
 */
import * as z from "zod";
import { AGENCY_CODES } from "./agencies.ts";
import { TICKET_KINDS } from "./schemas.ts";

/** The intake queue: a report filed and stored, for the router to route. */
export const IntakeMessageSchema = z.object({
  reportId: z.string().min(1),
  caseId: z.string().min(1),
});

/**
 * What any notice on an agency's queue or the supervisors' queue may carry. The dispatcher
 * parses every message through it, which strips any other field before a channel sees it.
 */
export const NoticeSchema = z.object({
  event: z.string().min(1).max(64),
  noticeId: z.string().min(1).max(200),
  caseId: z.string().min(1).max(64),
  referenceNo: z.string().min(1).max(64),
  ticketId: z.string().max(64).optional(),
  reportId: z.string().max(64).optional(),
  agency: z.string().max(64).optional(),
  kind: z.string().max(32).optional(),
  categories: z.array(z.string().max(64)).max(32).optional(),
  townships: z.array(z.string().max(64)).max(32).optional(),
  acceptDueAt: z.string().max(40).optional(),
  closeDueAt: z.string().max(40).nullable().optional(),
  /** For escalations: the due time that was missed. */
  dueAt: z.string().max(40).optional(),
  /** For escalations: which clock ran out (accept, close, reporter_feedback). */
  clock: z.string().max(32).optional(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/**
 * What a notice tells an agency: a new ticket, a report joining, an upgrade, a 不予立案 to oversee,
 * a supervisor's 催办 on an overdue ticket (with the clock and due time that ran out), or
 * its declined ticket sent back by a supervisor's ruling (撤销).
 */
const AGENCY_EVENTS = [
  "ticket_created",
  "report_linked",
  "ticket_upgraded",
  "not_filed",
  "ticket_urged",
  "decline_overturned",
] as const;
export type AgencyEvent = (typeof AGENCY_EVENTS)[number];

/** An agency's notice: enough to find the ticket and judge its urgency. */
export const AgencyNoticeSchema = NoticeSchema.extend({
  event: z.enum(AGENCY_EVENTS),
  ticketId: z.string().min(1).max(64),
  agency: z.enum(AGENCY_CODES),
  kind: z.enum(TICKET_KINDS),
  categories: z.array(z.string().max(64)).max(32),
  townships: z.array(z.string().max(64)).max(32),
  acceptDueAt: z.string().max(40),
  closeDueAt: z.string().max(40).nullable(),
});
export type AgencyMessage = z.infer<typeof AgencyNoticeSchema>;
