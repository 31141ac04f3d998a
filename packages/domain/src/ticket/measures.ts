/**
 * Measures (action types) each agency may record, and the outcomes a close may name.
 * See ../shared/domain.md (Measures).
 */
import type { AgencyCode } from "../agencies.ts";

/** Types every agency may record. `extend` moves a due time (see sla/clocks.ts). */
export const COMMON_ACTION_TYPES = ["note", "reporter_feedback", "extend"] as const;

export const AGENCY_MEASURES: Readonly<Record<AgencyCode, readonly string[]>> = {
  police: [
    "dispatched",
    "admin_case_accepted",
    "criminal_case_filed",
    "not_filed",
    "transferred",
    "warning_letter",
    "admonished",
    "family_education_ordered",
    "child_removed_to_safety",
    "medical_assistance",
  ],
  procuratorate: [
    "filing_supervision",
    "procuratorial_recommendation",
    "support_prosecution",
    "judicial_aid",
    "guardianship_revocation_suggested",
  ],
  court: [
    "protection_order_issued",
    "protection_order_denied",
    "guardianship_revoked",
    "guardian_appointed",
    "judicial_recommendation",
  ],
  civil_affairs: [
    "temporary_guardianship",
    "kinship_care",
    "foster_care",
    "shelter_placement",
    "assistance_enrolled",
    "home_visit",
    "guardianship_revocation_applied",
  ],
  education: [
    "bullying_stopped",
    "counselling",
    "returned_to_school",
    "mentoring_pair",
    "guardians_notified",
  ],
  health: ["treatment", "medical_record_kept", "psychological_service"],
  womens_federation: ["family_education_guidance", "protection_order_applied"],
  youth_league: [],
  cyberspace: ["content_removed", "platform_ordered"],
  justice: [],
};

/** Outcomes a close may name besides the agency's own measures. */
export const GENERIC_OUTCOMES = ["no_action_needed", "handled_by_other_agency"] as const;

/** Action types an agency may record on one of its tickets. */
export function actionTypesFor(agency: AgencyCode): readonly string[] {
  return [...AGENCY_MEASURES[agency], ...COMMON_ACTION_TYPES];
}

/** Outcomes an agency may close one of its tickets with: its measures or a generic outcome. */
export function closeOutcomesFor(agency: AgencyCode): readonly string[] {
  return [...AGENCY_MEASURES[agency], ...GENERIC_OUTCOMES];
}
