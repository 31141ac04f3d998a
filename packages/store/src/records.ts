/**
 * The items the store keeps, as records: what a repository reads and writes. Their keys are in
 * keys.ts; personal data in them is sealed on the way to the table (crypto/sealed-records.ts).
 */
import type {
  AgencyCode,
  ChildInput,
  HarmCategory,
  ReportInput,
  RoutingReason,
  TicketClock,
  TicketKind,
  TicketRuling,
  TicketStatus,
} from "@cp/domain";

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
  /** The police's 不予立案 and its reason, told to the reporter (刑事诉讼法 Art. 112). */
  readonly notFiled?: { readonly at: string; readonly reason: string };
  /**
   * The case's data key, wrapped under the master key (crypto/envelope.ts): the children, the
   * reports' input and the trail's statements are sealed under it. Absent on a case written
   * before cases had keys (its values carry their own) and on an erased case.
   */
  readonly dataKey?: string;
  /** When its personal data was erased (its data key destroyed); children are then empty. */
  readonly erasedAt?: string;
  /** A hold that forbids erasure (a court, the procuratorate or an inquiry asked to keep it). */
  readonly legalHold?: { readonly at: string; readonly by: string };
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

/** A report of an erased case: what it was and when, without its input. */
export type ErasedReportRecord = Omit<ReportRecord, "input"> & { readonly erasedAt: string };

export const isErasedReport = (r: ReportRecord | ErasedReportRecord): r is ErasedReportRecord =>
  !("input" in r) || "erasedAt" in r;

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
  /** Event clocks (a protection-order application, a 告诫书, a placement…), see the domain's clocks.ts. */
  readonly clocks?: readonly TicketClock[];
  /** A supervisor's ruling on its decline (declined Art. 4 lead tickets only). */
  readonly ruling?: TicketRuling;
  readonly categories: readonly HarmCategory[];
  readonly townships: readonly string[];
  readonly immediateDanger: boolean;
  readonly version: number;
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

/** What every view of a ticket starts with: who has it, for which case, in which state. */
export type TicketHeadline = Pick<
  TicketRecord,
  "ticketId" | "caseId" | "referenceNo" | "agency" | "kind" | "status" | "createdAt"
>;

export const ticketHeadline = (t: TicketRecord): TicketHeadline => ({
  ticketId: t.ticketId,
  caseId: t.caseId,
  referenceNo: t.referenceNo,
  agency: t.agency,
  kind: t.kind,
  status: t.status,
  createdAt: t.createdAt,
});
