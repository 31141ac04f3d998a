/**
 * Who may open each page of the web app, in one table: the app's navigation and its route
 * guards both read it, and a unit test holds each page's roles against the API's route policy
 * (functions/api/policy.ts) for the API calls the page makes, so a page is never offered to a
 * role the API would refuse.
 */
import type { Role } from "../schemas.ts";

export interface PageAccess {
  /** The page's path, as the web app's router writes it. */
  readonly path: string;
  /** Who may open it (the guard). */
  readonly roles: readonly Role[];
  /**
   * Who finds it in the navigation, when it is a navigation entry (its i18n label key): a
   * supervisor reaches the inbox and the audit trail from a case, not from the header.
   */
  readonly nav?: { readonly label: string; readonly roles?: readonly Role[] };
  /** The API routes the page calls (`METHOD /path`, as in the OpenAPI document). */
  readonly calls: readonly string[];
}

const CARE_KEEPERS: readonly Role[] = ["child_director", "child_supervisor"];

export const PAGES = [
  {
    path: "/care",
    roles: CARE_KEEPERS,
    nav: { label: "nav.care" },
    calls: ["GET /v1/children"],
  },
  {
    path: "/care/children/:childId",
    roles: CARE_KEEPERS,
    calls: ["GET /v1/children/{childId}", "POST /v1/children/{childId}/visits"],
  },
  {
    // Officers: civil affairs' only (the web app narrows its navigation entry by agency).
    path: "/care/rollups",
    roles: ["child_supervisor", "officer"],
    nav: { label: "nav.careRollups" },
    calls: ["GET /v1/care/rollups"],
  },
  {
    // Officers: civil affairs' only, as for the roll-ups.
    path: "/care/import",
    roles: ["child_supervisor", "officer"],
    nav: { label: "nav.careImport" },
    calls: ["GET /v1/care/survey-template", "POST /v1/care/imports"],
  },
  {
    path: "/report",
    roles: ["reporter"],
    nav: { label: "nav.report" },
    calls: ["POST /v1/reports"],
  },
  {
    path: "/my-reports",
    roles: ["reporter"],
    nav: { label: "nav.myReports" },
    calls: ["GET /v1/reports"],
  },
  {
    path: "/inbox",
    roles: ["officer", "supervisor"],
    nav: { label: "nav.inbox", roles: ["officer"] },
    calls: ["GET /v1/tickets"],
  },
  {
    path: "/tickets/:ticketId",
    roles: ["officer", "supervisor"],
    calls: ["GET /v1/tickets/{ticketId}"],
  },
  {
    path: "/dashboard",
    roles: ["supervisor"],
    nav: { label: "nav.dashboard" },
    calls: ["GET /v1/metrics/response-times", "GET /v1/cases", "POST /v1/tickets/{ticketId}/urge"],
  },
  {
    path: "/cases",
    roles: ["supervisor"],
    nav: { label: "nav.cases" },
    calls: ["GET /v1/cases", "POST /v1/tickets/{ticketId}/urge", "GET /v1/metrics/response-times"],
  },
  {
    path: "/audit",
    roles: ["supervisor", "officer"],
    // Finding a case by its reference number is the supervisors'; an officer opens a case's
    // trail from a ticket (the page below).
    nav: { label: "nav.audit", roles: ["supervisor"] },
    calls: ["GET /v1/cases/{caseId}/audit"],
  },
  {
    path: "/cases/:caseId/audit",
    roles: ["supervisor", "officer"],
    calls: [
      "GET /v1/cases/{caseId}",
      "GET /v1/cases/{caseId}/audit",
      "GET /v1/cases/{caseId}/audit/verify",
    ],
  },
  {
    path: "/admin",
    roles: ["admin", "supervisor"],
    nav: { label: "nav.admin" },
    calls: ["GET /v1/routing-rules", "GET /v1/sla-policy"],
  },
] as const satisfies readonly PageAccess[];

export type PagePath = (typeof PAGES)[number]["path"];

/** Who may open the page at `path`. */
export function pageRoles(path: PagePath): readonly Role[] {
  return (PAGES as readonly PageAccess[]).find((p) => p.path === path)?.roles ?? [];
}
