/**
 * From the report form's values to the API's request body: dates to ISO strings, empty
 * optional fields left out. The body is then checked with the API's own zod schema.
 */
import { ReportInputSchema } from "@cp/domain/schemas";
import type { Dayjs } from "dayjs";

export interface ChildValues {
  name?: string;
  gender?: "male" | "female" | "unknown";
  birthDate?: Dayjs | null;
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
    occurredAt?: Dayjs | null;
    location?: string;
    immediateDanger?: boolean;
    atSchool?: boolean;
  };
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
        birthDate: c.birthDate ? c.birthDate.format("YYYY-MM-DD") : undefined,
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
      occurredAt: v.incident?.occurredAt
        ? v.incident.occurredAt
            .toDate()
            .toISOString()
            .replace(/\.\d{3}Z$/, "Z")
        : undefined,
      location: present(v.incident?.location),
      immediateDanger: v.incident?.immediateDanger ?? false,
      atSchool: v.incident?.atSchool,
    }),
  };
}

/** The API's validation, run before anything is kept or sent. */
export function validateReport(body: unknown) {
  return ReportInputSchema.safeParse(body);
}
