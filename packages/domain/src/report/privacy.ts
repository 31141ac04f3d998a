/**
 * What a viewer who may know a child exists, but not who, sees (supervisors; 未保法 Arts. 4, 103),
 * and who sees a reporter's contact (反家庭暴力法 Art. 14). The rules and their reasons:
 * docs/decisions/0010-hardening.md.
 *
 * A supervisor's view of a child: gender, township, circumstances and an age band. No name, no
 * identity-number digit, no birth date, no village: a masked identity number with its area code
 * and last four digits, a birth year and a surname narrowed a child to about a hundred people.
 * Free-text statements (notes, reasons, summaries) are withheld too; break-glass shows them.
 */
import type { AgencyCode } from "../agencies.ts";
import { ageOn } from "../input-rules.ts";
import type { ChildInput } from "../schemas.ts";
import { identityBirthDate } from "./identity-number.ts";

/**
 * Age bands at the law's thresholds: under 14 and under 16 are the ages of 刑法 Art. 17 and of
 * the offences against children under 14 (Art. 236); 6 and 12 are school stages.
 */
export const AGE_BANDS = ["0-5", "6-11", "12-13", "14-15", "16-17"] as const;
export type AgeBand = (typeof AGE_BANDS)[number] | "unknown";

export function ageBandOf(age: number | undefined): AgeBand {
  if (age === undefined || age < 0) return "unknown";
  if (age <= 5) return "0-5";
  if (age <= 11) return "6-11";
  if (age <= 13) return "12-13";
  if (age <= 15) return "14-15";
  return "16-17";
}

/** The child's age today (YYYY-MM-DD), from the birth date, the identity number or the stated age. */
export function ageOf(child: ChildInput, today: string): number | undefined {
  const born = child.birthDate ?? (child.idNumber ? identityBirthDate(child.idNumber) : undefined);
  return born !== undefined ? ageOn(born, today) : child.ageYears;
}

export interface MaskedChild {
  readonly gender: ChildInput["gender"];
  readonly township: string;
  readonly circumstances: readonly string[];
  readonly ageBand: AgeBand;
}

/** The child as a supervisor sees it. */
export function maskChild(child: ChildInput, today: string): MaskedChild {
  return {
    gender: child.gender,
    township: child.township,
    circumstances: child.circumstances,
    ageBand: ageBandOf(ageOf(child, today)),
  };
}

/** Audit details that are free-text statements: withheld from a masked view. */
export const STATEMENT_FIELDS = ["note", "reason", "summary", "request", "description"] as const;

/** An event's details with statements replaced by a marker that says they exist. */
export function withoutStatements(details: Readonly<Record<string, unknown>>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    out[k] = (STATEMENT_FIELDS as readonly string[]).includes(k) ? "[withheld]" : v;
  }
  return out;
}

interface TicketOnCase {
  readonly agency: AgencyCode;
  readonly kind: string;
  readonly status: string;
}

/**
 * Whether an agency needs the reporter's contact to act: police, who take the report and must
 * keep the reporter's identity confidential (反家庭暴力法 Art. 14), and the agency holding the lead
 * ticket, which gives the reporter feedback — each only while its ticket is not declined. Support
 * and oversight agencies, agencies that declined or transferred, and supervisors do not.
 */
export function agencyNeedsReporterContact(
  agency: AgencyCode | undefined,
  tickets: readonly TicketOnCase[],
): boolean {
  if (!agency) return false;
  return tickets.some(
    (t) =>
      t.agency === agency && t.status !== "declined" && (t.kind === "lead" || agency === "police"),
  );
}
