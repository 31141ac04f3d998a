/**
 * What a viewer who may know a child exists, but not who, sees (supervisors; 未保法 Arts. 4, 103),
 * and who sees a reporter's contact (反家庭暴力法 Art. 14). The rules and their reasons:
 * docs/decisions/0010-hardening.md.
 *
 * A supervisor's view of a child: gender, township, circumstances and an age band. No name, no
 * identity-number digit, no birth date, no village: a masked identity number with its area code
 * and last four digits, a birth year and a surname narrowed a child to about a hundred people.
 * Free-text statements (notes, reasons, summaries) are withheld too, except those the viewer wrote
 * (a supervisor reads the reason they gave for breaking the glass; other supervisors do not).
 */
import type { AgencyCode } from "../agencies.ts";
import type { ChildInput } from "../schemas.ts";
import { type AgeBand, ageBand } from "./age-band.ts";

interface MaskedChild {
  readonly gender: ChildInput["gender"];
  readonly township: string;
  readonly circumstances: ChildInput["circumstances"];
  readonly ageBand: AgeBand;
}

/** The child as a supervisor sees it: the same age bands as the officers' inbox (age-band.ts). */
export function maskChild(child: ChildInput, now: Date): MaskedChild {
  return {
    gender: child.gender,
    township: child.township,
    circumstances: child.circumstances,
    ageBand: ageBand(child, now),
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
