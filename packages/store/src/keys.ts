/**
 * Every storage key and index name of the platform, in one place. One table holds cases, reports, tickets and their
 * helpers (single-table design); the audit trail has its own append-only table.
 *
 * | item          | pk                     | sk       | indexes                                        |
 * |---------------|------------------------|----------|------------------------------------------------|
 * | case          | CASE#<caseId>          | CASE     | gsi2 CASES (the supervisors' case list)         |
 * | case children | CASE#<caseId>          | CASE#CHILDREN | (the case's children, sealed; read with the case) |
 * | report        | REPORT#<reportId>      | REPORT   | gsi2 REPORTER#<sub>; gsi3 OUTBOX while received |
 * | reference no. | REF#<referenceNo>      | REF      |                                                |
 * | open child    | CHILD#<fingerprint>    | CHILD    |                                                |
 * | ticket        | TICKET#<ticketId>      | TICKET   | gsi1 INBOX#<agency>; gsi2 CASE#<caseId>; gsi3 DUE while open |
 * | idempotency   | IDEMP#<sub>#<key>      | IDEMP    | (expires)                                      |
 * | delivery      | DELIVERY#<id>          | DELIVERY | gsi2 NOTIFICATIONS#<audience> (notification ledger) |
 * | feedback clock| FEEDBACK#<reportId>    | FEEDBACK | gsi3 FEEDBACK until fed back or escalated      |
 * | escalation    | ESCALATION#<id>#<dueAt>| ESCALATION |                                              |
 * | urge (催办)    | URGE#<ticketId>        | URGE     | (expires; the last urge of a ticket)           |
 * | pending event | CASE#<caseId>          | PENDING#<at>#<id>#<n> | (until sealed onto the chain) |
 * | audit event   | CASE#<caseId>          | <seq 10 digits> (audit table)                     |
 * | security event| SECLOG#<UTC day>       | <at>#<id> | (expires)                                     |
 */
import { runningDueAt, type TicketStatus } from "@cp/domain";
import type { Dimension } from "./metrics/keys.ts";
import type { CaseRecord, ReportRecord, TicketRecord } from "./records.ts";

/** The main table's global secondary indexes, by what they are for. */
export const INDEX = {
  /** An agency's inbox: `INBOX#<agency>` → `<status rank>#<running due>#<ticketId>`. */
  inbox: "gsi1",
  /**
   * Children of a parent: the tickets of a case, the reports of a reporter, a ledger's notices;
   * and every case under `CASES`, open ones first, newest first (repos/case-list.ts).
   */
  byParent: "gsi2",
  /** Sparse work lists ordered by time (`DUE`, `OUTBOX`, `FEEDBACK`). */
  workList: "gsi3",
} as const;

/**
 * The attributes the byParent index carries besides its keys: the supervisors' case list reads
 * and filters on them in one Query (repos/case-list.ts), and a township's child files are
 * counted by `childId`. Nothing else: a write that leaves these and the index keys as they were
 * (a sealed event moving the case's chain head, a measure on a ticket) writes nothing to the
 * index. Every other reader of the index fetches the items by key (query.ts `indexedItems`).
 */
export const CASE_LIST_ATTRIBUTES = [
  "caseId",
  "referenceNo",
  "createdAt",
  "closedAt",
  "agencies",
  "openTickets",
  "townships",
  "categories",
  "immediateDanger",
  "firstAcceptedAt",
] as const;
export const BY_PARENT_ATTRIBUTES = [...CASE_LIST_ATTRIBUTES, "childId"] as const;

/**
 * The attributes the inbox (`gsi1`) and work-list (`gsi3`) indexes carry besides their keys
 * (decision 0018). The inbox carries none: its readers take the tickets by key. The work lists
 * carry what their queries filter on (a ticket's `agency` and `townships`) and the child file's
 * id the care sweep reads; none of these changes after an item is created, so a measure, a note
 * or a sealed event writes neither index, and a status change moves only a small entry.
 */
export const WORK_LIST_ATTRIBUTES = ["agency", "townships", "childId"] as const;

/** The sparse work lists on the `workList` index. */
export const WORK_LIST = { due: "DUE", outbox: "OUTBOX", feedback: "FEEDBACK" } as const;

export const keys = {
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE" }),
  /**
   * The case's children (sealed), beside the case item so that every other change to the case
   * writes a small item (decision 0018); its sort key begins with the case's, so one Query
   * (`caseItemsQuery`) reads both.
   */
  caseChildren: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE#CHILDREN" }),
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
  /** A ticket's last 催办 (repos/urge.ts): its presence limits how often it is urged. */
  urge: (ticketId: string) => ({ pk: `URGE#${ticketId}`, sk: "URGE" }),
  audit: (caseId: string, seq: number) => ({
    pk: `CASE#${caseId}`,
    sk: String(seq).padStart(10, "0"),
  }),
  /**
   * A case event committed with its change but not yet sealed onto the case's chain (main
   * table, in the case's partition; case-transaction.ts seals and deletes it).
   */
  pendingEvent: (caseId: string, order: string) => ({
    pk: `CASE#${caseId}`,
    sk: `PENDING#${order}`,
  }),
  /** A signed chain head, in the audit table. */
  checkpoint: (caseId: string, seq: number) => ({
    pk: `CHECKPOINT#${caseId}`,
    sk: String(seq).padStart(10, "0"),
  }),
  /** The mark that a case's chain moved in an hour, for the checkpoint schedule. */
  changedCase: (hour: string, caseId: string) => ({ pk: `CHANGED#${hour}`, sk: `CASE#${caseId}` }),
  /** One access-log entry per (window, actor, action, record), in the audit table. */
  accessEntry: (caseId: string, window: string, sub: string, action: string, record: string) => ({
    pk: `ACCESS#${caseId}`,
    sk: `${window}#${sub}#${action}#${record}`,
  }),
  /** The last entry of a case's access log (seq, hash, time), in its partition (audit table). */
  accessHead: (caseId: string) => ({ pk: `ACCESS#${caseId}`, sk: "HEAD" }),
  /** Refusals of one caller in one minute, for the burst alarm (main table, expires). */
  refusalCounter: (sub: string, window: string) => ({ pk: `REFUSALS#${sub}`, sk: window }),
};

/** The UTC hour (`YYYY-MM-DDTHH`) under which a case change marks its case for checkpointing. */
export const changedHour = (at: Date) => at.toISOString().slice(0, 13);

/** Partitions that are queried rather than got. */
export const partitions = {
  inbox: (agency: string) => `INBOX#${agency}`,
  caseTickets: (caseId: string) => `CASE#${caseId}`,
  reporterReports: (sub: string) => `REPORTER#${sub}`,
  /** Every case, on the byParent index: `<open 2 | closed 1>#<createdAt>#<caseId>`. */
  caseList: () => "CASES",
  notifications: (audience: string) => `NOTIFICATIONS#${audience}`,
  /** A case's audit chain in the audit table. */
  caseAudit: (caseId: string) => `CASE#${caseId}`,
  /** The routing table's own audit chain in the audit table. */
  routingRulesAudit: () => "SYSTEM#routing-rules",
  /** The routing table's versions and current pointer (repos/versioned-config.ts). */
  routingRules: () => "ROUTING#rules",
  /** The SLA policy's versions and current pointer, and its own audit chain. */
  slaPolicy: () => "SLA#policy",
  slaPolicyAudit: () => "SYSTEM#sla-policy",
  checkpoints: (caseId: string) => `CHECKPOINT#${caseId}`,
  /** The events of a case committed but not yet sealed, in the main table (`PENDING#…` sort keys). */
  pendingEvents: (caseId: string) => ({ pk: `CASE#${caseId}`, skPrefix: "PENDING#" }),
  accessLog: (caseId: string) => `ACCESS#${caseId}`,
  /** The cases whose chain moved in one UTC hour (`YYYY-MM-DDTHH`). */
  changedCases: (hour: string) => `CHANGED#${hour}`,
  /** One UTC day (`YYYY-MM-DD`) of the security log, in the main table. */
  securityLog: (day: string) => `SECLOG#${day}`,
};

/** Supervision aggregates: one partition per group, one item per local day (metrics/keys.ts). */
export const metricsKeys = {
  day: (dimension: Dimension, key: string, day: string) => ({
    pk: `METRICS#${dimension}#${key}`,
    sk: `DAY#${day}`,
  }),
  partition: (dimension: Dimension, key: string) => `METRICS#${dimension}#${key}`,
  townships: () => ({ pk: "METRICS#KEYS", sk: "township" }),
};

const STATUS_RANK: Readonly<Record<TicketStatus, number>> = {
  pending: 1,
  accepted: 2,
  declined: 3,
  closed: 4,
};

/** Index attributes of a ticket, derived from its state so they never drift from it. */
export function ticketIndexKeys(t: TicketRecord) {
  const due = runningDueAt(t);
  return {
    gsi1pk: partitions.inbox(t.agency),
    gsi1sk: `${STATUS_RANK[t.status]}#${due ?? "9999"}#${t.ticketId}`,
    gsi2pk: partitions.caseTickets(t.caseId),
    gsi2sk: `TICKET#${t.createdAt}#${t.ticketId}`,
    ...(due ? { gsi3pk: WORK_LIST.due, gsi3sk: `${due}#${t.ticketId}` } : {}),
  };
}

export const inboxStatusPrefix = (status: TicketStatus) => `${STATUS_RANK[status]}#`;

/** Case-list ranks: read newest first (descending), open cases come before closed ones. */
const CASE_STATUS_RANK = { open: "2", closed: "1" } as const;

export const caseListStatusPrefix = (status: CaseRecord["status"]) =>
  `${CASE_STATUS_RANK[status]}#`;

/**
 * A case's status from its place on the case list. The byParent index does not carry `status`
 * (decision 0018): tickets share the attribute's name, and carrying it wrote every ticket's index
 * entry again on each accept and close.
 */
export const caseListStatusOf = (gsi2sk: string): CaseRecord["status"] =>
  gsi2sk.startsWith(caseListStatusPrefix("open")) ? "open" : "closed";

/** Index attributes of a case: its place on the supervisors' case list, from its state. */
export function caseIndexKeys(c: Pick<CaseRecord, "status" | "createdAt" | "caseId">) {
  return {
    gsi2pk: partitions.caseList(),
    gsi2sk: `${caseListStatusPrefix(c.status)}${c.createdAt}#${c.caseId}`,
  };
}

export function reportIndexKeys(r: ReportRecord) {
  return {
    gsi2pk: partitions.reporterReports(r.reporterSub),
    gsi2sk: `${r.receivedAt}#${r.reportId}`,
    ...(r.routedAt ? {} : { gsi3pk: WORK_LIST.outbox, gsi3sk: `${r.receivedAt}#${r.reportId}` }),
  };
}
