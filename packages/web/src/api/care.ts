/**
 * The care side's answers as the pages read them (the OpenAPI document at /v1/openapi.json is
 * the contract): a 儿童主任's list, a child's file, a roll-up.
 */
export type ClockState = "ok" | "due_soon" | "overdue";

export interface VisitClock {
  readonly kind: "contact" | "home_visit";
  readonly dueOn: string;
  readonly state: ClockState;
  readonly overdueDays: number;
  readonly rules: readonly string[];
}

export interface ChildListItem {
  readonly childId: string;
  readonly name: string;
  readonly gender: string;
  readonly age: number;
  readonly township: string;
  readonly village: string;
  readonly householdNo: string;
  readonly circumstances: readonly string[];
  /** Recorded, but no longer in force today (left-behind ends at 16, the rest at 18). */
  readonly endedCircumstances: readonly string[];
  readonly risk: string;
  readonly nextDueOn: string;
  readonly contact: VisitClock;
  readonly homeVisit: VisitClock;
  readonly openProblems: number;
}

export interface ProblemOnFile {
  readonly problemId: string;
  readonly foundOn: string;
  readonly kind: "harm" | "carer";
  readonly summary: string;
  readonly categories: readonly string[];
  readonly immediateDanger: boolean;
  readonly status: "open" | "solved";
  readonly solution?: string;
  readonly reportId?: string;
  readonly referenceNo?: string;
}

export interface VisitOnFile {
  readonly clientVisitId: string;
  readonly kind: "contact" | "home_visit";
  readonly channel: string;
  readonly occurredAt: string;
  readonly notes?: string;
  readonly late?: boolean;
  readonly problem?: { readonly summary: string };
}

export interface CaseOnFile {
  readonly caseId: string;
  readonly referenceNo?: string;
  readonly linkedAt: string;
  readonly status?: string;
}

export interface ChildFile {
  readonly childId: string;
  readonly version: number;
  readonly file: {
    readonly name: string;
    readonly gender: string;
    readonly birthDate: string;
    readonly township: string;
    readonly village: string;
    readonly household: { readonly householdNo: string };
    readonly circumstances: readonly string[];
    readonly risk: { readonly level: string; readonly reasons: readonly string[] };
    readonly needs: readonly string[];
    readonly guardians: readonly { readonly relation: string; readonly name?: string }[];
  };
  readonly gaps: readonly string[];
  readonly endedCircumstances: readonly string[];
  readonly clocks: { readonly contact: VisitClock; readonly homeVisit: VisitClock };
  readonly lastContactOn?: string;
  readonly lastHomeVisitOn?: string;
  readonly problems: readonly ProblemOnFile[];
  readonly visits: readonly VisitOnFile[];
  readonly cases: readonly CaseOnFile[];
}

export interface RollupFigures {
  readonly children: number;
  readonly byCircumstance: Readonly<Record<string, number>>;
  readonly byRisk: Readonly<Record<string, number>>;
  readonly byNeed: Readonly<Record<string, number>>;
  readonly helpGiven: Readonly<Record<string, number>>;
  readonly problems: { readonly found: number; readonly solved: number; readonly open: number };
  readonly visits: {
    readonly contacts: number;
    readonly homeVisits: number;
    readonly late: number;
    readonly contactOverdue: number;
    readonly homeVisitOverdue: number;
  };
}

export interface RollupView {
  readonly level: "city" | "township" | "village";
  readonly township?: string;
  readonly village?: string;
  readonly asOf: string;
  readonly total: RollupFigures;
  readonly parts: readonly ({ readonly name: string } & RollupFigures)[];
}

/** What the 主任 sends for one visit (the API's VisitInput). */
export interface VisitBody {
  readonly clientVisitId: string;
  readonly kind: "contact" | "home_visit";
  readonly channel: "phone" | "video" | "in_person";
  readonly occurredAt: string;
  readonly notes?: string;
  readonly carerUnableOrUnwilling: boolean;
  readonly problem?: {
    readonly summary: string;
    readonly categories: readonly string[];
    readonly immediateDanger: boolean;
  };
  readonly fileReport: boolean;
}

export interface RecordedVisit {
  readonly visitId: string;
  readonly created: boolean;
  readonly late: boolean;
  readonly report?: { readonly reportId: string; readonly referenceNo: string };
}
