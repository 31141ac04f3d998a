/**
 * What a reporter can state about how serious it is, in their own words, and what the law's
 * thresholds make of it (docs/domain.md, "Severity a reporter can state").
 *
 * 未保法 Art. 39 sends *serious* bullying to the police; 未保法 Art. 118 sends a guardian's
 * serious failure to the police. The law does not define "serious": reading these facts as
 * serious or as suspected crime is the platform's policy, written down here once.
 */
import * as z from "zod";
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

export const SeverityFactsSchema = z.strictObject(
  Object.fromEntries(SEVERITY_FACTS.map((f) => [f, z.boolean().optional()])) as Record<
    SeverityFact,
    z.ZodOptional<z.ZodBoolean>
  >,
);

export type SeverityFacts = z.infer<typeof SeverityFactsSchema>;

/** none < serious < criminal (suspected crime: police leads). */
export type Severity = "none" | "serious" | "criminal";

const any = (facts: SeverityFacts, ...names: SeverityFact[]) =>
  names.some((n) => facts[n] === true);

/**
 * How serious the report is for one category. Only bullying and guardianship failure have
 * thresholds that change routing; the nine situations of 意见 Art. 4 already route police lead.
 */
export function severityOf(category: HarmCategory, facts: SeverityFacts = {}): Severity {
  if (category === "bullying") {
    // A sexual element (强制猥亵), extortion (敲诈勒索/抢劫), a weapon or a group (故意伤害/寻衅滋事)
    // point to a possible offence; an injury or repetition makes it serious (未保法 Art. 39).
    if (any(facts, "sexualElement", "extortion", "weaponOrGroup")) return "criminal";
    if (any(facts, "visibleInjury", "repeated")) return "serious";
    return "none";
  }
  if (category === "guardianship_failure") {
    // A guardian who injures or sexually harms the child: suspected 虐待/性侵害.
    if (facts.guardianHarming === true && any(facts, "visibleInjury", "sexualElement")) {
      return "criminal";
    }
    // A guardian who harms, or a child left with no carer at all (未保法 Art. 118; 行动方案 item 1).
    if (any(facts, "guardianHarming", "noCarer")) return "serious";
    return "none";
  }
  return "none";
}

/**
 * A child with no carer now, for civil affairs' first-placement clock: abandonment, missing,
 * begging, or a guardianship failure where the reporter says no adult is looking after the child.
 */
export function childWithoutCarer(
  categories: readonly HarmCategory[],
  facts: SeverityFacts = {},
): boolean {
  return (
    categories.some((c) =>
      ["abandonment", "missing_or_trafficked", "organised_begging"].includes(c),
    ) ||
    (categories.includes("guardianship_failure") && facts.noCarer === true)
  );
}
