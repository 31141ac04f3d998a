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
import { SEVERITY_FACTS, type SeverityFact } from "./severity-questions.ts";

// The questions live in a module of their own, without zod: the web app's first page shows their
// words (the catalogue) long before it validates anything.
export { SEVERITY_FACTS, type SeverityFact, severityQuestionsFor } from "./severity-questions.ts";

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
