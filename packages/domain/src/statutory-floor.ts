/**
 * The statutory floor: what the law requires of routing and clocks, kept in code with its
 * citations (docs/domain.md, "The statutory floor"; docs/decisions/0008-statutory-floor.md).
 * A routing table or SLA policy an administrator saves may go further than this, never below:
 * floor-validation.ts refuses such a table with the statute named, and the clocks computed here
 * are capped at the floor whatever a stored policy says.
 */
import type { AgencyCode } from "./agencies.ts";
import type { HarmCategory } from "./categories.ts";
import { DAY, HOUR } from "./clock.ts";
import type { ClockId } from "./clock-ids.ts";
import type { DueTimes, SlaSubject } from "./due-times.ts";
import type { TicketKind } from "./schemas.ts";

/**
 * The nine situations of 关于建立侵害未成年人案件强制报告制度的意见（试行）(高检发〔2020〕9号)
 * Art. 4, as the categories that name them. Items (2) and (3) are both `sexual_abuse`.
 */
export const ART4_SITUATIONS: readonly {
  readonly item: string;
  readonly category: HarmCategory;
}[] = [
  { item: "1", category: "genital_injury" },
  { item: "2", category: "sexual_abuse" },
  { item: "3", category: "sexual_abuse" },
  { item: "4", category: "physical_abuse" },
  { item: "5", category: "abnormal_injury_or_death" },
  { item: "6", category: "abandonment" },
  { item: "7", category: "missing_or_trafficked" },
  { item: "8", category: "organised_begging" },
  { item: "9", category: "other_serious_harm" },
];

export const ART4_CATEGORIES: readonly HarmCategory[] = [
  ...new Set(ART4_SITUATIONS.map((s) => s.category)),
];

export const isArt4Category = (c: HarmCategory): boolean => ART4_CATEGORIES.includes(c);

/** The Art. 4 items a category stands for, e.g. "意见 Art. 4(2)(3)". */
function art4Citation(category: HarmCategory): string {
  const items = ART4_SITUATIONS.filter((s) => s.category === category).map((s) => `(${s.item})`);
  return `意见 Art. 4${items.join("")}`;
}

/** A routing duty of the floor: this agency gets at least this kind of ticket. */
export interface FloorRoute {
  readonly category: HarmCategory;
  readonly agency: AgencyCode;
  readonly kind: TicketKind;
  /** When the duty holds: always, or only when the report's facts reach the threshold. */
  readonly when: "always" | "serious" | "criminal";
  readonly citation: string;
}

export const ROUTING_FLOOR: readonly FloorRoute[] = [
  ...ART4_CATEGORIES.flatMap((category): FloorRoute[] => [
    {
      category,
      agency: "police",
      kind: "lead",
      when: "always",
      citation: `${art4Citation(category)}; 意见 Art. 8 (公安机关应当立即接受)`,
    },
    {
      category,
      agency: "procuratorate",
      kind: "oversight",
      when: "always",
      citation: "刑事诉讼法 Art. 113 (立案监督); 未保法 Art. 105",
    },
  ]),
  {
    category: "bullying",
    agency: "police",
    kind: "support",
    when: "serious",
    citation: "未保法 Art. 39 (严重的欺凌行为，应当及时向公安机关报告)",
  },
  {
    category: "bullying",
    agency: "police",
    kind: "lead",
    when: "criminal",
    citation: "未保法 Art. 39; 刑事诉讼法 Art. 112 (立案审查)",
  },
  {
    category: "guardianship_failure",
    agency: "police",
    kind: "support",
    when: "serious",
    citation: "未保法 Art. 118 (情节严重的，应当及时向公安机关报告)",
  },
  {
    category: "guardianship_failure",
    agency: "police",
    kind: "lead",
    when: "criminal",
    citation: "未保法 Art. 118; 刑事诉讼法 Art. 112 (立案审查)",
  },
];

/** A clock the law sets: a policy may make it shorter, never longer. */
export interface FloorClock {
  readonly id: string;
  readonly maxMs: number;
  readonly citation: string;
  /** Whether the figure itself is the law's, or a policy reading of words such as 立即. */
  readonly figure: "law" | "policy";
}

/** Police lead tickets: accept at once, decide on filing within the review period. */
export const TICKET_FLOOR = {
  policeLeadAccept: {
    id: "police_lead_accept",
    maxMs: HOUR,
    citation: "意见 Art. 8 (立即接受)",
    figure: "policy",
  },
  policeLeadClose: {
    id: "police_lead_close",
    maxMs: 3 * DAY,
    citation: "公安部《关于改革完善受案立案制度的意见》(2015) 立案审查期限 3 日",
    figure: "law",
  },
  policeLeadExtendable: {
    id: "police_lead_extendable",
    maxMs: 30 * DAY,
    citation: "公安部《关于改革完善受案立案制度的意见》(2015) 重大疑难复杂案件延长至 30 日",
    figure: "law",
  },
} as const satisfies Record<string, FloorClock>;

/** Event clocks the law sets (clocks.ts), by id; the others are policy and have no floor. */
export const CLOCK_FLOOR: Readonly<
  Partial<Record<ClockId, FloorClock & { emergencyMaxMs?: number }>>
> = {
  protection_order_decision: {
    id: "protection_order_decision",
    maxMs: 72 * HOUR,
    emergencyMaxMs: 24 * HOUR,
    citation: "反家暴法 Art. 28 (七十二小时内；情况紧急的，二十四小时内)",
    figure: "law",
  },
  guardianship_revocation: {
    id: "guardianship_revocation",
    maxMs: 30 * DAY,
    citation: "民事诉讼法 特别程序 (立案之日起三十日内审结)",
    figure: "law",
  },
  reporter_progress_feedback: {
    id: "reporter_progress_feedback",
    maxMs: 3 * DAY,
    citation: "意见 Art. 10 (受案或者立案后三日内反馈)",
    figure: "law",
  },
};

/** A protection order lasts at most six months from its making (反家暴法 Art. 30). */
export const PROTECTION_ORDER_MAX_MONTHS = 6;
export const PROTECTION_ORDER_CITATION = "反家暴法 Art. 30 (有效期不超过六个月)";

const plus = (from: Date, ms: number) => new Date(from.getTime() + ms).toISOString();
const earlier = (a: string | null, b: string): string => (a === null || b < a ? b : a);

/** Due times capped at the floor: a police lead ticket never gets longer than the law allows. */
export function capDueTimes(subject: SlaSubject, createdAt: Date, due: DueTimes): DueTimes {
  if (subject.agency !== "police" || subject.kind !== "lead") return due;
  const capped: DueTimes = {
    acceptDueAt: earlier(due.acceptDueAt, plus(createdAt, TICKET_FLOOR.policeLeadAccept.maxMs)),
    closeDueAt: earlier(due.closeDueAt, plus(createdAt, TICKET_FLOOR.policeLeadClose.maxMs)),
    extendableUntil:
      due.extendableUntil === null
        ? null
        : earlier(due.extendableUntil, plus(createdAt, TICKET_FLOOR.policeLeadExtendable.maxMs)),
    slaRules: due.slaRules,
  };
  const changed =
    capped.acceptDueAt !== due.acceptDueAt ||
    capped.closeDueAt !== due.closeDueAt ||
    capped.extendableUntil !== due.extendableUntil;
  return changed ? { ...capped, slaRules: [...due.slaRules, "statutory_floor"] } : due;
}

/** An event clock's length, capped at the floor. */
export function capClockMs(id: ClockId, ms: number, emergency: boolean): number {
  const floor = CLOCK_FLOOR[id];
  if (!floor) return ms;
  const max = emergency && floor.emergencyMaxMs !== undefined ? floor.emergencyMaxMs : floor.maxMs;
  return Math.min(ms, max);
}
