/**
 * Who may reach which object: the object-level rules of need-to-know, as pure functions. The API
 * decides which roles may call a route (functions/api/policy.ts); these rules decide, for a caller
 * that passed that gate, whether one ticket, case or report is theirs to see. The store applies
 * them and answers "not found" when they say no, so a caller never learns that another agency's
 * object exists (未保法 Arts. 4, 103; 反家庭暴力法 Art. 14).
 */
import * as z from "zod";
import type { AgencyCode } from "../agencies.ts";
import { ForbiddenError, InvalidInputError } from "../errors.ts";
import { cleanString } from "../input-rules.ts";
import { hasRole, type Identity } from "./identity.ts";

/**
 * How a caller reads a case:
 * - `agency`: an officer whose agency holds (or held) a ticket on it — everything, and the read is audited;
 * - `supervisor`: a child's personal fields masked, the incident's description withheld;
 * - `break_glass`: a supervisor who stated a reason to see one case unmasked — audited.
 */
export type CaseAccess = "agency" | "supervisor" | "break_glass";

/** An officer acts on a ticket only when it belongs to their own agency. */
export function mayHandleTicket(who: Identity, ticket: { readonly agency: AgencyCode }): boolean {
  return hasRole(who, "officer") && who.agency !== undefined && who.agency === ticket.agency;
}

/** A ticket is visible to the officers of its agency, and to supervisors (who audit, not handle). */
export function mayReadTicket(who: Identity, ticket: { readonly agency: AgencyCode }): boolean {
  return mayHandleTicket(who, ticket) || hasRole(who, "supervisor");
}

/**
 * How the caller may read a case, or undefined when they may not. An officer reaches a case only
 * through a ticket of their own agency (`agencies`: every agency that has held a ticket on it).
 * An officer who is also a supervisor reads their own agency's cases in full, others masked.
 */
export function caseAccessOf(
  who: Identity,
  kase: { readonly agencies: readonly AgencyCode[] },
): Exclude<CaseAccess, "break_glass"> | undefined {
  if (hasRole(who, "officer") && who.agency !== undefined && kase.agencies.includes(who.agency)) {
    return "agency";
  }
  if (hasRole(who, "supervisor")) return "supervisor";
  return undefined;
}

/** Break-glass is for supervisors only; an officer already sees their own cases in full. */
export function mayBreakGlass(who: Identity, kase: { readonly agencies: readonly AgencyCode[] }) {
  return caseAccessOf(who, kase) === "supervisor";
}

/** A report's status is for the reporter who filed it, and for supervisors. */
export function mayReadReportStatus(
  who: Identity,
  report: { readonly reporterSub: string },
): boolean {
  return report.reporterSub === who.sub || hasRole(who, "supervisor");
}

/**
 * Whose inbox a caller lists: an officer their own agency's (naming another is refused: agencies
 * are public, so the refusal hides nothing); a supervisor names the agency to audit.
 */
export function inboxAgencyFor(who: Identity, requested: AgencyCode | undefined): AgencyCode {
  if (hasRole(who, "officer") && who.agency && (!requested || requested === who.agency)) {
    return who.agency;
  }
  if (hasRole(who, "supervisor")) {
    if (requested) return requested;
    throw new InvalidInputError("A supervisor names the agency whose tickets to list.", [
      { path: "agency", message: "required for supervisors" },
    ]);
  }
  throw new ForbiddenError("An officer sees only their own agency's tickets.");
}

/** The stated reason of a break-glass unmask: long enough to mean something, kept in the audit trail. */
export const BreakGlassRequestSchema = z.strictObject({
  // Measured after cleaning: ten zero-width spaces are no reason.
  reason: cleanString(10, 500, "statement"),
});
export type BreakGlassRequest = z.infer<typeof BreakGlassRequestSchema>;
