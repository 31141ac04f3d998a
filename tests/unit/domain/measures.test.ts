import { AGENCY_CODES, type AgencyCode, actionTypesFor, closeOutcomesFor } from "@cp/domain";
import { describe, expect, it } from "vitest";

// docs/domain.md, "Measures", written out from the page (revision 2 adds the missing ones).
const MEASURES: Readonly<Partial<Record<AgencyCode, readonly string[]>>> = {
  police: [
    "dispatched",
    "admin_case_accepted",
    "criminal_case_filed",
    "not_filed",
    "transferred",
    "warning_letter",
    "follow_up_visit",
    "admonished",
    "family_education_ordered",
    "public_security_penalty",
    "protection_order_applied_on_behalf",
    "protection_order_enforcement_assisted",
    "child_removed_to_safety",
    "medical_assistance",
  ],
  procuratorate: [
    "filing_supervision",
    "procuratorial_recommendation",
    "recommendation_reply_received",
    "support_prosecution",
    "judicial_aid",
    "guardianship_revocation_suggested",
    "guardianship_order_issued",
    "public_interest_litigation",
    "family_education_ordered",
  ],
  court: [
    "protection_order_application_received",
    "protection_order_issued",
    "protection_order_denied",
    "guardianship_revocation_filed",
    "guardianship_revoked",
    "guardianship_revocation_dismissed",
    "guardianship_restored",
    "guardian_appointed",
    "family_education_guidance_order",
    "judicial_recommendation",
  ],
  civil_affairs: [
    "temporary_guardianship",
    "kinship_care",
    "foster_care",
    "shelter_placement",
    "long_term_guardianship",
    "returned_to_guardian",
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
    "guardianship_revocation_applied",
  ],
  health: [
    "treatment",
    "medical_record_kept",
    "psychological_service",
    "guardianship_revocation_applied",
  ],
  womens_federation: [
    "family_education_guidance",
    "protection_order_applied",
    "guardianship_revocation_applied",
  ],
  youth_league: ["companionship_service", "volunteer_service"],
  justice: ["legal_aid"],
  cyberspace: ["content_removed", "platform_ordered"],
};

const COMMON = ["note", "reporter_feedback", "extend"];
const GENERIC = ["no_action_needed", "handled_by_other_agency"];

describe("actionTypesFor", () => {
  it.each(AGENCY_CODES)("%s may record note, reporter_feedback and extend", (agency) => {
    expect(actionTypesFor(agency)).toEqual(expect.arrayContaining(COMMON));
  });

  it.each(AGENCY_CODES)("%s may record exactly its own measures besides", (agency) => {
    // Act
    const types = actionTypesFor(agency);

    // Assess
    expect([...types].sort()).toEqual([...(MEASURES[agency] ?? []), ...COMMON].sort());
    expect(new Set(types).size).toBe(types.length);
  });

  it("one agency's measure is not another's", () => {
    expect(actionTypesFor("education")).not.toContain("criminal_case_filed");
    expect(actionTypesFor("police")).not.toContain("protection_order_issued");
  });
});

describe("closeOutcomesFor", () => {
  it.each(AGENCY_CODES)(
    "%s may close with no_action_needed or handled_by_other_agency",
    (agency) => {
      expect(closeOutcomesFor(agency)).toEqual(expect.arrayContaining(GENERIC));
    },
  );

  it.each(AGENCY_CODES)("%s closes with its own measures, not with note or extend", (agency) => {
    // Act
    const outcomes = closeOutcomesFor(agency);

    // Assess
    expect([...outcomes].sort()).toEqual([...(MEASURES[agency] ?? []), ...GENERIC].sort());
    for (const common of COMMON) expect(outcomes).not.toContain(common);
  });
});
