/**
 * Property: for any routing table and SLA policy the validators accept, and any report, every
 * 意见 Art. 4 category yields a police lead and a procuratorate oversight ticket, and no statutory
 * clock is looser than the floor — neither in the policy's own times nor in the times tickets get.
 * The generators are biased toward tables near the floor so that many pass validation.
 */
import {
  AGENCY_CODES,
  ART4_CATEGORIES,
  CLOCK_FLOOR,
  CLOCK_IDS,
  type ClockId,
  type ClockRule,
  clockDueAt,
  DAY,
  DEFAULT_ROUTING_TABLE,
  DEFAULT_SLA_POLICY,
  dueTimesFor,
  HARM_CATEGORIES,
  HOUR,
  policyDueTimes,
  ROUTING_CONDITIONS,
  type RoutingRule,
  type RoutingTable,
  routeReport,
  routingFloorViolations,
  SEVERITY_FACTS,
  type SlaPolicy,
  type SlaRule,
  slaFloorViolations,
  TICKET_FLOOR,
  TICKET_KINDS,
} from "@cp/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const agency = fc.constantFrom(...AGENCY_CODES);
const nearPolice = fc.oneof(
  { weight: 6, arbitrary: fc.constant("police" as const) },
  { weight: 1, arbitrary: agency },
);
const conditional = fc.record({ agency: nearPolice, when: fc.constantFrom(...ROUTING_CONDITIONS) });

const ruleFor = (base: RoutingRule): fc.Arbitrary<RoutingRule> =>
  fc.record({
    id: fc.constant(base.id),
    category: fc.constant(base.category),
    lead: fc.oneof(
      { weight: 20, arbitrary: fc.constant(base.lead) },
      { weight: 1, arbitrary: agency },
    ),
    conditionalLeads: fc.array(conditional, { maxLength: 2 }),
    support: fc.array(conditional, { maxLength: 3 }),
    oversight: fc.oneof(
      { weight: 20, arbitrary: fc.constant(base.oversight) },
      { weight: 1, arbitrary: fc.uniqueArray(agency, { maxLength: 2 }) },
    ),
    basis: fc.constant(base.basis),
  });

const table: fc.Arbitrary<RoutingTable> = fc
  .tuple(fc.tuple(...DEFAULT_ROUTING_TABLE.rules.map(ruleFor)), fc.subarray([...AGENCY_CODES]))
  .map(([rules, enabled]) => ({ version: 2, rules, enabledAgencies: enabled }));

const subject = fc.record({
  categories: fc.uniqueArray(fc.constantFrom(...HARM_CATEGORIES), { minLength: 1, maxLength: 4 }),
  immediateDanger: fc.boolean(),
  atSchool: fc.boolean(),
  severity: fc.record(
    Object.fromEntries(SEVERITY_FACTS.map((f) => [f, fc.boolean()])) as Record<
      (typeof SEVERITY_FACTS)[number],
      fc.Arbitrary<boolean>
    >,
    { requiredKeys: [] },
  ),
});

describe("statutory floor (property)", () => {
  it("every accepted routing table routes each Art. 4 category to police lead and procuratorate oversight", () => {
    let accepted = 0;
    fc.assert(
      fc.property(table, subject, (t, s) => {
        if (routingFloorViolations(t).length > 0) return;
        accepted++;
        const decisions = routeReport(s, new Date("2026-11-27T08:00:00.000Z"), t);
        if (s.categories.some((c) => ART4_CATEGORIES.includes(c))) {
          expect(decisions.find((d) => d.agency === "police")?.kind).toBe("lead");
          const procuratorate = decisions.find((d) => d.agency === "procuratorate");
          expect(procuratorate).toBeDefined();
        }
      }),
      // About one generated table in fifteen passes the floor (61-72 of 1,000 in six runs): at 400
      // runs the count fell below the guard now and then (19 seen).
      { numRuns: 1000 },
    );
    // The generator must reach accepted tables, or the property says nothing.
    expect(accepted).toBeGreaterThan(20);
  });

  it("a rejected table is one that really fails the floor for some report", () => {
    fc.assert(
      fc.property(table, (t) => {
        const violations = routingFloorViolations(t);
        const art4Fails = ART4_CATEGORIES.some((c) => {
          const ds = routeReport(
            { categories: [c], immediateDanger: false, atSchool: false },
            new Date(0),
            t,
          );
          return (
            ds.find((d) => d.agency === "police")?.kind !== "lead" ||
            !ds.some((d) => d.agency === "procuratorate")
          );
        });
        if (art4Fails) expect(violations.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  const duration = fc.integer({ min: 1, max: 60 * 24 }).map((m) => m * 60_000);
  const slaRule: fc.Arbitrary<SlaRule> = fc.record({
    id: fc.string({ minLength: 1, maxLength: 5 }),
    match: fc.record(
      {
        agency: nearPolice,
        kind: fc.constantFrom(...TICKET_KINDS),
        immediateDanger: fc.boolean(),
        categoriesAny: fc.uniqueArray(fc.constantFrom(...HARM_CATEGORIES), {
          minLength: 1,
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    ),
    acceptWithinMs: duration,
    closeWithinMs: fc.option(
      fc.integer({ min: 1, max: 10 }).map((d) => d * DAY),
      { nil: null },
    ),
    extendableToMs: fc.option(
      fc.integer({ min: 1, max: 60 }).map((d) => d * DAY),
      { nil: null },
    ),
    basis: fc.constant({ source: "policy" as const, note: "generated" }),
  });
  const clockRule = (id: ClockId): fc.Arbitrary<ClockRule> => {
    const floor = CLOCK_FLOOR[id]?.maxMs ?? 30 * DAY;
    return fc.record({
      withinMs: fc.integer({ min: 1, max: Math.ceil((floor * 1.3) / HOUR) }).map((h) => h * HOUR),
      emergencyWithinMs: fc.option(
        fc.integer({ min: 1, max: 40 }).map((h) => h * HOUR),
        { nil: undefined },
      ),
      basis: fc.constant(DEFAULT_SLA_POLICY.clocks[id].basis),
    });
  };
  const policy: fc.Arbitrary<SlaPolicy> = fc
    .tuple(fc.array(slaRule, { maxLength: 6 }), fc.boolean(), fc.tuple(...CLOCK_IDS.map(clockRule)))
    .map(([extra, keepDefaults, clocks]) => ({
      version: 2,
      rules: [...(keepDefaults ? DEFAULT_SLA_POLICY.rules : []), ...extra],
      defaultRule: DEFAULT_SLA_POLICY.defaultRule,
      clocks: Object.fromEntries(CLOCK_IDS.map((id, i) => [id, clocks[i]])) as SlaPolicy["clocks"],
    }));

  it("every accepted SLA policy keeps police lead and event clocks within the floor, for any report", () => {
    let accepted = 0;
    const created = new Date("2026-11-27T08:00:00.000Z");
    const within = (iso: string | null, ms: number) =>
      iso !== null && Date.parse(iso) - created.getTime() <= ms;
    fc.assert(
      fc.property(policy, subject, (p, s) => {
        const police = { agency: "police" as const, kind: "lead" as const, ...s };
        // Whatever the policy, tickets never get more time than the law allows.
        const due = dueTimesFor(police, created, p);
        expect(within(due.acceptDueAt, TICKET_FLOOR.policeLeadAccept.maxMs)).toBe(true);
        expect(within(due.closeDueAt, TICKET_FLOOR.policeLeadClose.maxMs)).toBe(true);
        for (const id of CLOCK_IDS) {
          const floor = CLOCK_FLOOR[id];
          if (!floor) continue;
          const max = s.immediateDanger ? (floor.emergencyMaxMs ?? floor.maxMs) : floor.maxMs;
          expect(within(clockDueAt(id, created, s.immediateDanger, p), max)).toBe(true);
        }
        if (slaFloorViolations(p).length > 0) return;
        accepted++;
        // An accepted policy needs no capping: its own times are within the floor.
        const raw = policyDueTimes(police, created, p);
        expect(within(raw.acceptDueAt, TICKET_FLOOR.policeLeadAccept.maxMs)).toBe(true);
        expect(within(raw.closeDueAt, TICKET_FLOOR.policeLeadClose.maxMs)).toBe(true);
        if (raw.extendableUntil !== null) {
          expect(within(raw.extendableUntil, TICKET_FLOOR.policeLeadExtendable.maxMs)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});
