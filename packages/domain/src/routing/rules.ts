/**
 * The default routing table (docs/domain.md, "Routing"), as data. An administrator may replace it
 * with a new version; `routeReport` (routing.ts) reads whichever version was in force when the
 * report was filed. Every table is checked against the statutory floor (statutory-floor.ts).
 */
import { AGENCY_CODES, type AgencyCode } from "../agencies.ts";
import { type Basis, law, policy } from "../basis.ts";
import type { HarmCategory } from "../categories.ts";

/**
 * When a conditional agency joins: always; when the incident was at school; when the reporter
 * says the child is in immediate danger; when the report's facts are serious, or suggest a crime
 * (severity.ts).
 */
export const ROUTING_CONDITIONS = [
  "always",
  "at_school",
  "immediate_danger",
  "serious",
  "criminal",
] as const;
export type SupportCondition = (typeof ROUTING_CONDITIONS)[number];

interface ConditionalAgency {
  readonly agency: AgencyCode;
  readonly when: SupportCondition;
}

export interface RoutingRule {
  /** Stable id, recorded on every ticket the rule creates. */
  readonly id: string;
  readonly category: HarmCategory;
  readonly lead: AgencyCode;
  /** Lead agency when `lead` is switched off; otherwise the category's general fallback. */
  readonly leadFallback?: AgencyCode;
  /** Agencies that lead beside `lead` when their condition holds (e.g. police for criminal bullying). */
  readonly conditionalLeads?: readonly ConditionalAgency[];
  readonly support: readonly ConditionalAgency[];
  readonly oversight: readonly AgencyCode[];
  readonly basis: Basis;
}

export interface RoutingTable {
  readonly version: number;
  readonly rules: readonly RoutingRule[];
  /** Agencies switched on in this deployment. Required agencies are always on. */
  readonly enabledAgencies: readonly AgencyCode[];
}

const always = (agency: AgencyCode) => ({ agency, when: "always" as const });

/**
 * Where another agency leads a harm the police must also answer: the police lead beside it when
 * the facts are criminal, and support when they are serious or the child is in immediate danger
 * (which facts count is platform policy, severity.ts).
 */
const POLICE_WHEN_GRAVE = {
  conditionalLeads: [{ agency: "police", when: "criminal" }],
  support: [
    { agency: "police", when: "serious" },
    { agency: "police", when: "immediate_danger" },
  ],
} as const satisfies Pick<RoutingRule, "conditionalLeads" | "support">;

/** Police leads, the procuratorate oversees (the statutory floor of 意见 Art. 4). */
const art4 = (
  category: HarmCategory,
  item: string,
  support: readonly ConditionalAgency[],
  more = "",
): RoutingRule => ({
  id: category,
  category,
  lead: "police",
  support,
  oversight: ["procuratorate"],
  basis: law(`意见 Art. 4(${item}), Art. 8 立即接受; 刑事诉讼法 Art. 113 立案监督${more}`),
});

const DEFAULT_ROUTING_RULES: readonly RoutingRule[] = [
  art4("genital_injury", "1", [always("health")]),
  art4(
    "sexual_abuse",
    "2)(3",
    [always("health"), always("womens_federation"), { agency: "education", when: "at_school" }],
    "; 未保法 Art. 40",
  ),
  art4(
    "physical_abuse",
    "4",
    [always("civil_affairs"), always("womens_federation")],
    "; 反家暴法 Arts. 14–17",
  ),
  art4("abnormal_injury_or_death", "5", [always("health"), always("education")]),
  art4("abandonment", "6", [always("civil_affairs")], "; 未保法 Arts. 92–93"),
  art4("missing_or_trafficked", "7", [always("civil_affairs")]),
  art4("organised_begging", "8", [always("civil_affairs")]),
  art4("other_serious_harm", "9", [always("civil_affairs")]),
  {
    id: "bullying",
    category: "bullying",
    lead: "education",
    ...POLICE_WHEN_GRAVE,
    oversight: [],
    basis: law(
      "未保法 Art. 39 (严重的欺凌行为应当及时向公安机关、教育行政部门报告)",
      "which facts count as serious or criminal is platform policy (severity.ts)",
    ),
  },
  {
    id: "online_harm",
    category: "online_harm",
    lead: "cyberspace",
    leadFallback: "police",
    support: [always("police")],
    oversight: [],
    basis: law(
      "未成年人网络保护条例",
      "article numbers not verified; 网信办 lead is local practice",
    ),
  },
  {
    id: "dropout",
    category: "dropout",
    lead: "education",
    support: [always("civil_affairs")],
    oversight: [],
    basis: law("未保法 Art. 28; 义务教育法 Art. 13", "civil affairs support is local policy"),
  },
  {
    id: "guardianship_failure",
    category: "guardianship_failure",
    lead: "civil_affairs",
    ...POLICE_WHEN_GRAVE,
    oversight: [],
    basis: law(
      "未保法 Arts. 92, 118 (情节严重的，应当及时向公安机关报告); 行动方案 items 1–4",
      "civil affairs as lead follows the city plan; which facts count as serious is platform policy",
    ),
  },
  {
    id: "mental_health_crisis",
    category: "mental_health_crisis",
    lead: "education",
    support: [always("health")],
    oversight: [],
    basis: policy("行动方案 item 16: 教体 leads, 卫健 gives psychological services"),
  },
];

export const DEFAULT_ROUTING_TABLE: RoutingTable = {
  version: 1,
  rules: DEFAULT_ROUTING_RULES,
  enabledAgencies: [...AGENCY_CODES],
};
