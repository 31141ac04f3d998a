/**
 * The care side's answers as the pages read them. The list and the roll-up are inferred from the
 * API's response schemas (`@cp/domain/responses`); a child's file is still written out here, as
 * the API does not yet describe it field by field.
 */
import type { ChildListItem } from "@cp/domain/responses";

export type { CareRollup as RollupView, ChildListItem, RollupFigures } from "@cp/domain/responses";

export type VisitClock = ChildListItem["contact"];
export type ClockState = VisitClock["state"];

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
