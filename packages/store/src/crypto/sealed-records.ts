/**
 * Where personal data sits in the stored items, and the one place it is sealed and opened: a
 * case's `children`, and a report's `input` (children, reporter phone, incident description and
 * location). The records in memory hold the plain values; the items in the table hold only
 * ciphertext in those attributes. Ids, categories, townships and due times stay plain: the
 * indexes, the routing and the metrics need them, and they name no one.
 */
import type { ChildInput, ReportInput } from "@cp/domain";
import { caseIndexKeys, keys, reportIndexKeys } from "../keys.ts";
import { type CaseRecord, type ReportRecord, recordOf } from "../records.ts";
import type { PersonalDataCipher } from "./personal-data-cipher.ts";

/** The context each sealed attribute is bound to: a ciphertext opens only on its own record. */
const sealedContext = {
  caseChildren: (caseId: string) => `case:${caseId}:children`,
  reportInput: (reportId: string) => `report:${reportId}:input`,
};

type Stored<T, K extends keyof T> = Omit<T, K> & Record<K, string>;

/** A case as an item to put: its children sealed, its case-list keys derived from its state. */
export async function caseItem(cipher: PersonalDataCipher, record: CaseRecord) {
  const stored: Stored<CaseRecord, "children"> = {
    ...record,
    children: await cipher.seal(record.children, sealedContext.caseChildren(record.caseId)),
  };
  return { ...keys.case(record.caseId), ...stored, ...caseIndexKeys(record) };
}

/** A case item as read, its children opened. */
export async function caseFromItem(
  cipher: PersonalDataCipher,
  item: Record<string, unknown>,
): Promise<CaseRecord> {
  const stored = recordOf<Stored<CaseRecord, "children">>(item);
  return {
    ...stored,
    children: await cipher.open<ChildInput[]>(
      stored.children,
      sealedContext.caseChildren(stored.caseId),
    ),
  };
}

/** A report as an item to put: its input sealed, its index keys derived from its state. */
export async function reportItem(cipher: PersonalDataCipher, record: ReportRecord) {
  const stored: Stored<ReportRecord, "input"> = {
    ...record,
    input: await cipher.seal(record.input, sealedContext.reportInput(record.reportId)),
  };
  return { ...keys.report(record.reportId), ...stored, ...reportIndexKeys(record) };
}

/** A report item as read, its input opened. */
export async function reportFromItem(
  cipher: PersonalDataCipher,
  item: Record<string, unknown>,
): Promise<ReportRecord> {
  const stored = recordOf<Stored<ReportRecord, "input">>(item);
  return {
    ...stored,
    input: await cipher.open<ReportInput>(stored.input, sealedContext.reportInput(stored.reportId)),
  };
}
