/**
 * The answers of the HTTP API, as zod schemas: the one definition of each response shape. The
 * routes serve them in the OpenAPI document (each `id` names a component), the store's views and
 * the web app's types are inferred from them (`Answer<typeof …>`), so a field added, renamed or
 * dropped here shows wherever it is written or read.
 */
import * as z from "zod";
import { AGENCY_CODES } from "./agencies.ts";
import {
  boundedText,
  CalendarDateSchema,
  CodeSchema,
  CursorSchema,
  countSchema,
  HashSchema,
  IdSchema,
  InstantSchema,
  MAX_AREA_TOWNSHIPS,
  MAX_POLICY_RULES,
  MAX_ROLES,
  MAX_TICKET_CLOCKS,
  MAX_TOWNSHIPS,
  millisSchema,
  ReferenceNoSchema,
  SubjectSchema,
} from "./bounds.ts";
import {
  CARE_NEEDS,
  ChildFileContentSchema,
  HELP_KINDS,
  RISK_LEVELS,
  VisitInputSchema,
} from "./care/child-file.ts";
import { HARM_CATEGORIES } from "./categories.ts";
import { AGE_BANDS } from "./report/age-band.ts";
import {
  AgencyCodeSchema,
  CHILD_CIRCUMSTANCES,
  DECLINE_RULINGS,
  REPORT_STATUSES,
  REPORTER_RELATIONSHIPS,
  TICKET_KINDS,
  TICKET_STATUSES,
} from "./schemas.ts";
import { GROUP_BY, METRICS_TIME_ZONE } from "./sla/metrics.ts";

/**
 * An answer's type as its readers hold it: the schema's output, read-only all the way down (the
 * store builds views from read-only records; the web app only reads them).
 */
type Answer<S extends z.ZodType> = Frozen<z.output<S>>;
type Frozen<T> = T extends readonly (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/** The most items one page holds. */
export const MAX_PAGE = 100;

/** A page of a list: at most `MAX_PAGE` items, and a cursor while more follow. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).max(MAX_PAGE), nextCursor: CursorSchema.optional() });
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

// Reports

/** The filer learns the report's identity and a receipt; never the case or whether one existed. */
export const FiledReportSchema = z
  .strictObject({
    reportId: IdSchema,
    referenceNo: ReferenceNoSchema,
    receivedAt: InstantSchema,
    receipt: boundedText(200),
  })
  .meta({ id: "FiledReport" });
export type FiledReport = Answer<typeof FiledReportSchema>;

export const ReportStatusSchema = z
  .object({
    reportId: IdSchema,
    referenceNo: ReferenceNoSchema,
    receivedAt: InstantSchema,
    status: z.enum(REPORT_STATUSES),
  })
  .meta({ id: "ReportStatus" });
export type ReportStatusAnswer = Answer<typeof ReportStatusSchema>;

// Tickets

export const TicketSchema = z
  .object({
    ticketId: IdSchema,
    caseId: IdSchema,
    referenceNo: ReferenceNoSchema,
    agency: AgencyCodeSchema,
    kind: z.enum(TICKET_KINDS),
    status: z.enum(TICKET_STATUSES),
    createdAt: InstantSchema,
    acceptDueAt: InstantSchema,
    closeDueAt: InstantSchema.nullable(),
    extendableUntil: InstantSchema.nullable(),
    extended: z.boolean(),
    acceptedAt: InstantSchema.optional(),
    closedAt: InstantSchema.optional(),
    declinedAt: InstantSchema.optional(),
    outcome: CodeSchema.optional(),
    overdue: z.boolean(),
    version: countSchema(),
    routingRule: z.object({
      tableVersion: countSchema(),
      ruleId: IdSchema,
      reason: boundedText(2000),
      alsoMatched: z.array(IdSchema).max(MAX_POLICY_RULES),
    }),
    referredFrom: IdSchema.optional(),
    /** Event clocks: a protection-order application, a 告诫书's follow-up, a first placement… */
    clocks: z
      .array(
        z.object({
          id: IdSchema,
          startedAt: InstantSchema,
          dueAt: InstantSchema,
          stoppedAt: InstantSchema.optional(),
          stoppedBy: SubjectSchema.optional(),
          expiresAt: InstantSchema.optional(),
        }),
      )
      .max(MAX_TICKET_CLOCKS)
      .optional(),
    /** A supervisor's ruling on its decline (a declined lead ticket of an 意见 Art. 4 case). */
    ruling: z
      .object({
        outcome: z.enum(DECLINE_RULINGS),
        at: InstantSchema,
        toAgency: AgencyCodeSchema.optional(),
      })
      .optional(),
  })
  .meta({ id: "Ticket" });

/** What an inbox row adds for triage: danger now, townships, age bands; never a name. */
export const InboxTicketSchema = TicketSchema.extend({
  triage: z
    .object({
      immediateDanger: z.boolean(),
      townships: z.array(boundedText(50)).max(MAX_TOWNSHIPS),
      ageBands: z.array(z.enum(AGE_BANDS)).max(AGE_BANDS.length),
      categories: z.array(z.enum(HARM_CATEGORIES)).max(HARM_CATEGORIES.length),
    })
    .optional(),
}).meta({ id: "InboxTicket" });
export type InboxTicket = Answer<typeof InboxTicketSchema>;

export const TicketCommandResultSchema = z.object({
  ticket: TicketSchema,
  created: TicketSchema.optional(),
});

/** A 催办 as sent (`POST /v1/tickets/{ticketId}/urge`). */
export const UrgeSchema = z
  .object({
    urgeId: IdSchema,
    ticketId: IdSchema,
    caseId: IdSchema,
    agency: AgencyCodeSchema,
    clock: CodeSchema.describe("accept, close, or an event clock's id"),
    dueAt: InstantSchema,
    urgedAt: InstantSchema,
    urgedBy: SubjectSchema,
    notifiedAt: InstantSchema.optional(),
    nextUrgeAt: InstantSchema,
  })
  .meta({ id: "Urge" });
export type Urge = Answer<typeof UrgeSchema>;

// Cases and their trails

const ActorSchema = z.object({
  sub: SubjectSchema,
  roles: z.array(CodeSchema).max(MAX_ROLES),
  agency: CodeSchema.optional(),
});

export const AuditEventSchema = z
  .object({
    seq: countSchema(),
    at: InstantSchema,
    actor: ActorSchema,
    action: CodeSchema,
    ticketId: IdSchema.optional(),
    details: z.record(z.string(), z.unknown()),
    prevHash: HashSchema,
    hash: HashSchema,
  })
  .meta({ id: "AuditEvent" });
export type AuditEventAnswer = Answer<typeof AuditEventSchema>;

export const AccessEntrySchema = z
  .object({
    caseId: IdSchema,
    action: z.enum(["child_data_viewed", "access_denied"]),
    actor: ActorSchema,
    window: InstantSchema,
    at: InstantSchema,
    details: z.record(z.string(), z.unknown()),
    seq: countSchema(),
    prevHash: HashSchema,
    prevAt: InstantSchema.optional(),
    hash: HashSchema,
  })
  .meta({ id: "AccessEntry" });

/** The verdict on a case's access log, chained on its own (audit/access-chain.ts). */
const AccessLogVerdictSchema = z.object({
  valid: z.boolean(),
  entries: countSchema(),
  firstSeq: countSchema(),
  problem: boundedText(500).optional(),
});

/** The verdict on a case's whole chain (`GET /v1/cases/{caseId}/audit/verify`). */
export const ChainVerdictSchema = z.object({
  valid: z.boolean(),
  events: countSchema(),
  head: HashSchema,
  firstBadSeq: countSchema().optional(),
  problem: boundedText(500).optional(),
  expectedEvents: countSchema(),
  accessLog: AccessLogVerdictSchema,
});
export type ChainVerdictAnswer = Answer<typeof ChainVerdictSchema>;

/** The ticket whose clock ran out, on a row of the overdue case list. */
const OverdueClockSchema = TicketSchema.pick({
  ticketId: true,
  agency: true,
  kind: true,
  status: true,
})
  .extend({
    clock: CodeSchema.describe("accept, close, or an event clock's id"),
    dueAt: InstantSchema,
    lateMs: millisSchema(),
  })
  .meta({ id: "OverdueClock" });
export type OverdueClock = Answer<typeof OverdueClockSchema>;

/** A row of the supervisors' case list (`GET /v1/cases`): nothing of the child. */
export const CaseListRowSchema = z
  .object({
    caseId: IdSchema,
    referenceNo: ReferenceNoSchema,
    createdAt: InstantSchema,
    status: z.enum(["open", "closed"]),
    closedAt: InstantSchema.optional(),
    /** Every agency that has held a ticket on the case. */
    agencies: z.array(AgencyCodeSchema).max(AGENCY_CODES.length),
    /** The agencies whose ticket is still pending or accepted. */
    openAgencies: z.array(AgencyCodeSchema).max(AGENCY_CODES.length),
    townships: z.array(boundedText(64)).max(MAX_TOWNSHIPS),
    categories: z.array(z.enum(HARM_CATEGORIES)).max(HARM_CATEGORIES.length),
    immediateDanger: z.boolean(),
    firstAcceptedAt: InstantSchema.optional(),
    /** On the overdue list: the ticket late and its clock. */
    overdue: OverdueClockSchema.optional(),
  })
  .meta({ id: "CaseListRow" });
export type CaseListRow = Answer<typeof CaseListRowSchema>;

/**
 * Reports, children and tickets on one case: ceilings for clients, not counts the store enforces
 * (a case gathers every report about the same child).
 */
const MAX_CASE_PARTS = 500;

/**
 * A child on a case as the caller may see it: in full to an agency on the case (and after
 * break-glass), masked for a supervisor — gender, township, circumstances and an age band only.
 */
const CaseChildSchema = z.object({
  name: boundedText(50).optional(),
  gender: z.enum(["male", "female", "unknown"]),
  birthDate: CalendarDateSchema.optional(),
  ageYears: countSchema().optional(),
  idNumber: boundedText(18).optional(),
  township: boundedText(50),
  village: boundedText(50).optional(),
  circumstances: z.array(z.enum(CHILD_CIRCUMSTANCES)).max(CHILD_CIRCUMSTANCES.length),
  ageBand: z.enum(AGE_BANDS).optional(),
});

/**
 * A report on a case: the reporter's contact only for the agencies that need it to act. Once the
 * case's personal data is erased, only its id, reference number, time and `erased: true` remain.
 */
const CaseReportSchema = z.object({
  reportId: IdSchema,
  referenceNo: ReferenceNoSchema,
  receivedAt: InstantSchema,
  erased: z.boolean().optional(),
  categories: z.array(z.enum(HARM_CATEGORIES)).max(HARM_CATEGORIES.length).optional(),
  immediateDanger: z.boolean().optional(),
  reporter: z
    .object({
      relationship: z.enum(REPORTER_RELATIONSHIPS),
      org: boundedText(200).optional(),
      phone: boundedText(20).optional(),
    })
    .optional(),
  description: boundedText(5000).optional(),
  occurredAt: InstantSchema.optional(),
  location: boundedText(200).optional(),
});

export const CaseViewSchema = z
  .object({
    caseId: IdSchema,
    status: z.enum(["open", "closed"]),
    createdAt: InstantSchema,
    closedAt: InstantSchema.optional(),
    referenceNo: ReferenceNoSchema,
    categories: z.array(z.enum(HARM_CATEGORIES)).max(HARM_CATEGORIES.length),
    townships: z.array(boundedText(64)).max(MAX_TOWNSHIPS),
    immediateDanger: z.boolean(),
    childrenMasked: z.boolean(),
    /** When the case's personal data was erased (retention): children and reports' input are gone. */
    erasedAt: InstantSchema.optional(),
    children: z.array(CaseChildSchema).max(MAX_CASE_PARTS),
    reports: z.array(CaseReportSchema).max(MAX_CASE_PARTS),
    tickets: z.array(TicketSchema).max(MAX_CASE_PARTS),
    /**
     * From the case's opening to the first acceptance by any agency (`at`), or, while none has,
     * up to now and still `running` (a decline does not stop it).
     */
    firstAcceptance: z.object({
      at: InstantSchema.optional(),
      waitedMs: millisSchema(),
      running: z.boolean(),
    }),
  })
  .meta({ id: "Case" });
export type CaseViewAnswer = Answer<typeof CaseViewSchema>;

/** Events on one case's trail: a ceiling for clients. */
const MAX_TIMELINE = 10_000;

/** `GET /v1/tickets/{ticketId}`: the ticket, its case as the caller may see it, the timeline. */
export const TicketDetailSchema = z.object({
  ticket: TicketSchema,
  case: CaseViewSchema,
  timeline: z.array(AuditEventSchema).max(MAX_TIMELINE),
});
export type TicketDetail = Answer<typeof TicketDetailSchema>;

// Supervision metrics

const ms = millisSchema().nullable();

export const ResponseTimeRowSchema = z
  .object({
    key: boundedText(100),
    cases: countSchema().describe(
      "Cases first routed in the window; counted per category, township and in total, not per agency (a case may have several).",
    ),
    tickets: countSchema(),
    accepted: countSchema().describe("Tickets ever accepted: in progress or closed."),
    closed: countSchema().describe("已办结"),
    declined: countSchema().describe("已退回 (declined while pending)"),
    pending: countSchema().describe("待接收: tickets − accepted − declined"),
    inProgress: countSchema().describe("办理中: accepted − closed"),
    open: countSchema().describe("未办结: pending + in progress"),
    overdue: countSchema().describe(
      "超期未办: open tickets whose running clock ran out, judged at reading time",
    ),
    acceptP50Ms: ms,
    acceptP90Ms: ms,
    acceptMaxMs: ms,
    closeP50Ms: ms,
    closeP90Ms: ms,
    closeMaxMs: ms,
    acceptSlaMet: countSchema(),
    acceptSlaBreached: countSchema(),
    closeSlaMet: countSchema(),
    closeSlaBreached: countSchema(),
  })
  .meta({ id: "ResponseTimeRow" });
export type ResponseTimeRow = Answer<typeof ResponseTimeRowSchema>;

/** `GET /v1/metrics/response-times`: the figures per group over the effective window. */
export const ResponseTimesSchema = z.object({
  from: InstantSchema.describe("Where the effective window starts (included)."),
  to: InstantSchema.describe("Where the effective window ends (excluded)."),
  fromDay: CalendarDateSchema.describe("The effective window's first local day."),
  toDay: CalendarDateSchema.describe("The effective window's last local day (included)."),
  timeZone: z.literal(METRICS_TIME_ZONE),
  groupBy: z.enum(GROUP_BY),
  /** One row per agency, category or township: townships are the most. */
  rows: z.array(ResponseTimeRowSchema).max(MAX_AREA_TOWNSHIPS),
});
export type ResponseTimes = Answer<typeof ResponseTimesSchema>;

export const OverdueTicketSchema = TicketSchema.pick({
  ticketId: true,
  caseId: true,
  referenceNo: true,
  agency: true,
  kind: true,
  status: true,
  createdAt: true,
})
  .extend({
    dueKind: z.enum(["accept", "close"]),
    dueAt: InstantSchema,
    lateMs: millisSchema(),
  })
  .meta({ id: "OverdueTicket" });

// Care (一人一档)

const VisitClockSchema = z.object({
  kind: z.enum(["contact", "home_visit"]),
  dueOn: CalendarDateSchema,
  state: z.enum(["ok", "due_soon", "overdue"]),
  /** Days past the due date (0 when not overdue). */
  overdueDays: countSchema(),
  /** The rules that set the due date (the tightest). */
  rules: z.array(boundedText(100)).max(MAX_POLICY_RULES),
});

/** A row of a 儿童主任's list (`GET /v1/children`): what is due first, nothing more of the file. */
export const ChildListItemSchema = z
  .object({
    childId: IdSchema,
    name: boundedText(50),
    gender: boundedText(16),
    age: countSchema(),
    township: boundedText(50),
    village: boundedText(50),
    householdNo: boundedText(50),
    circumstances: z.array(z.enum(CHILD_CIRCUMSTANCES)).max(CHILD_CIRCUMSTANCES.length),
    /** Recorded, but no longer in force today (left-behind ends at 16, the rest at 18). */
    endedCircumstances: z.array(boundedText(32)).max(CHILD_CIRCUMSTANCES.length),
    risk: boundedText(16),
    nextDueOn: CalendarDateSchema,
    contact: VisitClockSchema,
    homeVisit: VisitClockSchema,
    openProblems: countSchema(),
  })
  .meta({ id: "ChildListItem" });
export type ChildListItem = Answer<typeof ChildListItemSchema>;

/** A problem a visit found, and how it was solved (发现问题和解决方案). */
const ProblemOnFileSchema = z.object({
  problemId: IdSchema,
  foundOn: CalendarDateSchema,
  /** harm: suspected harm or danger (a report may follow); carer: the carer unable or unwilling. */
  kind: z.enum(["harm", "carer"]),
  summary: boundedText(1000),
  categories: z.array(z.enum(HARM_CATEGORIES)).max(HARM_CATEGORIES.length),
  immediateDanger: z.boolean(),
  status: z.enum(["open", "solved"]),
  solution: boundedText(2000).optional(),
  solvedOn: CalendarDateSchema.optional(),
  reportId: IdSchema.optional(),
  referenceNo: ReferenceNoSchema.optional(),
});

/** A visit as recorded: what the 主任 sent (without the wish to file a report), who, and when. */
const VisitOnFileSchema = VisitInputSchema.omit({ fileReport: true }).extend({
  by: SubjectSchema,
  late: z.boolean(),
  recordedAt: InstantSchema,
});

/** A report about the child and the case it went to, with the case's status now. */
const CaseOnFileSchema = z.object({
  caseId: IdSchema,
  linkedAt: InstantSchema,
  reportId: IdSchema.optional(),
  referenceNo: ReferenceNoSchema.optional(),
  status: z.enum(["open", "closed"]).optional(),
  createdAt: InstantSchema.optional(),
  closedAt: InstantSchema.optional(),
  categories: z.array(z.enum(HARM_CATEGORIES)).max(HARM_CATEGORIES.length).optional(),
});

const MAX_FILE_PARTS = 10_000;

/** `GET /v1/children/{childId}`: a child's file (一人一档), its clocks, visits, work log and cases. */
export const ChildFileSchema = z
  .object({
    childId: IdSchema,
    status: z.enum(["active", "closed"]),
    openedAt: InstantSchema,
    file: ChildFileContentSchema,
    /** What the file still lacks that the plan asks for. */
    gaps: z.array(boundedText(64)).max(64),
    endedCircumstances: z.array(boundedText(32)).max(CHILD_CIRCUMSTANCES.length),
    clocks: z.object({ contact: VisitClockSchema, homeVisit: VisitClockSchema }),
    lastContactOn: CalendarDateSchema.optional(),
    lastHomeVisitOn: CalendarDateSchema.optional(),
    counts: z.object({
      contacts: countSchema(),
      homeVisits: countSchema(),
      lateVisits: countSchema(),
      help: z.partialRecord(z.enum(HELP_KINDS), countSchema()),
    }),
    problems: z.array(ProblemOnFileSchema).max(MAX_FILE_PARTS),
    /** The escalation steps already taken on each visit clock, for its current due date. */
    escalations: z.partialRecord(
      z.enum(["contact", "home_visit"]),
      z.object({ dueOn: CalendarDateSchema, level: countSchema() }),
    ),
    version: countSchema(),
    visits: z.array(VisitOnFileSchema).max(MAX_FILE_PARTS),
    workLog: z
      .array(z.object({ at: InstantSchema, by: SubjectSchema, note: boundedText(2000) }))
      .max(MAX_FILE_PARTS),
    cases: z.array(CaseOnFileSchema).max(MAX_FILE_PARTS),
  })
  .meta({ id: "ChildFile" });
export type ChildFileAnswer = Answer<typeof ChildFileSchema>;

/** `POST /v1/children/{childId}/visits`: the visit as stored (once per clientVisitId). */
export const RecordedVisitSchema = z
  .object({
    visitId: IdSchema,
    /** False when this visit was recorded before (sent again). */
    created: z.boolean(),
    late: z.boolean(),
    /** The mandatory report filed from the visit's problem, when asked for. */
    report: z.object({ reportId: IdSchema, referenceNo: ReferenceNoSchema }).optional(),
  })
  .meta({ id: "RecordedVisit" });
export type RecordedVisitAnswer = Answer<typeof RecordedVisitSchema>;

const countsBy = <K extends z.core.util.EnumLike>(keys: z.ZodEnum<K>) =>
  z.record(keys, countSchema());

/** The figures of one area: children by circumstance, risk and need, help, problems, visits. */
const RollupFiguresSchema = z.object({
  children: countSchema(),
  byCircumstance: countsBy(z.enum(CHILD_CIRCUMSTANCES)),
  byRisk: countsBy(z.enum(RISK_LEVELS)),
  byNeed: countsBy(z.enum(CARE_NEEDS)),
  helpGiven: z.record(z.string().max(64), countSchema()),
  problems: z.object({ found: countSchema(), solved: countSchema(), open: countSchema() }),
  visits: z.object({
    contacts: countSchema(),
    homeVisits: countSchema(),
    late: countSchema(),
    /** Files whose contact clock is past due on the day of reading. */
    contactOverdue: countSchema(),
    homeVisitOverdue: countSchema(),
  }),
});
export type RollupFigures = Answer<typeof RollupFiguresSchema>;

/** `GET /v1/care/rollups`: an area's figures and its parts', with what the reading cost. */
export const CareRollupSchema = z
  .object({
    level: z.enum(["city", "township", "village"]),
    township: boundedText(50).optional(),
    village: boundedText(50).optional(),
    asOf: CalendarDateSchema,
    total: RollupFiguresSchema,
    /** One row per township (city), village (township) or household (village). */
    parts: z.array(RollupFiguresSchema.extend({ name: boundedText(50) })).max(MAX_AREA_TOWNSHIPS),
    cost: z.object({
      requests: countSchema(),
      items: countSchema(),
      readCapacityUnits: z.number().min(0),
    }),
  })
  .meta({ id: "CareRollup" });
export type CareRollup = Answer<typeof CareRollupSchema>;
