/**
 * Who the care work is for: the two groups of the city's action plan (香民发〔2024〕13号, 一、(三)
 * 服务对象), with their age limits. The plan is the basis of every definition here.
 *
 * - 留守儿童 (left-behind): under 16; both parents working outside the city for 3 months or more,
 *   or one parent outside that long and the other unable to care (无监护能力).
 * - 困境儿童 (in difficulty): 0–18; orphans, 事实无人抚养, HIV-infected, severely disabled, seriously
 *   ill, and children whose family is in economic hardship or whose guardianship is inadequate.
 *
 * The circumstance codes are the report schema's (`CHILD_CIRCUMSTANCES`), so a report and a file
 * speak of a child the same way.
 */
import type { CHILD_CIRCUMSTANCES } from "../schemas.ts";
import { addMonths, ageOn, birthdayAt } from "./calendar.ts";

export type Circumstance = (typeof CHILD_CIRCUMSTANCES)[number];

interface CircumstanceDefinition {
  readonly code: Circumstance;
  readonly group: "left_behind" | "in_difficulty";
  /** The circumstance ends on this birthday. */
  readonly endsAtAge: number;
  readonly zh: string;
  readonly basis: string;
}

const PLAN = "香格里拉市留守儿童和困境儿童关爱服务质量提升三年行动实施方案 一、(三)";

export const CIRCUMSTANCES: Readonly<Record<Circumstance, CircumstanceDefinition>> = {
  left_behind: {
    code: "left_behind",
    group: "left_behind",
    endsAtAge: 16,
    zh: "留守儿童",
    basis: `${PLAN}: 不满16周岁; 父母双方跨市域外出务工3个月以上, 或一方外出另一方无监护能力`,
  },
  orphan: { code: "orphan", group: "in_difficulty", endsAtAge: 18, zh: "孤儿", basis: PLAN },
  de_facto_unsupported: {
    code: "de_facto_unsupported",
    group: "in_difficulty",
    endsAtAge: 18,
    zh: "事实无人抚养儿童",
    basis: PLAN,
  },
  hiv_affected: {
    code: "hiv_affected",
    group: "in_difficulty",
    endsAtAge: 18,
    zh: "艾滋病病毒感染儿童",
    basis: PLAN,
  },
  disabled: {
    code: "disabled",
    group: "in_difficulty",
    endsAtAge: 18,
    zh: "重残儿童",
    basis: PLAN,
  },
  seriously_ill: {
    code: "seriously_ill",
    group: "in_difficulty",
    endsAtAge: 18,
    zh: "重病儿童",
    basis: PLAN,
  },
  low_income: {
    code: "low_income",
    group: "in_difficulty",
    endsAtAge: 18,
    zh: "家庭经济困难儿童",
    basis: PLAN,
  },
  inadequate_guardianship: {
    code: "inadequate_guardianship",
    group: "in_difficulty",
    endsAtAge: 18,
    zh: "家庭监护不到位儿童",
    basis: PLAN,
  },
};

/** Minimum time both parents (or the one) have been away for a child to count as left behind. */
const LEFT_BEHIND_MIN_AWAY_MONTHS = 3;

/** How the parents are absent, for a left-behind child. */
export const PARENTS_AWAY = ["both", "one_other_unable"] as const;
type ParentsAway = (typeof PARENTS_AWAY)[number];

interface LeftBehindFacts {
  readonly parentsAway: ParentsAway;
  /** When the (later) parent left to work outside the city. */
  readonly awaySince: string;
}

/** A problem with the circumstances as claimed, with the field it concerns. */
interface CircumstanceIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Whether the circumstances claimed for a child hold on `today` under the plan's definitions:
 * every circumstance within its age limit, and a left-behind child's parents away long enough.
 */
export function circumstanceIssues(
  child: {
    readonly birthDate: string;
    readonly circumstances: readonly Circumstance[];
    readonly leftBehind?: LeftBehindFacts | undefined;
  },
  today: string,
): CircumstanceIssue[] {
  const issues: CircumstanceIssue[] = [];
  if (child.birthDate > today) {
    issues.push({ path: "birthDate", message: "is in the future" });
    return issues;
  }
  const age = ageOn(child.birthDate, today);
  child.circumstances.forEach((code, i) => {
    const def = CIRCUMSTANCES[code];
    if (age >= def.endsAtAge) {
      issues.push({
        path: `circumstances.${i}`,
        message: `${code} applies under ${def.endsAtAge} years of age; the child is ${age}`,
      });
    }
  });
  if (child.circumstances.includes("left_behind")) {
    if (!child.leftBehind) {
      issues.push({ path: "leftBehind", message: "required for a left-behind child" });
    } else if (addMonths(child.leftBehind.awaySince, LEFT_BEHIND_MIN_AWAY_MONTHS) > today) {
      issues.push({
        path: "leftBehind.awaySince",
        message: `parents must have been away at least ${LEFT_BEHIND_MIN_AWAY_MONTHS} months`,
      });
    }
  }
  return issues;
}

/**
 * The circumstances that still apply on `today`: a left-behind child stops being one at 16, every
 * circumstance ends at 18. A file keeps what was recorded; this is what is counted and visited.
 */
export function circumstancesOn(
  child: { readonly birthDate: string; readonly circumstances: readonly Circumstance[] },
  today: string,
): Circumstance[] {
  return child.circumstances.filter(
    (c) => birthdayAt(child.birthDate, CIRCUMSTANCES[c].endsAtAge) > today,
  );
}
