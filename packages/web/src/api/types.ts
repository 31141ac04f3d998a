/** The response shapes of the API (the OpenAPI document at /v1/openapi.json) that the pages read. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** The filing answer: never the case or whether the child already had one. */
export interface FiledReport {
  readonly reportId: string;
  readonly referenceNo: string;
  readonly receivedAt: string;
  readonly receipt: string;
}

export interface ReportStatus {
  readonly reportId: string;
  readonly referenceNo: string;
  readonly receivedAt: string;
  readonly status: "received" | "routed" | "in_progress" | "closed";
}

export interface Ticket {
  readonly ticketId: string;
  readonly caseId: string;
  readonly referenceNo: string;
  readonly agency: string;
  readonly kind: "lead" | "support" | "oversight";
  readonly status: "pending" | "accepted" | "declined" | "closed";
  readonly createdAt: string;
  readonly acceptDueAt: string;
  readonly closeDueAt: string | null;
  readonly extendableUntil: string | null;
  readonly extended: boolean;
  readonly acceptedAt?: string;
  readonly closedAt?: string;
  readonly declinedAt?: string;
  readonly outcome?: string;
  readonly overdue: boolean;
  readonly version: number;
  readonly routingRule: { readonly ruleId: string; readonly reason: string };
  readonly referredFrom?: string;
  /** Inbox rows only: what the officer triages by. */
  readonly triage?: {
    readonly immediateDanger: boolean;
    readonly townships: readonly string[];
    readonly ageBands: readonly string[];
    readonly categories: readonly string[];
  };
}

export interface CaseChild {
  readonly name?: string;
  readonly gender?: string;
  readonly birthDate?: string;
  readonly ageYears?: number;
  readonly idNumber?: string;
  readonly township?: string;
  readonly village?: string;
  readonly circumstances?: readonly string[];
}

export interface CaseReport {
  readonly reportId: string;
  readonly referenceNo: string;
  readonly receivedAt: string;
  readonly categories: readonly string[];
  readonly immediateDanger: boolean;
  readonly reporter: { relationship: string; org?: string; phone?: string };
  readonly description?: string;
  readonly occurredAt?: string;
  readonly location?: string;
}

export interface CaseView {
  readonly caseId: string;
  readonly status: "open" | "closed";
  readonly createdAt: string;
  readonly referenceNo: string;
  readonly categories: readonly string[];
  readonly townships: readonly string[];
  readonly immediateDanger: boolean;
  readonly childrenMasked: boolean;
  readonly children: readonly CaseChild[];
  readonly reports: readonly CaseReport[];
  readonly tickets: readonly Ticket[];
  /** From the case's opening to the first acceptance by any agency; `running` while none has. */
  readonly firstAcceptance?: {
    readonly at?: string;
    readonly waitedMs: number;
    readonly running: boolean;
  };
}

export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: {
    readonly sub: string;
    readonly roles: readonly string[];
    readonly agency?: string;
  };
  readonly action: string;
  readonly ticketId?: string;
  readonly details: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

export interface TicketDetail {
  readonly ticket: Ticket;
  readonly case: CaseView;
  readonly timeline: readonly AuditEvent[];
}

export interface ChainVerdict {
  readonly valid: boolean;
  readonly events: number;
  readonly head?: string;
  readonly firstBadSeq?: number;
  readonly seq?: number;
}

export interface ResponseTimeRow {
  readonly key: string;
  readonly cases: number;
  readonly tickets: number;
  readonly accepted: number;
  readonly closed: number;
  readonly declined: number;
  /** The domain's status figures (sla/statuses.ts): pending + inProgress = open. */
  readonly pending: number;
  readonly inProgress: number;
  readonly open: number;
  readonly overdue: number;
  readonly acceptP50Ms: number | null;
  readonly acceptP90Ms: number | null;
  readonly acceptMaxMs: number | null;
  readonly closeP50Ms: number | null;
  readonly closeP90Ms: number | null;
  readonly closeMaxMs: number | null;
  readonly acceptSlaMet: number;
  readonly acceptSlaBreached: number;
  readonly closeSlaMet: number;
  readonly closeSlaBreached: number;
}

export interface ResponseTimes {
  readonly from: string;
  readonly to: string;
  readonly groupBy: string;
  readonly rows: readonly ResponseTimeRow[];
}

export interface OverdueItem {
  readonly ticketId: string;
  readonly caseId: string;
  readonly referenceNo?: string;
  readonly agency: string;
  readonly kind?: string;
  readonly status?: string;
  readonly dueKind?: "accept" | "close";
  readonly dueAt?: string;
  readonly lateMs?: number;
}

/** The ticket whose clock ran out, on a row of the overdue case list. */
export interface OverdueClock {
  readonly ticketId: string;
  readonly agency: string;
  readonly kind: string;
  readonly status: string;
  /** `accept`, `close`, or an event clock's id. */
  readonly clock: string;
  readonly dueAt: string;
  readonly lateMs: number;
}

/** A row of the supervisors' case list (`GET /v1/cases`): nothing of the child. */
export interface CaseListRow {
  readonly caseId: string;
  readonly referenceNo: string;
  readonly createdAt: string;
  readonly status: "open" | "closed";
  readonly closedAt?: string;
  readonly agencies: readonly string[];
  readonly openAgencies: readonly string[];
  readonly townships: readonly string[];
  readonly categories: readonly string[];
  readonly immediateDanger: boolean;
  readonly firstAcceptedAt?: string;
  readonly overdue?: OverdueClock;
}

/** A 催办 as sent (`POST /v1/tickets/{ticketId}/urge`). */
export interface Urge {
  readonly urgeId: string;
  readonly ticketId: string;
  readonly agency: string;
  readonly clock: string;
  readonly dueAt: string;
  readonly urgedAt: string;
  readonly nextUrgeAt: string;
}
