/**
 * The reporter guide: a few plain questions, asked one at a time, that lead to the situations
 * the law names. Danger comes first (call 110 before anything else); each later "yes" ticks
 * one situation on the form. Question and answer texts live in the catalogue (guide.*).
 */
import type { HarmCategory } from "@cp/domain/categories";

export interface GuideQuestion {
  /** Catalogue key under guide.q.* */
  readonly id: string;
  readonly category: HarmCategory;
}

/** In the order a worried adult thinks of them: injuries, sex, care, missing, school, mind. */
export const GUIDE_QUESTIONS: readonly GuideQuestion[] = [
  { id: "privateInjury", category: "genital_injury" },
  { id: "sexual", category: "sexual_abuse" },
  { id: "beaten", category: "physical_abuse" },
  { id: "selfHarm", category: "abnormal_injury_or_death" },
  { id: "abandoned", category: "abandonment" },
  { id: "missing", category: "missing_or_trafficked" },
  { id: "begging", category: "organised_begging" },
  { id: "noCare", category: "guardianship_failure" },
  { id: "bullied", category: "bullying" },
  { id: "online", category: "online_harm" },
  { id: "dropout", category: "dropout" },
  { id: "mind", category: "mental_health_crisis" },
];

/** What the answers add up to; nothing ticked means "other serious harm". */
export function guideResult(yes: ReadonlySet<string>): HarmCategory[] {
  const picked = GUIDE_QUESTIONS.filter((q) => yes.has(q.id)).map((q) => q.category);
  return picked.length > 0 ? picked : ["other_serious_harm"];
}
