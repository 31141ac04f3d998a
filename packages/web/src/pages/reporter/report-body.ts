/**
 * From the report form's values to the API's request body: dates to ISO strings, empty
 * optional fields left out. The body is then checked with the API's own zod schema.
 * Dates come from the phone's own date and time inputs as plain strings ("2026-11-28",
 * "2026-11-28T08:30" in local time), so a draft is plain data too.
 */
import { ReportInputSchema } from "@cp/domain/schemas";
import { type SeverityFact, severityQuestionsFor } from "@cp/domain/severity";

interface ChildValues {
  name?: string;
  gender?: "male" | "female" | "unknown";
  birthDate?: string | null;
  ageYears?: number | null;
  idNumber?: string;
  township?: string;
  village?: string;
  circumstances?: string[];
}

export interface ReportFormValues {
  reporter?: { relationship?: string; phone?: string };
  children?: ChildValues[];
  incident?: {
    categories?: string[];
    description?: string;
    occurredAt?: string | null;
    location?: string;
    immediateDanger?: boolean;
    atSchool?: boolean;
    /** The severity questions answered yes (the form asks only those its categories need). */
    severityYes?: string[];
  };
}

/** The yes answers as the API's facts, keeping only questions the chosen categories ask. */
function severityOf(v: ReportFormValues["incident"]) {
  const asked = severityQuestionsFor(v?.categories ?? []);
  const yes = (v?.severityYes ?? []).filter((f): f is SeverityFact =>
    asked.includes(f as SeverityFact),
  );
  return yes.length > 0 ? Object.fromEntries(yes.map((f) => [f, true])) : undefined;
}

/** "2026-11-28T08:30" as the phone's local time → "2026-11-28T00:30:00Z". */
function localToInstant(local: string | null | undefined): string | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? local : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Now as a value for a datetime-local input (its max). */
export function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const present = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** Drop keys whose value is undefined, so the strict schema sees only what was filled. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function toReportBody(v: ReportFormValues) {
  return {
    reporter: compact({
      relationship: v.reporter?.relationship,
      phone: present(v.reporter?.phone),
    }),
    children: (v.children ?? []).map((c) =>
      compact({
        name: present(c.name),
        gender: c.gender,
        birthDate: c.birthDate || undefined,
        ageYears: c.ageYears ?? undefined,
        idNumber: present(c.idNumber),
        township: present(c.township),
        village: present(c.village),
        circumstances: c.circumstances ?? [],
      }),
    ),
    incident: compact({
      categories: v.incident?.categories ?? [],
      description: present(v.incident?.description),
      occurredAt: localToInstant(v.incident?.occurredAt),
      location: present(v.incident?.location),
      immediateDanger: v.incident?.immediateDanger ?? false,
      atSchool: v.incident?.atSchool,
      severity: severityOf(v.incident),
    }),
  };
}

/** The API's validation, run before anything is kept or sent. */
export function validateReport(body: unknown) {
  return ReportInputSchema.safeParse(body);
}
