/**
 * Roll-ups are sums of per-file contributions; a change adds after − before. So the figures read
 * back from an aggregate must equal the figures counted from the files themselves.
 */
import {
  CARE_NEEDS,
  CHILD_CIRCUMSTANCES,
  RISK_LEVELS,
  type RollupSubject,
  rollupContribution,
  rollupDelta,
  rollupOf,
} from "@cp/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const date = fc
  .integer({ min: 0, max: 120 })
  .map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

const subject: fc.Arbitrary<RollupSubject> = fc.record({
  circumstances: fc.uniqueArray(fc.constantFrom(...CHILD_CIRCUMSTANCES), { minLength: 1 }),
  risk: fc.constantFrom(...RISK_LEVELS),
  needs: fc.uniqueArray(fc.constantFrom(...CARE_NEEDS)),
  helpGiven: fc.dictionary(
    fc.constantFrom("daily_care", "education_support"),
    fc.integer({ min: 0, max: 3 }),
  ),
  problemsFound: fc.integer({ min: 0, max: 3 }),
  problemsSolved: fc.constant(0),
  contacts: fc.integer({ min: 0, max: 10 }),
  homeVisits: fc.integer({ min: 0, max: 4 }),
  lateVisits: fc.integer({ min: 0, max: 2 }),
  contactDueOn: date,
  homeVisitDueOn: date,
  active: fc.boolean(),
});

/** Apply deltas to an item, as DynamoDB's ADD does. */
function apply(item: Record<string, number>, delta: Map<string, number>) {
  for (const [k, v] of delta) item[k] = (item[k] ?? 0) + v;
}

describe("roll-ups", () => {
  it("property: an aggregate built from changes reads as the files counted directly", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(subject, subject), { maxLength: 30 }),
        date,
        (histories, today) => {
          const item: Record<string, number> = {};
          for (const [first, second] of histories) {
            apply(item, rollupDelta(undefined, first));
            apply(item, rollupDelta(first, second));
          }
          const files = histories.map(([, s]) => s).filter((s) => s.active);
          const read = rollupOf(item, today);
          expect(read.children).toBe(files.length);
          for (const c of CHILD_CIRCUMSTANCES) {
            expect(read.byCircumstance[c]).toBe(
              files.filter((f) => f.circumstances.includes(c)).length,
            );
          }
          for (const r of RISK_LEVELS)
            expect(read.byRisk[r]).toBe(files.filter((f) => f.risk === r).length);
          expect(read.visits.contactOverdue).toBe(
            files.filter((f) => f.contactDueOn < today).length,
          );
          expect(read.visits.homeVisitOverdue).toBe(
            files.filter((f) => f.homeVisitDueOn < today).length,
          );
          expect(read.problems.found).toBe(files.reduce((n, f) => n + f.problemsFound, 0));
        },
      ),
    );
  });

  it("writes nothing for a change that moves no figure", () => {
    fc.assert(
      fc.property(subject, (s) => {
        expect(rollupDelta(s, s).size).toBe(0);
      }),
    );
  });

  it("counts a file due today as not yet overdue", () => {
    const s: RollupSubject = {
      circumstances: ["orphan"],
      risk: "low",
      needs: [],
      helpGiven: {},
      problemsFound: 0,
      problemsSolved: 0,
      contacts: 0,
      homeVisits: 0,
      lateVisits: 0,
      contactDueOn: "2026-03-01",
      homeVisitDueOn: "2026-05-01",
      active: true,
    };
    const item = Object.fromEntries(rollupContribution(s));
    expect(rollupOf(item, "2026-03-01").visits.contactOverdue).toBe(0);
    expect(rollupOf(item, "2026-03-02").visits.contactOverdue).toBe(1);
  });
});
