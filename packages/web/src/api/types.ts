/**
 * The API's answers as the pages read them: inferred from the response schemas the API serves in
 * its OpenAPI document (`@cp/domain/responses`), never written out again here. Types only: nothing
 * of the schemas is bundled.
 */
import type {
  AuditEventAnswer,
  CaseViewAnswer,
  ChainVerdictAnswer,
  InboxTicket,
  ReportStatusAnswer,
} from "@cp/domain/responses";

export type {
  CaseListRow,
  FiledReport,
  OverdueClock,
  Page,
  ResponseTimeRow,
  ResponseTimes,
  TicketDetail,
  Urge,
} from "@cp/domain/responses";

/** A ticket as the inbox lists it (with its triage) and as a case or a command shows it (without). */
export type Ticket = InboxTicket;
export type ReportStatus = ReportStatusAnswer;
export type CaseView = CaseViewAnswer;
export type CaseChild = CaseView["children"][number];
export type AuditEvent = AuditEventAnswer;
export type ChainVerdict = ChainVerdictAnswer;
