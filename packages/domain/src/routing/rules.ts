/**
 * The default routing table of ../shared/domain.md, as data. An administrator may replace it
 * with a new version; `routeReport` (route.ts) reads whichever version is in force.
 */
import { AGENCY_CODES, type AgencyCode } from "../agencies.ts";
import type { HarmCategory } from "../categories.ts";

/** A condition under which a support agency joins. */
export type SupportCondition = "always" | "at_school" | "immediate_danger";

export interface RoutingRule {
  /** Stable id, recorded on every ticket the rule creates. */
  readonly id: string;
  readonly category: HarmCategory;
  readonly lead: AgencyCode;
  /** Lead agency when `lead` is switched off; otherwise the category's general fallback. */
  readonly leadFallback?: AgencyCode;
  readonly support: readonly { readonly agency: AgencyCode; readonly when: SupportCondition }[];
  readonly oversight: readonly AgencyCode[];
  readonly basis: string;
}

export interface RoutingTable {
  readonly version: number;
  readonly rules: readonly RoutingRule[];
  /** Agencies switched on in this deployment. Required agencies are always on. */
  readonly enabledAgencies: readonly AgencyCode[];
}

const always = (agency: AgencyCode) => ({ agency, when: "always" as const });

export const DEFAULT_ROUTING_RULES: readonly RoutingRule[] = [
  {
    id: "genital_injury",
    category: "genital_injury",
    lead: "police",
    support: [always("health")],
    oversight: ["procuratorate"],
    basis: "意见 Art. 4(1)",
  },
  {
    id: "sexual_abuse",
    category: "sexual_abuse",
    lead: "police",
    support: [
      always("health"),
      always("womens_federation"),
      { agency: "education", when: "at_school" },
    ],
    oversight: ["procuratorate"],
    basis: "意见 Art. 4(2)(3); 未保法 Art. 40",
  },
  {
    id: "physical_abuse",
    category: "physical_abuse",
    lead: "police",
    support: [always("civil_affairs"), always("womens_federation")],
    oversight: ["procuratorate"],
    basis: "意见 Art. 4(4); 反家暴法 Arts. 14–17",
  },
  {
    id: "abnormal_injury_or_death",
    category: "abnormal_injury_or_death",
    lead: "police",
    support: [always("health"), always("education")],
    oversight: ["procuratorate"],
    basis: "意见 Art. 4(5)",
  },
  {
    id: "abandonment",
    category: "abandonment",
    lead: "police",
    support: [always("civil_affairs")],
    oversight: ["procuratorate"],
    basis: "意见 Art. 4(6); 未保法 Art. 92",
  },
  {
    id: "missing_or_trafficked",
    category: "missing_or_trafficked",
    lead: "police",
    support: [always("civil_affairs")],
    oversight: ["procuratorate"],
    basis: "意见 Art. 4(7)",
  },
  {
    id: "organised_begging",
    category: "organised_begging",
    lead: "police",
    support: [always("civil_affairs")],
    oversight: ["procuratorate"],
    basis: "意见 Art. 4(8)",
  },
  {
    id: "other_serious_harm",
    category: "other_serious_harm",
    lead: "police",
    support: [always("civil_affairs")],
    oversight: ["procuratorate"],
    basis: "意见 Art. 4(9)",
  },
  {
    id: "bullying",
    category: "bullying",
    lead: "education",
    support: [{ agency: "police", when: "immediate_danger" }],
    oversight: [],
    basis: "未保法 Art. 39",
  },
  {
    id: "online_harm",
    category: "online_harm",
    lead: "cyberspace",
    leadFallback: "police",
    support: [always("police")],
    oversight: [],
    basis: "未成年人网络保护条例 Arts. 8, 29, 38",
  },
  {
    id: "dropout",
    category: "dropout",
    lead: "education",
    support: [always("civil_affairs")],
    oversight: [],
    basis: "未保法 Art. 28; 义务教育法",
  },
  {
    id: "guardianship_failure",
    category: "guardianship_failure",
    lead: "civil_affairs",
    support: [{ agency: "police", when: "immediate_danger" }],
    oversight: [],
    basis: "行动方案 items 1–2; 未保法 Art. 118",
  },
  {
    id: "mental_health_crisis",
    category: "mental_health_crisis",
    lead: "education",
    support: [always("health")],
    oversight: [],
    basis: "行动方案 item 16",
  },
];

export const DEFAULT_ROUTING_TABLE: RoutingTable = {
  version: 1,
  rules: DEFAULT_ROUTING_RULES,
  enabledAgencies: [...AGENCY_CODES],
};
