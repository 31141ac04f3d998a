/**
 * The request and record shapes of the HTTP API (served as /v1/openapi.json), as zod schemas.
 * They validate input, give the TypeScript types (z.infer) and feed the OpenAPI document.
 * Objects are strict: an unknown field is an error, so a client cannot set what it must not
 * (a status, an agency, a reporter identity). Text is checked as the person meant it and dates
 * must be possible (input-rules.ts).
 */
import * as z from "zod";
import { AGENCY_CODES } from "./agencies.ts";
import { CalendarDateSchema, InstantSchema } from "./bounds.ts";
import { HARM_CATEGORIES } from "./categories.ts";
import {
  childDateIssues,
  cleanString,
  incidentTimeIssue,
  MESSAGES,
  measureTimeIssue,
  nameText,
  phoneNumber,
  statementText,
} from "./input-rules.ts";
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
/** A resident identity number (GB 11643): 18 characters, its check digit right, upper case. */
export const IdentityNumberSchema = cleanString(18, 18)
  .refine(isValidIdentityNumber, {
    message: "not a valid 18-character resident identity number (GB 11643 check digit)",
  })
  .overwrite((v) => v.toUpperCase());

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

const CalendarDate = CalendarDateSchema;
const text = nameText;
const statement = statementText;
/** A code the server checks against its own list (a measure, an outcome). */
const code = () => cleanString(1, 64);

const ReporterInputSchema = z.strictObject({
  phone: phoneNumber().optional(),
  relationship: z.enum(REPORTER_RELATIONSHIPS),
});

/**
 * Where the rules that depend on the date read "now" (a child is under 18, an incident is not in
 * the future): the API passes its own clock, the web form and the OpenAPI document the device's.
 */
export type Now = () => number;

const childInputSchema = (now: Now = () => Date.now()) =>
  z
    .strictObject({
      name: text(50).optional(),
      gender: z.enum(["male", "female", "unknown"]),
      birthDate: CalendarDate.optional(),
      ageYears: z.int().min(0).max(17).meta({ format: "int32" }).optional(),
      idNumber: IdentityNumberSchema.optional(),
      township: text(50),
      village: text(50).optional(),
      circumstances: z
        .array(z.enum(CHILD_CIRCUMSTANCES))
        .max(CHILD_CIRCUMSTANCES.length)
        .default([]),
    })
    .refine((c) => c.birthDate !== undefined || c.ageYears !== undefined, {
      message: "birthDate or ageYears is required",
      path: ["birthDate"],
    })
    .superRefine((child, ctx) => {
      for (const issue of childDateIssues(child, now())) {
        ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
      }
    });

const IncidentInputSchema = z.strictObject({
  categories: z
    .array(HarmCategorySchema)
    .min(1)
    .max(HARM_CATEGORIES.length)
    .refine((cs) => new Set(cs).size === cs.length, { message: "categories must not repeat" }),
  description: statement(5000),
  occurredAt: InstantSchema.optional(),
  location: text(200).optional(),
  immediateDanger: z.boolean().default(false),
  /** Whether it happened at or around a school; when absent, a teacher's or school staff's report counts as at school. */
  atSchool: z.boolean().optional(),
  /** Yes/no facts a reporter can state (severity.ts); they decide whether police join. */
  severity: SeverityFactsSchema.optional(),
});

export const ChildInputSchema = childInputSchema();

export const reportInputSchema = (now: Now = () => Date.now()) =>
  z
    .strictObject({
      reporter: ReporterInputSchema,
      children: z.array(childInputSchema(now)).min(1).max(10),
      incident: IncidentInputSchema,
    })
    .superRefine((report, ctx) => {
      const at = report.incident.occurredAt;
      const problem = at && incidentTimeIssue(at, report.children, now());
      if (problem)
        ctx.addIssue({ code: "custom", path: ["incident", "occurredAt"], message: problem });
    });
export const ReportInputSchema = reportInputSchema();

export type ChildInput = z.infer<typeof ChildInputSchema>;
export type ReportInput = z.infer<typeof ReportInputSchema>;

export const AcceptTicketSchema = z.strictObject({ note: statement(2000).optional() });
/** Legal reasons a lead ticket on an 意见 Art. 4 category may be declined for (docs/domain.md, "Declines"). */
const DECLINE_LEGAL_REASONS = ["outside_jurisdiction", "already_filed_elsewhere"] as const;
export const DeclineTicketSchema = z.strictObject({
  reason: statement(2000),
  suggestAgency: AgencyCodeSchema.optional(),
  /** Required to decline a lead ticket on an Art. 4 category; a supervisor then rules on it. */
  legalReason: z.enum(DECLINE_LEGAL_REASONS).optional(),
});
/**
 * A supervisor's ruling on a declined Art. 4 lead ticket (docs/domain.md, "Declines"): 撤销
 * (`overturn`) sends it back to the same agency, 维持 (`uphold`) lets the decline stand and names
 * the agency that leads instead (`toAgency`). Always with a reason, kept in the audit trail.
 */
export const DECLINE_RULINGS = ["overturn", "uphold"] as const;
export type DeclineRulingOutcome = (typeof DECLINE_RULINGS)[number];
export const DeclineRulingSchema = z.strictObject({
  ruling: z.enum(DECLINE_RULINGS),
  reason: statement(2000),
  /** For `uphold` only: the agency that leads once the decline stands. */
  toAgency: AgencyCodeSchema.optional(),
});
export type DeclineRuling = z.infer<typeof DeclineRulingSchema>;
/** Measures that carry a `dueAt`: the new close-due time (`extend`), the order's expiry. */
const DUE_AT_TYPES: ReadonlySet<string> = new Set(["extend", "protection_order_issued"]);
export const TicketActionSchema = z
  .strictObject({
    type: code(),
    note: statement(2000),
    /** When the measure was taken; between the ticket's creation and now (the store checks the first). */
    occurredAt: InstantSchema.optional(),
    /** For `extend`: the new close-due time; for `protection_order_issued`: the order's expiry. */
    dueAt: InstantSchema.optional(),
  })
  .superRefine((action, ctx) => {
    if (action.dueAt !== undefined && !DUE_AT_TYPES.has(action.type)) {
      ctx.addIssue({ code: "custom", path: ["dueAt"], message: MESSAGES.dueAtNotExtend });
    }
    // The ticket's creation is the store's to check; the future is checkable here.
    const problem =
      action.occurredAt && measureTimeIssue(action.occurredAt, action.occurredAt, Date.now());
    if (problem) ctx.addIssue({ code: "custom", path: ["occurredAt"], message: problem });
  });
/** What a referral to the court applies for: it starts the court's statutory clock (clocks.ts). */
const COURT_APPLICATIONS = ["protection_order", "guardianship_revocation"] as const;
export const ReferTicketSchema = z.strictObject({
  toAgency: AgencyCodeSchema,
  request: statement(2000),
  reason: statement(2000),
  applies: z.enum(COURT_APPLICATIONS).optional(),
});
export const CloseTicketSchema = z.strictObject({
  outcome: code(),
  summary: statement(2000),
});

export type AcceptTicket = z.infer<typeof AcceptTicketSchema>;
export type DeclineTicket = z.infer<typeof DeclineTicketSchema>;
export type TicketAction = z.infer<typeof TicketActionSchema>;
export type ReferTicket = z.infer<typeof ReferTicketSchema>;
export type CloseTicket = z.infer<typeof CloseTicketSchema>;
