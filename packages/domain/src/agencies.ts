/**
 * The agencies that receive referral tickets. Codes are the API's; names are what users read.
 * See docs/domain.md (Agencies).
 */
export const AGENCY_CODES = [
  "police",
  "court",
  "procuratorate",
  "civil_affairs",
  "education",
  "health",
  "womens_federation",
  "youth_league",
  "cyberspace",
  "justice",
] as const;

export type AgencyCode = (typeof AGENCY_CODES)[number];

export interface Agency {
  readonly code: AgencyCode;
  readonly name: string;
  /** Required agencies cannot be switched off. */
  readonly required: boolean;
}

export const AGENCIES: Readonly<Record<AgencyCode, Agency>> = {
  police: { code: "police", name: "公安", required: true },
  court: { code: "court", name: "法院", required: true },
  procuratorate: { code: "procuratorate", name: "检察院", required: true },
  civil_affairs: { code: "civil_affairs", name: "民政", required: true },
  education: { code: "education", name: "教体", required: true },
  health: { code: "health", name: "卫健", required: false },
  womens_federation: { code: "womens_federation", name: "妇联", required: false },
  youth_league: { code: "youth_league", name: "团委", required: false },
  cyberspace: { code: "cyberspace", name: "网信办", required: false },
  justice: { code: "justice", name: "司法局", required: false },
};
