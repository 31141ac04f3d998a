/**
 * The items the store keeps, as records: what a repository reads and writes. Their keys are in
 * keys.ts; personal data in them is sealed on the way to the table (crypto/sealed-records.ts).
 */
import type { ChildInput, ReportInput, Ticket, TicketCase } from "@cp/domain";

/** A case as stored: the fields its ticket commands read and write (the domain's), and the rest. */
export interface CaseRecord extends TicketCase {
  readonly createdAt: string;
  readonly reportIds: readonly string[];
  readonly children: readonly ChildInput[];
  readonly fingerprints: readonly string[];
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
  /**
   * The UTC hour (`changedHour`) in which the chain head last moved: that hour's changed-case
   * marker names the case already, so another move in the same hour writes none (absent until
   * the first move after filing).
   */
  readonly chainHour?: string;
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

/** A ticket as stored: the domain's ticket (ticket/ticket.ts) as it is. */
export type TicketRecord = Ticket;

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
