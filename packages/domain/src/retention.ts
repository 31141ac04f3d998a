/**
 * How long each class of data is kept (个人信息保护法 Art. 19: no longer than the purpose needs;
 * Art. 47: deleted once the period ends), and when a case's personal data may be erased. The
 * periods are data, in one table, with the reason for each; a deployment may lengthen or shorten
 * a period (`retentionPolicy`), never below a floor the law sets. docs/decisions/0010-hardening.md
 * prints the table.
 *
 * A case's personal data is erased by destroying its data key (crypto-shredding, store
 * crypto/envelope.ts): every copy sealed under it — the case, its reports, the statements in its
 * audit trail, backups — becomes unreadable at once, and the trail still verifies.
 */
import * as z from "zod";
import { addMonths, birthdayAt, localDate } from "./care/calendar.ts";
import { identityBirthDate } from "./report/identity-number.ts";

const DATA_CLASSES = [
  "case_personal_data",
  "care_file",
  "reporter_draft",
  "notification_ledger",
  "security_log",
  "access_log",
  "idempotency_record",
  "audit_chain",
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

interface RetentionRule {
  /** Months kept after `from`; `null`: not erased by age (the audit chain). */
  readonly months: number | null;
  /** Days, for classes kept less than a month. */
  readonly days?: number;
  /** What the period runs from. */
  readonly from: string;
  /** For a child's data: kept at least until the youngest child reaches this age (years). */
  readonly untilChildAge?: number;
  /** `law` with its citation, or `local_policy` (to be confirmed with the city). */
  readonly basis: "law" | "local_policy";
  /** The shortest period the law allows, in months: a deployment may not go below it. */
  readonly floorMonths?: number;
  readonly reason: string;
  /** Where the period is applied, or that it is not yet. */
  readonly enforcedBy: string;
}

export const DEFAULT_RETENTION: Readonly<Record<DataClass, RetentionRule>> = {
  case_personal_data: {
    months: 120,
    from: "the case's closing",
    untilChildAge: 21,
    basis: "local_policy",
    reason:
      "Children, report input, reporters' contacts and every statement in the case and its trail. " +
      "A closed case can reopen on a new report and an agency may need the history; a minor victim's " +
      "civil claim runs three years (民法典 Art. 188) counted from age 18 for sexual abuse " +
      "(民法典 Art. 191, as we read it), hence at least until the youngest child is 21; criminal " +
      "limitation periods (刑法 Art. 87) can be longer and are the agencies' own files. Ten years " +
      "after closing is local policy, to be checked with the city's archive office (档案法 and the " +
      "agencies' archive rules may require longer keeping or a transfer before erasure).",
    enforcedBy: "an administrator's erasure (POST /v1/cases/{caseId}/erasure), refused before it",
  },
  care_file: {
    months: 60,
    from: "the child's 18th birthday or the file's closing, whichever is later",
    basis: "local_policy",
    reason:
      "一人一档 serves the child while a child; five years after lets the 民政 follow-up and spot " +
      "checks of past years finish. To be checked with civil affairs.",
    enforcedBy: "not yet: care files are sealed under shared keys, not per file",
  },
  reporter_draft: {
    months: 0,
    days: 7,
    from: "the draft's last change, on the reporter's device",
    basis: "local_policy",
    reason: "A draft is removed when filed; one left behind serves no purpose after a week.",
    enforcedBy: "the web app removes a draft when filed; the 7-day limit is not yet enforced",
  },
  notification_ledger: {
    months: 6,
    from: "the notice's delivery",
    basis: "local_policy",
    reason:
      "Notices carry ids, categories and due times, no personal data; kept to show a delivery was made.",
    enforcedBy: "not yet: delivery items carry no expiry",
  },
  security_log: {
    months: 6,
    from: "the event",
    basis: "law",
    floorMonths: 6,
    reason: "网络安全法 Art. 21: network logs kept no less than six months. No personal data.",
    enforcedBy: "TTL on the security-log items (store audit/security-log.ts)",
  },
  access_log: {
    months: 13,
    from: "the access",
    basis: "law",
    floorMonths: 6,
    reason:
      "Who read a child's data: six months at least (网络安全法 Art. 21), kept 400 days so a full " +
      "year of reads can be reviewed. Ids only.",
    enforcedBy: "TTL on the access-log items (store audit/access-log.ts)",
  },
  idempotency_record: {
    months: 0,
    days: 1,
    from: "the request",
    basis: "local_policy",
    reason: "Long enough for a client to retry a filing; holds the answer only.",
    enforcedBy: "TTL on the idempotency items",
  },
  audit_chain: {
    months: null,
    from: "—",
    basis: "local_policy",
    reason:
      "The tamper-evident record of who did what and when. It holds no personal data in clear " +
      "(statements are sealed under the case's key), so erasing a case leaves it whole and verifiable.",
    enforcedBy: "not erased",
  },
};

const OverrideSchema = z.partialRecord(
  z.enum(DATA_CLASSES),
  z.strictObject({ months: z.int().min(0).max(1200) }),
);

/**
 * The deployment's table: the defaults, with the periods it overrides (JSON such as
 * `{"case_personal_data":{"months":180}}`). A period below the law's floor is refused.
 */
export function retentionPolicy(overrides?: string): Readonly<Record<DataClass, RetentionRule>> {
  if (!overrides) return DEFAULT_RETENTION;
  const parsed = OverrideSchema.parse(JSON.parse(overrides));
  const table = { ...DEFAULT_RETENTION };
  for (const [name, override] of Object.entries(parsed) as [DataClass, { months: number }][]) {
    const rule = DEFAULT_RETENTION[name];
    if (rule.floorMonths !== undefined && override.months < rule.floorMonths) {
      throw new Error(`${name} must be kept at least ${rule.floorMonths} months (${rule.reason})`);
    }
    if (rule.months === null) throw new Error(`${name} is not erased by age`);
    table[name] = { ...rule, months: override.months };
  }
  return table;
}

export type RetentionPolicy = ReturnType<typeof retentionPolicy>;

/** What the erasure rule needs to know of a case. */
export interface CaseRetentionFacts {
  readonly status: "open" | "closed";
  readonly closedAt?: string | undefined;
  readonly erasedAt?: string | undefined;
  readonly legalHold?: { readonly at: string } | undefined;
  readonly children: readonly {
    readonly birthDate?: string | undefined;
    readonly idNumber?: string | undefined;
    readonly ageYears?: number | undefined;
  }[];
  /** When the case was opened: an age without a date counts from here. */
  readonly createdAt: string;
}

/** The youngest child's birth date, as well as it is known (an age alone: the latest it allows). */
function youngestBirth(facts: CaseRetentionFacts): string | undefined {
  const births = facts.children.map((c) => {
    const known = c.birthDate ?? (c.idNumber ? identityBirthDate(c.idNumber) : undefined);
    if (known) return known;
    if (c.ageYears === undefined) return undefined;
    // Aged n at opening: born at the latest n years before it.
    return addMonths(localDate(facts.createdAt), -12 * c.ageYears);
  });
  // A child with no known age keeps the case until the period after closing alone decides.
  return births
    .filter((b): b is string => b !== undefined)
    .sort()
    .at(-1);
}

/** The local date until which a closed case's personal data is kept (inclusive of the day before). */
export function caseRetainedUntil(facts: CaseRetentionFacts, policy: RetentionPolicy): string {
  const rule = policy.case_personal_data;
  const closedOn = localDate(facts.closedAt ?? facts.createdAt);
  const afterClosing = addMonths(closedOn, rule.months ?? 0);
  const birth = youngestBirth(facts);
  const byAge =
    birth && rule.untilChildAge !== undefined ? birthdayAt(birth, rule.untilChildAge) : undefined;
  return byAge && byAge > afterClosing ? byAge : afterClosing;
}

type ErasureRefusal = "open" | "legal_hold" | "retention";

export type ErasureVerdict =
  | { readonly allowed: true; readonly retainedUntil: string }
  | { readonly allowed: false; readonly refusal: ErasureRefusal; readonly retainedUntil?: string }
  | { readonly allowed: false; readonly refusal: "already_erased"; readonly erasedAt: string };

/**
 * Whether a case's personal data may be erased now: not while it is open (a new report may still
 * come, agencies act on it), not under a legal hold (a court, the procuratorate or an inquiry has
 * asked that it be kept), and not before its retention period ends. An erased case is erased.
 */
export function erasureVerdict(
  facts: CaseRetentionFacts,
  now: Date,
  policy: RetentionPolicy,
): ErasureVerdict {
  if (facts.erasedAt)
    return { allowed: false, refusal: "already_erased", erasedAt: facts.erasedAt };
  if (facts.status === "open") return { allowed: false, refusal: "open" };
  if (facts.legalHold) return { allowed: false, refusal: "legal_hold" };
  const retainedUntil = caseRetainedUntil(facts, policy);
  if (localDate(now) < retainedUntil)
    return { allowed: false, refusal: "retention", retainedUntil };
  return { allowed: true, retainedUntil };
}
