/**
 * Where personal data sits in the stored items, and the one place it is sealed and opened: a
 * case's `children` and `notFiled` reason, a report's `input` (children, reporter phone, incident
 * description and location), and the statements (notes, reasons, summaries) in the details of
 * the case's audit events. The records in memory hold the plain values; the items in the table
 * hold only ciphertext in those attributes. Ids, categories, townships and due times stay plain:
 * the indexes, the routing and the metrics need them, and they name no one.
 *
 * Each case has its own data key (`dataKey` on the case item, wrapped): everything personal of
 * the case is sealed under it, so destroying it erases the case's personal data wherever a copy
 * sits — the reports, the trail, a backup — while the trail's hashes, computed over the
 * ciphertext, still verify. Values written before cases had keys (`pd1.`) stay readable.
 */
import { type ChildInput, type ReportInput, STATEMENT_FIELDS } from "@cp/domain";
import { caseIndexKeys, keys, reportIndexKeys } from "../keys.ts";
import {
  type CaseRecord,
  type ErasedReportRecord,
  type ReportRecord,
  recordOf,
} from "../records.ts";
import {
  ErasedValueError,
  isSealedValue,
  type PersonalDataCipher,
} from "./personal-data-cipher.ts";

/** The context each sealed attribute is bound to: a ciphertext opens only on its own record. */
const sealedContext = {
  caseChildren: (caseId: string) => `case:${caseId}:children`,
  caseNotFiled: (caseId: string) => `case:${caseId}:notFiled`,
  reportInput: (reportId: string) => `report:${reportId}:input`,
  statement: (caseId: string, field: string) => `case:${caseId}:statement:${field}`,
};

/** What shows in place of a statement whose case was erased. */
const ERASED = "[erased]";

/** What a reader needs of a case to open its values: its key, or that it was erased. */
export type CaseKeyRef = Pick<CaseRecord, "dataKey" | "erasedAt">;

const sealUnder =
  (cipher: PersonalDataCipher, key: string | undefined) => (v: unknown, c: string) =>
    key ? cipher.sealFor(key, v, c) : cipher.seal(v, c);

/**
 * A case as items to put: the case item (its case-list keys derived, `notFiled` sealed) and its
 * children's item (sealed under the case's key), none once erased. The children sit in an item
 * of their own (decision 0018): they change only when a report names a new child, while the case
 * item is written by most commands, which then write a small item.
 */
export async function caseItems(cipher: PersonalDataCipher, record: CaseRecord) {
  const { children, notFiled, ...rest } = record;
  const base = { ...keys.case(record.caseId), ...rest, ...caseIndexKeys(record) };
  if (record.erasedAt) return { kase: base, children: undefined };
  const seal = sealUnder(cipher, record.dataKey);
  return {
    kase: {
      ...base,
      ...(notFiled
        ? { notFiled: await seal(notFiled, sealedContext.caseNotFiled(record.caseId)) }
        : {}),
    },
    children: {
      ...keys.caseChildren(record.caseId),
      caseId: record.caseId,
      children: await seal(children, sealedContext.caseChildren(record.caseId)),
    },
  };
}

/**
 * A case as read from its items, its personal data opened (none, once erased). A case item
 * written before the children had an item of their own carries them itself.
 */
export async function caseFromItem(
  cipher: PersonalDataCipher,
  item: Record<string, unknown>,
  childrenItem?: Record<string, unknown>,
): Promise<CaseRecord> {
  const stored = recordOf<Record<string, unknown> & CaseRecord>(item);
  const sealedChildren = (childrenItem?.children ?? stored.children) as unknown;
  if (stored.erasedAt || sealedChildren === undefined) {
    const { notFiled: _n, ...rest } = stored;
    return { ...rest, children: [] };
  }
  const open = <T>(value: unknown, context: string) =>
    cipher.openFor<T>(stored.dataKey, value as string, context);
  const notFiled = stored.notFiled as unknown;
  return {
    ...stored,
    children: await open<ChildInput[]>(sealedChildren, sealedContext.caseChildren(stored.caseId)),
    ...(isSealedValue(notFiled)
      ? {
          notFiled: await open<NonNullable<CaseRecord["notFiled"]>>(
            notFiled,
            sealedContext.caseNotFiled(stored.caseId),
          ),
        }
      : {}),
  };
}

/** A report as an item to put: its input sealed under its case's key, its index keys derived. */
export async function reportItem(
  cipher: PersonalDataCipher,
  record: ReportRecord,
  caseKey: string | undefined,
) {
  const stored = {
    ...record,
    input: await sealUnder(cipher, caseKey)(
      record.input,
      sealedContext.reportInput(record.reportId),
    ),
  };
  return { ...keys.report(record.reportId), ...stored, ...reportIndexKeys(record) };
}

/** A report item as read, its input opened — or the report without it, once its case was erased. */
export async function reportFromItem(
  cipher: PersonalDataCipher,
  item: Record<string, unknown>,
  kase: CaseKeyRef | undefined,
): Promise<ReportRecord | ErasedReportRecord> {
  const { input, ...stored } = recordOf<ReportRecord & { input?: string; erasedAt?: string }>(item);
  const erased = (at: string): ErasedReportRecord => ({ ...stored, erasedAt: at });
  if (stored.erasedAt || input === undefined)
    return erased(stored.erasedAt ?? kase?.erasedAt ?? "");
  if (kase?.erasedAt) return erased(kase.erasedAt);
  try {
    return {
      ...stored,
      input: await cipher.openFor<ReportInput>(
        kase?.dataKey,
        input,
        sealedContext.reportInput(stored.reportId),
      ),
    };
  } catch (error) {
    if (error instanceof ErasedValueError) return erased(kase?.erasedAt ?? "");
    throw error;
  }
}

/** An event's details with its statements sealed under the case's key (before the chain hashes them). */
export async function sealStatements(
  cipher: PersonalDataCipher,
  caseId: string,
  kase: CaseKeyRef,
  details: Readonly<Record<string, unknown>>,
): Promise<Readonly<Record<string, unknown>>> {
  const out: Record<string, unknown> = { ...details };
  for (const field of STATEMENT_FIELDS) {
    const value = details[field];
    if (typeof value !== "string" || isSealedValue(value)) continue;
    out[field] = kase.erasedAt
      ? ERASED
      : await sealUnder(cipher, kase.dataKey)(value, sealedContext.statement(caseId, field));
  }
  return out;
}

/** An event's details with its sealed statements opened; `[erased]` where the key was destroyed. */
export async function openStatements(
  cipher: PersonalDataCipher,
  caseId: string,
  kase: CaseKeyRef | undefined,
  details: Readonly<Record<string, unknown>>,
): Promise<Readonly<Record<string, unknown>>> {
  const fields = STATEMENT_FIELDS.filter((f) => isSealedValue(details[f]));
  if (fields.length === 0) return details;
  const out: Record<string, unknown> = { ...details };
  for (const field of fields) {
    out[field] = kase?.erasedAt
      ? ERASED
      : await cipher
          .openFor<string>(
            kase?.dataKey,
            details[field] as string,
            sealedContext.statement(caseId, field),
          )
          .catch((error: unknown) => {
            if (error instanceof ErasedValueError) return ERASED;
            throw error;
          });
  }
  return out;
}
