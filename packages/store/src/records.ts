/**
 * The items the store keeps, and their keys. One table holds cases, reports, tickets and their
 * helpers (single-table design); the audit trail has its own append-only table.
 *
 * | item          | pk                     | sk       | indexes                                        |
 * |---------------|------------------------|----------|------------------------------------------------|
 * | case          | CASE#<caseId>          | CASE     |                                                |
 * | report        | REPORT#<reportId>      | REPORT   | gsi2 REPORTER#<sub>; gsi3 OUTBOX while received |
 * | reference no. | REF#<referenceNo>      | REF      |                                                |
 * | open child    | CHILD#<fingerprint>    | CHILD    |                                                |
 * | ticket        | TICKET#<ticketId>      | TICKET   | gsi1 INBOX#<agency>; gsi2 CASE#<caseId>; gsi3 DUE while open |
 * | idempotency   | IDEMP#<sub>#<key>      | IDEMP    | (expires)                                      |
 * | delivery      | DELIVERY#<id>          | DELIVERY | gsi2 NOTIFICATIONS#<audience> (notification ledger) |
 * | feedback clock| FEEDBACK#<reportId>    | FEEDBACK | gsi3 FEEDBACK until fed back or escalated      |
 * | escalation    | ESCALATION#<id>#<dueAt>| ESCALATION |                                              |
 * | audit event   | CASE#<caseId>          | <seq 10 digits> (audit table)                     |
 */
import type {
  AgencyCode,
  ChildInput,
  HarmCategory,
  ReportInput,
  RoutingReason,
  TicketKind,
  TicketStatus,
} from "@cp/domain";

export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE" }),
  report: (reportId: string) => ({ pk: `REPORT#${reportId}`, sk: "REPORT" }),
  reference: (referenceNo: string) => ({ pk: `REF#${referenceNo}`, sk: "REF" }),
  child: (fingerprint: string) => ({ pk: `CHILD#${fingerprint}`, sk: "CHILD" }),
  ticket: (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: "TICKET" }),
  idempotency: (sub: string, key: string) => ({ pk: `IDEMP#${sub}#${key}`, sk: "IDEMP" }),
  delivery: (deliveryId: string) => ({ pk: `DELIVERY#${deliveryId}`, sk: "DELIVERY" }),
  feedbackClock: (reportId: string) => ({ pk: `FEEDBACK#${reportId}`, sk: "FEEDBACK" }),
  /** One per (ticket or report, due time): its existence is the "escalated once" guarantee. */
  escalation: (subjectId: string, dueAt: string) => ({
    pk: `ESCALATION#${subjectId}#${dueAt}`,
    sk: "ESCALATION",
  }),
  audit: (caseId: string, seq: number) => ({
    pk: `CASE#${caseId}`,
    sk: String(seq).padStart(10, "0"),
  }),
};

export interface OpenTicketRef {
  readonly ticketId: string;
  readonly kind: TicketKind;
}

export interface CaseRecord {
  readonly caseId: string;
  readonly status: "open" | "closed";
  readonly createdAt: string;
  readonly closedAt?: string;
  readonly referenceNo: string;
  readonly reportIds: readonly string[];
  readonly children: readonly ChildInput[];
  readonly fingerprints: readonly string[];
  readonly categories: readonly HarmCategory[];
  readonly townships: readonly string[];
  readonly immediateDanger: boolean;
  /** Every agency that has held a ticket on the case: they may read it. */
  readonly agencies: readonly AgencyCode[];
  /** The agencies' tickets that are still pending or accepted: at most one per agency. */
  readonly openTickets: Readonly<Partial<Record<AgencyCode, OpenTicketRef>>>;
  readonly firstAcceptedAt?: string;
  /** When an agency last recorded `reporter_feedback` on the case (its latest `occurredAt`). */
  readonly reporterFeedbackAt?: string;
  readonly auditSeq: number;
  readonly auditHash: string;
  readonly version: number;
}

export interface ReportRecord {
  readonly reportId: string;
  readonly caseId: string;
  readonly referenceNo: string;
  readonly receivedAt: string;
  readonly reporterSub: string;
  readonly reporterOrg?: string;
  readonly linkedToExistingCase: boolean;
  readonly input: ReportInput;
  readonly routedAt?: string;
  /** Tickets created by routing this report, once routed. */
  readonly ticketIds?: readonly string[];
}

export interface TicketRecord {
  readonly ticketId: string;
  readonly caseId: string;
  readonly referenceNo: string;
  readonly agency: AgencyCode;
  readonly kind: TicketKind;
  readonly status: TicketStatus;
  readonly createdAt: string;
  readonly acceptDueAt: string;
  readonly closeDueAt: string | null;
  readonly extendableUntil: string | null;
  readonly extended: boolean;
  readonly acceptedAt?: string;
  readonly closedAt?: string;
  readonly declinedAt?: string;
  readonly outcome?: string;
  readonly routingRule: RoutingReason;
  readonly slaRules: readonly string[];
  readonly referredFrom?: string;
  readonly categories: readonly HarmCategory[];
  readonly townships: readonly string[];
  readonly immediateDanger: boolean;
  readonly version: number;
}

const STATUS_RANK: Readonly<Record<TicketStatus, number>> = {
  pending: 1,
  accepted: 2,
  declined: 3,
  closed: 4,
};

/** The due time that runs now: accept while pending, close while accepted. */
export function runningDueAt(t: Pick<TicketRecord, "status" | "acceptDueAt" | "closeDueAt">) {
  if (t.status === "pending") return t.acceptDueAt;
  if (t.status === "accepted") return t.closeDueAt;
  return null;
}

/** Index attributes of a ticket, derived from its state so they never drift from it. */
export function ticketIndexKeys(t: TicketRecord) {
  const due = runningDueAt(t);
  return {
    gsi1pk: `INBOX#${t.agency}`,
    gsi1sk: `${STATUS_RANK[t.status]}#${due ?? "9999"}#${t.ticketId}`,
    gsi2pk: `CASE#${t.caseId}`,
    gsi2sk: `TICKET#${t.createdAt}#${t.ticketId}`,
    ...(due ? { gsi3pk: "DUE", gsi3sk: `${due}#${t.ticketId}` } : {}),
  };
}

export const inboxStatusPrefix = (status: TicketStatus) => `${STATUS_RANK[status]}#`;

export function reportIndexKeys(r: ReportRecord) {
  return {
    gsi2pk: `REPORTER#${r.reporterSub}`,
    gsi2sk: `${r.receivedAt}#${r.reportId}`,
    ...(r.routedAt ? {} : { gsi3pk: "OUTBOX", gsi3sk: `${r.receivedAt}#${r.reportId}` }),
  };
}

const STORAGE_ATTRIBUTE = /^(pk|sk|gsi\d+(pk|sk))$/;

/**
 * An item as its record: without the table and index keys. Keys are derived from the record's
 * state on every write (`ticketIndexKeys`, `reportIndexKeys`), so a record must never carry the
 * keys it was read with into its next write — a closed ticket would stay on the due list.
 */
export function recordOf<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTE.test(name)),
  ) as T;
}
