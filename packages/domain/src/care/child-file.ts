/**
 * 一人一档: a child's file, as the plan's item 5 lists it — basic information, visit records, a
 * work log, help given (关爱帮扶记录), problems found and their solutions — with the household,
 * the guardians and carers, the entrustment agreement (委托照护协议书, item 2), the parents'
 * work-place filing (外出务工备案, item 2) and a risk level with its reasons.
 */
import * as z from "zod";
import { CalendarDateSchema, InstantSchema } from "../bounds.ts";
import { HARM_CATEGORIES } from "../categories.ts";
import {
  childDateIssues,
  cleanString,
  localToday,
  MESSAGES,
  phoneNumber,
  statementText as statement,
  nameText as text,
  visitTimeIssue,
} from "../input-rules.ts";
import { CHILD_CIRCUMSTANCES, IdentityNumberSchema } from "../schemas.ts";
import { PARENTS_AWAY } from "./circumstances.ts";

/*
 * Text here follows the report's rules (input-rules.ts): well-formed Unicode, NFKC for names,
 * places and numbers, NFC for statements, format characters removed before lengths are counted.
 */
const CalendarDate = CalendarDateSchema;
/** A date of something that has happened (signed, filed, away since): not after today. */
const PastDate = CalendarDateSchema.refine((d) => d <= localToday(Date.now()), {
  message: MESSAGES.dateInFuture,
});
const Phone = phoneNumber();

/**
 * Four risk levels. The plan names no levels; these are local policy, read as: low — needs are
 * met; medium — a need or gap is open; high — care at risk (carer unable, a serious disability,
 * psychological or behavioural problems); critical — harm or danger suspected (a report is due).
 */
export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Needs, as 需求清 (item 6) asks them to be known; the plan's items 7–9 and 16 name them. */
export const CARE_NEEDS = [
  "subsistence", // 低保、特困供养、临时救助 (item 7)
  "medical_rehabilitation", // 医疗康复 (item 7)
  "education", // 控辍保学、教育资助 (item 8)
  "psychological", // 心理关爱 (item 16)
  "guardianship", // 监护 (items 1–4)
  "daily_care", // 生活关爱 (item 9)
  "safety", // 安全 (items 11–12)
] as const;
export type CareNeed = (typeof CARE_NEEDS)[number];

/** Kinds of help given (关爱帮扶), mirroring the needs. */
export const HELP_KINDS = [
  "subsistence_assistance",
  "medical_rehabilitation",
  "education_support",
  "psychological_support",
  "guardianship_support",
  "daily_care",
  "safety_education",
  "other",
] as const;

const GUARDIAN_RELATIONS = [
  "father",
  "mother",
  "grandparent",
  "sibling",
  "relative",
  "other",
] as const;

const GuardianSchema = z.strictObject({
  relation: z.enum(GUARDIAN_RELATIONS),
  name: text(50),
  phone: Phone.optional(),
  livesWithChild: z.boolean(),
  /** The plan's 无监护能力: a parent or carer who cannot care (illness, disability, age). */
  ableToCare: z.boolean(),
});

/** 委托照护协议书 (item 2): who cares for a left-behind child while the parents are away. */
const EntrustmentSchema = z.strictObject({
  carerName: text(50),
  relation: z.enum(GUARDIAN_RELATIONS),
  phone: Phone.optional(),
  signedOn: PastDate,
});

/** 外出务工备案 (item 2): where a parent works and how to reach them, filed before leaving. */
const ParentWorkFilingSchema = z.strictObject({
  parent: z.enum(["father", "mother"]),
  workPlace: text(100),
  phone: Phone.optional(),
  /** May lie ahead: the filing is made before leaving. */
  leftOn: CalendarDate,
  filedOn: PastDate.optional(),
});

const HouseholdSchema = z.strictObject({
  /** The village's own household number (一户一档); unique within the village. */
  householdNo: cleanString(1, 20).regex(
    /^[0-9A-Za-z-]{1,20}$/,
    "letters, digits and dashes, up to 20",
  ),
  address: text(200).optional(),
  members: z.int().min(1).max(30).meta({ format: "int32" }).optional(),
});

/** A child's file's contents, as entered and as served (without the checks across fields). */
export const ChildFileContentSchema = z.strictObject({
  name: text(50),
  gender: z.enum(["male", "female"]),
  /** Required: the plan's age limits are checked against it. */
  birthDate: CalendarDate,
  idNumber: IdentityNumberSchema.optional(),
  township: text(50),
  village: text(50),
  household: HouseholdSchema,
  circumstances: z
    .array(z.enum(CHILD_CIRCUMSTANCES))
    .min(1)
    .max(CHILD_CIRCUMSTANCES.length)
    .refine((cs) => new Set(cs).size === cs.length, { message: "circumstances must not repeat" }),
  leftBehind: z.strictObject({ parentsAway: z.enum(PARENTS_AWAY), awaySince: PastDate }).optional(),
  guardians: z.array(GuardianSchema).max(6).default([]),
  entrustment: EntrustmentSchema.optional(),
  parentsWork: z.array(ParentWorkFilingSchema).max(2).default([]),
  /** The plan's grounds for visiting more often (item 5). */
  attention: z
    .strictObject({
      parentSeriousDisability: z.boolean().default(false),
      childDisability: z.boolean().default(false),
      psychologicalOrBehavioural: z.boolean().default(false),
    })
    .default({
      parentSeriousDisability: false,
      childDisability: false,
      psychologicalOrBehavioural: false,
    }),
  risk: z
    .strictObject({
      level: z.enum(RISK_LEVELS),
      reasons: z.array(statement(200)).max(10).default([]),
    })
    .refine((r) => r.level === "low" || r.reasons.length > 0, {
      message: "a risk above low needs at least one reason",
      path: ["reasons"],
    }),
  needs: z
    .array(z.enum(CARE_NEEDS))
    .max(CARE_NEEDS.length)
    .refine((ns) => new Set(ns).size === ns.length, { message: "needs must not repeat" })
    .default([]),
});

/**
 * A child's file: the child is born no later than today and under 18 (未保法 Art. 2), and the
 * birth date is the one in the identity number (input-rules.ts, as for a report's child).
 */
export const ChildFileInputSchema = ChildFileContentSchema.superRefine((file, ctx) => {
  for (const issue of childDateIssues(file, Date.now())) {
    ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  }
});
export type ChildFileInput = z.infer<typeof ChildFileInputSchema>;

/** What a visit found about the carer (item 2): unable or unwilling to care starts a replacement. */
export const VisitInputSchema = z.strictObject({
  /** Made on the device before sending: a visit sent twice (offline, retried) is stored once. */
  clientVisitId: z.uuid().max(36),
  /** contact: any contact (phone, video, meeting); home_visit: 入户走访, also a contact. */
  kind: z.enum(["contact", "home_visit"]),
  channel: z.enum(["phone", "video", "in_person"]).default("in_person"),
  /** Not after now (plus a small skew); the store also checks it against the child's birth. */
  occurredAt: InstantSchema.refine((at) => visitTimeIssue(at, Date.now()) === undefined, {
    message: MESSAGES.visitInFuture,
  }),
  notes: statement(2000).optional(),
  carerUnableOrUnwilling: z.boolean().default(false),
  problem: z
    .strictObject({
      summary: statement(1000),
      categories: z.array(z.enum(HARM_CATEGORIES)).max(HARM_CATEGORIES.length).default([]),
      immediateDanger: z.boolean().default(false),
    })
    .optional(),
  help: z
    .array(z.strictObject({ kind: z.enum(HELP_KINDS), note: statement(500).optional() }))
    .max(10)
    .default([]),
  /** File the problem as a mandatory report in the same step, pre-filled from the file. */
  fileReport: z.boolean().default(false),
});
export type VisitInput = z.infer<typeof VisitInputSchema>;

/** What the 主任 adds when a visit's problem becomes a mandatory report; the rest comes from the file. */
export const ReportFromVisitSchema = z.strictObject({
  categories: z.array(z.enum(HARM_CATEGORIES)).min(1).max(HARM_CATEGORIES.length).optional(),
  immediateDanger: z.boolean().optional(),
  description: statement(3000).optional(),
});
export type ReportFromVisit = z.infer<typeof ReportFromVisitSchema>;

/** A problem closed with its solution (发现问题和解决方案). */
export const SolveProblemSchema = z.strictObject({ solution: statement(2000) });

/** A line of the work log (工作日志). */
export const WorkLogInputSchema = z.strictObject({ note: statement(2000) });

/** What is missing from a file that the plan asks for: shown, never a reason to refuse it. */
type FileGap =
  | "entrustment_agreement"
  | "parents_work_filing"
  | "guardian_contact"
  | "identity_number";

export function fileGaps(file: ChildFileInput): FileGap[] {
  const gaps: FileGap[] = [];
  if (file.circumstances.includes("left_behind")) {
    if (!file.entrustment) gaps.push("entrustment_agreement");
    if (file.parentsWork.length === 0) gaps.push("parents_work_filing");
  }
  if (!file.guardians.some((g) => g.phone) && !file.entrustment?.phone) {
    gaps.push("guardian_contact");
  }
  if (!file.idNumber) gaps.push("identity_number");
  return gaps;
}
