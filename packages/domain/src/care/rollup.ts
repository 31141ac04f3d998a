/**
 * 一户一档, 一乡一账, 一市一库 (item 6): counts by circumstance, risk, need, help given, problems and
 * visits, kept in aggregate items that each change to a file adjusts in its own transaction — the
 * way the supervision metrics are kept (docs/decisions/0006-metrics-and-audit.md). A file
 * contributes a set of counters as a function of its state; a change adds `after − before`.
 *
 * Overdue visits depend on the day of reading, so the aggregates keep, per clock, how many files
 * fall due on each date (`dc_<YYYYMMDD>`, `dh_<YYYYMMDD>`); a reading sums the dates before today.
 */
import { CHILD_CIRCUMSTANCES } from "../schemas.ts";
import {
  CARE_NEEDS,
  type CareNeed,
  HELP_KINDS,
  RISK_LEVELS,
  type RiskLevel,
} from "./child-file.ts";
import type { Circumstance } from "./circumstances.ts";

/** What of a file the roll-ups count (no names, nothing that identifies the child). */
export interface RollupSubject {
  readonly circumstances: readonly Circumstance[];
  readonly risk: RiskLevel;
  readonly needs: readonly CareNeed[];
  /** Help given, by kind (关爱帮扶记录). */
  readonly helpGiven: Readonly<Partial<Record<string, number>>>;
  readonly problemsFound: number;
  readonly problemsSolved: number;
  readonly contacts: number;
  readonly homeVisits: number;
  /** Visits recorded after their clock's due date. */
  readonly lateVisits: number;
  readonly contactDueOn: string;
  readonly homeVisitDueOn: string;
  /** Still counted (a closed file counts nowhere). */
  readonly active: boolean;
}

const compact = (date: string) => date.replaceAll("-", "");

/** The counters one file adds to every roll-up it belongs to. */
export function rollupContribution(s: RollupSubject): Map<string, number> {
  const c = new Map<string, number>();
  if (!s.active) return c;
  const add = (attr: string, n = 1) => {
    if (n !== 0) c.set(attr, (c.get(attr) ?? 0) + n);
  };
  add("children");
  for (const circ of s.circumstances) add(`c_${circ}`);
  add(`r_${s.risk}`);
  for (const need of s.needs) add(`n_${need}`);
  for (const [kind, n] of Object.entries(s.helpGiven)) add(`h_${kind}`, n ?? 0);
  add("problemsFound", s.problemsFound);
  add("problemsSolved", s.problemsSolved);
  add("contacts", s.contacts);
  add("homeVisits", s.homeVisits);
  add("lateVisits", s.lateVisits);
  add(`dc_${compact(s.contactDueOn)}`);
  add(`dh_${compact(s.homeVisitDueOn)}`);
  return c;
}

/** after − before, without zero entries: what a change adds to each aggregate. */
export function rollupDelta(before: RollupSubject | undefined, after: RollupSubject | undefined) {
  const delta = new Map<string, number>();
  for (const [k, v] of after ? rollupContribution(after) : []) delta.set(k, v);
  for (const [k, v] of before ? rollupContribution(before) : []) {
    delta.set(k, (delta.get(k) ?? 0) - v);
  }
  for (const [k, v] of delta) if (v === 0) delta.delete(k);
  return delta;
}

export interface Rollup {
  readonly children: number;
  readonly byCircumstance: Readonly<Record<Circumstance, number>>;
  readonly byRisk: Readonly<Record<RiskLevel, number>>;
  readonly byNeed: Readonly<Record<CareNeed, number>>;
  readonly helpGiven: Readonly<Record<string, number>>;
  readonly problems: { readonly found: number; readonly solved: number; readonly open: number };
  readonly visits: {
    readonly contacts: number;
    readonly homeVisits: number;
    readonly late: number;
    /** Files whose contact clock is past due on the day of reading. */
    readonly contactOverdue: number;
    readonly homeVisitOverdue: number;
  };
}

const num = (item: Readonly<Record<string, unknown>>, attr: string) => {
  const v = item[attr];
  return typeof v === "number" ? v : 0;
};

const tally = <K extends string>(
  keys: readonly K[],
  item: Record<string, unknown>,
  prefix: string,
) => Object.fromEntries(keys.map((k) => [k, num(item, `${prefix}${k}`)])) as Record<K, number>;

/** An aggregate item read back as figures, overdue counted as of `today`. */
export function rollupOf(item: Readonly<Record<string, unknown>>, today: string): Rollup {
  const todayKey = compact(today);
  let contactOverdue = 0;
  let homeVisitOverdue = 0;
  for (const [attr, v] of Object.entries(item)) {
    if (typeof v !== "number") continue;
    const m = /^d([ch])_(\d{8})$/.exec(attr);
    if (!m || (m[2] as string) >= todayKey) continue;
    if (m[1] === "c") contactOverdue += v;
    else homeVisitOverdue += v;
  }
  const found = num(item, "problemsFound");
  const solved = num(item, "problemsSolved");
  return {
    children: num(item, "children"),
    byCircumstance: tally(CHILD_CIRCUMSTANCES, item as Record<string, unknown>, "c_"),
    byRisk: tally(RISK_LEVELS, item as Record<string, unknown>, "r_"),
    byNeed: tally(CARE_NEEDS, item as Record<string, unknown>, "n_"),
    helpGiven: tally(HELP_KINDS, item as Record<string, unknown>, "h_"),
    problems: { found, solved, open: found - solved },
    visits: {
      contacts: num(item, "contacts"),
      homeVisits: num(item, "homeVisits"),
      late: num(item, "lateVisits"),
      contactOverdue,
      homeVisitOverdue,
    },
  };
}
