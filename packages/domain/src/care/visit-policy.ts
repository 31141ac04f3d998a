/**
 * How often the 儿童主任 must contact each child and visit the home, as data an administrator can
 * change, and the clocks computed from it. Every rule says where its figures come from:
 *
 * - The plan (item 5) fixes the floor: 至少每个月联系一次、每三个月入户走访一次 — contact at least
 *   monthly, home visit at least quarterly.
 * - For a parent's or the child's serious disability and for psychological or behavioural problems
 *   the plan asks to 加大走访频次 (visit more often) without a figure: the figures are local policy.
 * - Risk levels are local policy (child-file.ts), and so are their frequencies.
 * - Escalation of an overdue clock to the township's 儿童督导员 and then to 民政 is local policy: the
 *   plan makes 民政 organise the 督导员 and the 主任 (item 5) but sets no escalation times.
 *
 * Every matching rule applies and the earliest due date wins, as with ticket SLAs; a home visit
 * is also a contact. Clocks run on local dates: a clock due on D is overdue from D + 1.
 */
import { addDays, dayStart } from "../sla/metrics.ts";
import { addMonths, daysBetween } from "./calendar.ts";
import type { RiskLevel } from "./child-file.ts";
import type { Circumstance } from "./circumstances.ts";

interface Frequency {
  readonly unit: "day" | "month";
  readonly every: number;
}

type AttentionFlag = "parentSeriousDisability" | "childDisability" | "psychologicalOrBehavioural";

interface VisitRule {
  readonly id: string;
  readonly match: {
    readonly riskAny?: readonly RiskLevel[];
    readonly attentionAny?: readonly AttentionFlag[];
    readonly circumstancesAny?: readonly Circumstance[];
  };
  readonly contact: Frequency;
  readonly homeVisit: Frequency;
  /** "plan": the figures are the plan's own; "local_policy": the city's choice where the plan is silent. */
  readonly source: "plan" | "local_policy";
  readonly basis: string;
}

type EscalationTarget = "child_supervisor" | "civil_affairs";

interface EscalationStep {
  readonly level: 1 | 2;
  readonly to: EscalationTarget;
  /** Days after the due date on which this step is taken (1 = the first overdue day). */
  readonly atOverdueDays: number;
  readonly source: "plan" | "local_policy";
  readonly basis: string;
}

export interface VisitPolicy {
  readonly version: number;
  /** Applies to every child. */
  readonly base: VisitRule;
  readonly rules: readonly VisitRule[];
  readonly escalation: readonly EscalationStep[];
  /** A clock is "due soon" this many days before its due date (the 主任's list highlights it). */
  readonly dueSoonDays: number;
}

const ITEM5 = "香格里拉市留守儿童和困境儿童关爱服务质量提升三年行动实施方案 第5项";

export const DEFAULT_VISIT_POLICY: VisitPolicy = {
  version: 1,
  base: {
    id: "plan_floor",
    match: {},
    contact: { unit: "month", every: 1 },
    homeVisit: { unit: "month", every: 3 },
    source: "plan",
    basis: `${ITEM5}: 儿童主任至少每个月联系一次、每三个月入户走访一次`,
  },
  rules: [
    {
      id: "more_attention",
      match: {
        attentionAny: ["parentSeriousDisability", "childDisability", "psychologicalOrBehavioural"],
      },
      contact: { unit: "day", every: 14 },
      homeVisit: { unit: "month", every: 1 },
      source: "local_policy",
      basis: `${ITEM5} 要求对父母或儿童严重残疾、心理或行为异常的加大走访频次, 未定频次; 每14天联系、每月入户为本市政策`,
    },
    {
      id: "risk_high",
      match: { riskAny: ["high"] },
      contact: { unit: "day", every: 14 },
      homeVisit: { unit: "month", every: 1 },
      source: "local_policy",
      basis: "风险等级为本市政策; 高风险每14天联系、每月入户",
    },
    {
      id: "risk_critical",
      match: { riskAny: ["critical"] },
      contact: { unit: "day", every: 7 },
      homeVisit: { unit: "day", every: 14 },
      source: "local_policy",
      basis: "风险等级为本市政策; 极高风险每7天联系、每14天入户 (另须即时强制报告)",
    },
  ],
  escalation: [
    {
      level: 1,
      to: "child_supervisor",
      atOverdueDays: 1,
      source: "local_policy",
      basis: `${ITEM5} 由民政组织儿童督导员、儿童主任走访; 逾期次日报乡镇儿童督导员为本市政策`,
    },
    {
      level: 2,
      to: "civil_affairs",
      atOverdueDays: 15,
      source: "local_policy",
      basis: `${ITEM5} 民政加强档案管理监督检查; 逾期15天报市民政局为本市政策`,
    },
  ],
  dueSoonDays: 7,
};

export interface VisitSubject {
  readonly risk: RiskLevel;
  readonly attention: Readonly<Record<AttentionFlag, boolean>>;
  readonly circumstances: readonly Circumstance[];
}

interface VisitHistory {
  /** When the file was opened: the clocks start here until the first visit. */
  readonly openedOn: string;
  readonly lastContactOn?: string | undefined;
  readonly lastHomeVisitOn?: string | undefined;
}

type ClockKind = "contact" | "home_visit";

export interface VisitClock {
  readonly kind: ClockKind;
  readonly dueOn: string;
  readonly state: "ok" | "due_soon" | "overdue";
  /** Days past the due date (0 when not overdue). */
  readonly overdueDays: number;
  /** The rules that set the due date (the tightest). */
  readonly rules: readonly string[];
}

function matches(rule: VisitRule, s: VisitSubject): boolean {
  const m = rule.match;
  if (m.riskAny && !m.riskAny.includes(s.risk)) return false;
  if (m.attentionAny && !m.attentionAny.some((f) => s.attention[f])) return false;
  if (m.circumstancesAny && !m.circumstancesAny.some((c) => s.circumstances.includes(c))) {
    return false;
  }
  return true;
}

const after = (from: string, f: Frequency) =>
  f.unit === "day" ? addDays(from, f.every) : addMonths(from, f.every);

/** The rules that apply to a child: the base and every rule that matches. */
const rulesFor = (s: VisitSubject, policy: VisitPolicy = DEFAULT_VISIT_POLICY) => [
  policy.base,
  ...policy.rules.filter((r) => matches(r, s)),
];

function clock(
  kind: ClockKind,
  from: string,
  rules: readonly VisitRule[],
  today: string,
  policy: VisitPolicy,
): VisitClock {
  const candidates = rules.map((r) => ({
    id: r.id,
    dueOn: after(from, kind === "contact" ? r.contact : r.homeVisit),
  }));
  // ISO dates sort as strings: the first is the earliest.
  const dueOn = candidates.map((c) => c.dueOn).sort()[0] as string;
  const overdueDays = Math.max(0, daysBetween(dueOn, today));
  const state =
    overdueDays > 0
      ? "overdue"
      : daysBetween(today, dueOn) <= policy.dueSoonDays
        ? "due_soon"
        : "ok";
  return {
    kind,
    dueOn,
    state,
    overdueDays,
    rules: candidates.filter((c) => c.dueOn === dueOn).map((c) => c.id),
  };
}

/** Both clocks of a child on `today`. A home visit counts as a contact. */
export function visitClocks(
  subject: VisitSubject,
  history: VisitHistory,
  today: string,
  policy: VisitPolicy = DEFAULT_VISIT_POLICY,
): { readonly contact: VisitClock; readonly homeVisit: VisitClock } {
  const rules = rulesFor(subject, policy);
  const lastContact = [history.lastContactOn, history.lastHomeVisitOn]
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  return {
    contact: clock("contact", lastContact ?? history.openedOn, rules, today, policy),
    homeVisit: clock(
      "home_visit",
      history.lastHomeVisitOn ?? history.openedOn,
      rules,
      today,
      policy,
    ),
  };
}

/** The date the 主任's list is ordered by: whichever clock comes due first. */
export const nextDueOn = (clocks: { contact: VisitClock; homeVisit: VisitClock }) =>
  [clocks.contact.dueOn, clocks.homeVisit.dueOn].sort()[0] as string;

/** The escalation step reached by a clock overdue `overdueDays`, if any. */
export function escalationLevel(
  overdueDays: number,
  policy: VisitPolicy = DEFAULT_VISIT_POLICY,
): EscalationStep | undefined {
  return [...policy.escalation]
    .sort((a, b) => b.atOverdueDays - a.atOverdueDays)
    .find((s) => overdueDays >= s.atOverdueDays);
}

/** The escalations already taken on a file: per clock, the due date and the highest level. */
export type EscalationsTaken = Partial<
  Record<ClockKind, { readonly dueOn: string; readonly level: number }>
>;

interface PendingEscalation {
  readonly clock: ClockKind;
  readonly dueOn: string;
  readonly step: EscalationStep;
  /** The instant the step falls due: the start of the local day `dueOn + atOverdueDays`. */
  readonly at: string;
}

/**
 * The next escalation the sweeper must take for a file, whatever today is: for each clock, the
 * first step not yet taken for its current due date; the earliest of them. Undefined when every
 * step of both clocks has been taken.
 */
export function nextEscalation(
  clocks: { contact: VisitClock; homeVisit: VisitClock },
  taken: EscalationsTaken,
  policy: VisitPolicy = DEFAULT_VISIT_POLICY,
): PendingEscalation | undefined {
  const steps = [...policy.escalation].sort((a, b) => a.level - b.level);
  const pending: PendingEscalation[] = [];
  for (const c of [clocks.contact, clocks.homeVisit]) {
    const done = taken[c.kind];
    const levelDone = done && done.dueOn === c.dueOn ? done.level : 0;
    const step = steps.find((s) => s.level > levelDone);
    if (step) {
      pending.push({
        clock: c.kind,
        dueOn: c.dueOn,
        step,
        at: dayStart(addDays(c.dueOn, step.atOverdueDays)).toISOString(),
      });
    }
  }
  return pending.sort((a, b) => a.at.localeCompare(b.at) || a.clock.localeCompare(b.clock))[0];
}
