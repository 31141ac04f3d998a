/**
 * The severity questions a reporter answers (yes/no), and which category asks which: the facts
 * severity.ts reads as serious or as suspected crime. Free of zod, so the web app's catalogue can
 * show the words without loading the schemas.
 */
import type { HarmCategory } from "./categories.ts";

export const SEVERITY_FACTS = [
  "visibleInjury",
  "sexualElement",
  "weaponOrGroup",
  "repeated",
  "extortion",
  "noCarer",
  "guardianHarming",
] as const;

export type SeverityFact = (typeof SEVERITY_FACTS)[number];

/** The questions as the form asks them (plain Chinese; yes/no). */
export const SEVERITY_QUESTIONS: Readonly<Record<SeverityFact, string>> = {
  visibleInjury: "孩子身上有看得见的伤吗？",
  sexualElement: "是否涉及摸隐私部位、脱衣、拍裸照等与性有关的行为？",
  weaponOrGroup: "是否动用了棍棒刀具等器械，或者是多人一起欺负？",
  repeated: "这种情况是不是已经发生过不止一次？",
  extortion: "是否有人向孩子索要钱物或强拿财物？",
  noCarer: "孩子现在是不是身边没有任何大人照看？",
  guardianHarming: "伤害或不管孩子的，是不是孩子的父母或其他监护人？",
};

/** Which questions the form asks for which category: only where the answer can change routing. */
const SEVERITY_FACTS_BY_CATEGORY: Readonly<Partial<Record<HarmCategory, readonly SeverityFact[]>>> =
  {
    bullying: ["visibleInjury", "sexualElement", "weaponOrGroup", "extortion", "repeated"],
    guardianship_failure: ["guardianHarming", "noCarer", "visibleInjury", "sexualElement"],
  };

/** The questions for a report naming these categories, each once, in the order first asked. */
export function severityQuestionsFor(categories: readonly string[]): SeverityFact[] {
  return [
    ...new Set(categories.flatMap((c) => SEVERITY_FACTS_BY_CATEGORY[c as HarmCategory] ?? [])),
  ];
}
