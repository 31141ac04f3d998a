/**
 * The request and record shapes of the HTTP API (served as /v1/openapi.json), as zod schemas.
 * They validate input, give the TypeScript types (z.infer) and feed the OpenAPI document.
 * Objects are strict: an unknown field is an error, so a client cannot set what it must not
 * (a status, an agency, a reporter identity).
 */
import * as z from "zod";
import { AGENCY_CODES } from "./agencies.ts";
import { HARM_CATEGORIES } from "./categories.ts";
import { isValidIdentityNumber } from "./report/identity-number.ts";
import { SeverityFactsSchema } from "./severity.ts";

export const REPORTER_RELATIONSHIPS = [
  "teacher",
  "school_staff",
  "doctor",
  "nurse",
  "child_director",
  "village_committee",
  "social_worker",
  "welfare_staff",
  "hotel_staff",
  "police_officer",
  "official",
  "other",
] as const;

export const CHILD_CIRCUMSTANCES = [
  "left_behind",
  "orphan",
  "de_facto_unsupported",
  "disabled",
  "seriously_ill",
  "hiv_affected",
  "low_income",
  "inadequate_guardianship",
] as const;

/**
 * `child_director` (儿童主任) keeps the files of their village's children; `child_supervisor`
 * (儿童督导员) oversees a township's. Civil affairs' care staff are officers of `civil_affairs`.
 */
export const ROLES = [
  "reporter",
  "officer",
  "supervisor",
  "admin",
  "child_director",
  "child_supervisor",
] as const;
export type Role = (typeof ROLES)[number];

export const TICKET_KINDS = ["lead", "support", "oversight"] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_STATUSES = ["pending", "accepted", "declined", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const REPORT_STATUSES = ["received", "routed", "in_progress", "closed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const AgencyCodeSchema = z.enum(AGENCY_CODES);
export const HarmCategorySchema = z.enum(HARM_CATEGORIES);

/** An ISO 8601 instant in UTC with a `Z`. */
export const InstantSchema = z.iso.datetime({ offset: false });
const CalendarDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const ReporterInputSchema = z.strictObject({
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, "a phone number: digits, spaces or dashes")
    .optional(),
  relationship: z.enum(REPORTER_RELATIONSHIPS),
});

export const ChildInputSchema = z
  .strictObject({
    name: text(50).optional(),
    gender: z.enum(["male", "female", "unknown"]),
    birthDate: CalendarDate.optional(),
    ageYears: z.int().min(0).max(17).optional(),
    idNumber: z
      .string()
      .refine(isValidIdentityNumber, {
        message: "not a valid 18-character resident identity number (GB 11643 check digit)",
      })
      .transform((v) => v.toUpperCase())
      .optional(),
    township: text(50),
    village: text(50).optional(),
    circumstances: z.array(z.enum(CHILD_CIRCUMSTANCES)).max(CHILD_CIRCUMSTANCES.length).default([]),
  })
  .refine((c) => c.birthDate !== undefined || c.ageYears !== undefined, {
    message: "birthDate or ageYears is required",
    path: ["birthDate"],
  });

export const IncidentInputSchema = z.strictObject({
  categories: z
    .array(HarmCategorySchema)
    .min(1)
    .refine((cs) => new Set(cs).size === cs.length, { message: "categories must not repeat" }),
  description: text(5000),
  occurredAt: InstantSchema.optional(),
  location: text(200).optional(),
  immediateDanger: z.boolean().default(false),
  /** Whether it happened at or around a school; when absent, a teacher's or school staff's report counts as at school. */
  atSchool: z.boolean().optional(),
  /** Yes/no facts a reporter can state (severity.ts); they decide whether police join. */
  severity: SeverityFactsSchema.optional(),
});

export const ReportInputSchema = z.strictObject({
  reporter: ReporterInputSchema,
  children: z.array(ChildInputSchema).min(1).max(10),
  incident: IncidentInputSchema,
});

export type ReporterInput = z.infer<typeof ReporterInputSchema>;
export type ChildInput = z.infer<typeof ChildInputSchema>;
export type IncidentInput = z.infer<typeof IncidentInputSchema>;
export type ReportInput = z.infer<typeof ReportInputSchema>;

export const AcceptTicketSchema = z.strictObject({ note: text(2000).optional() });
/** Legal reasons a lead ticket on an 意见 Art. 4 category may be declined for (docs/domain.md, "Declines"). */
export const DECLINE_LEGAL_REASONS = ["outside_jurisdiction", "already_filed_elsewhere"] as const;
export const DeclineTicketSchema = z.strictObject({
  reason: text(2000),
  suggestAgency: AgencyCodeSchema.optional(),
  /** Required to decline a lead ticket on an Art. 4 category; a supervisor then rules on it. */
  legalReason: z.enum(DECLINE_LEGAL_REASONS).optional(),
});
export const TicketActionSchema = z.strictObject({
  type: z.string().min(1).max(64),
  note: text(2000),
  occurredAt: InstantSchema.optional(),
  /** For `extend`: the new close-due time. */
  dueAt: InstantSchema.optional(),
});
/** What a referral to the court applies for: it starts the court's statutory clock (clocks.ts). */
export const COURT_APPLICATIONS = ["protection_order", "guardianship_revocation"] as const;
export const ReferTicketSchema = z.strictObject({
  toAgency: AgencyCodeSchema,
  request: text(2000),
  reason: text(2000),
  applies: z.enum(COURT_APPLICATIONS).optional(),
});
export const CloseTicketSchema = z.strictObject({
  outcome: z.string().min(1).max(64),
  summary: text(2000),
});

export type AcceptTicket = z.infer<typeof AcceptTicketSchema>;
export type DeclineTicket = z.infer<typeof DeclineTicketSchema>;
export type TicketAction = z.infer<typeof TicketActionSchema>;
export type ReferTicket = z.infer<typeof ReferTicketSchema>;
export type CloseTicket = z.infer<typeof CloseTicketSchema>;
