/**
 * The object-level rules, checked as properties: for any caller and any ticket or case, access is
 * allowed exactly when the rules of need-to-know say so (docs/decisions/0007-access-and-privacy.md).
 */
import {
  AGENCY_CODES,
  type AgencyCode,
  caseAccessOf,
  ForbiddenError,
  type Identity,
  InvalidInputError,
  inboxAgencyFor,
  mayBreakGlass,
  mayHandleTicket,
  mayReadReportStatus,
  mayReadTicket,
  ROLES,
} from "@cp/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const agency = fc.constantFrom(...AGENCY_CODES);
const identity: fc.Arbitrary<Identity> = fc
  .record({
    sub: fc.constantFrom("u1", "u2", "u3"),
    roles: fc.subarray([...ROLES], { minLength: 1 }),
    agency: fc.option(agency, { nil: undefined }),
  })
  .map(({ sub, roles, agency }) => ({ sub, name: sub, roles, ...(agency ? { agency } : {}) }));
const ticket = fc.record({ agency });
const kase = fc.record({ agencies: fc.uniqueArray(agency, { maxLength: 4 }) });

const isOfficerOf = (who: Identity, a: AgencyCode) =>
  who.roles.includes("officer") && who.agency === a;
const isSupervisor = (who: Identity) => who.roles.includes("supervisor");

describe("tickets", () => {
  it("an officer handles exactly their own agency's tickets; nobody else handles any", () => {
    fc.assert(
      fc.property(identity, ticket, (who, t) => {
        expect(mayHandleTicket(who, t)).toBe(isOfficerOf(who, t.agency));
      }),
    );
  });

  it("a ticket is visible exactly to its agency's officers and to supervisors", () => {
    fc.assert(
      fc.property(identity, ticket, (who, t) => {
        expect(mayReadTicket(who, t)).toBe(isOfficerOf(who, t.agency) || isSupervisor(who));
      }),
    );
  });

  it("an inbox lists the officer's own agency, or the one a supervisor names, and no other", () => {
    fc.assert(
      fc.property(identity, fc.option(agency, { nil: undefined }), (who, requested) => {
        const ownAgency =
          who.roles.includes("officer") &&
          who.agency !== undefined &&
          (requested === undefined || requested === who.agency);
        if (ownAgency) expect(inboxAgencyFor(who, requested)).toBe(who.agency);
        else if (isSupervisor(who) && requested) {
          expect(inboxAgencyFor(who, requested)).toBe(requested);
        } else if (isSupervisor(who)) {
          expect(() => inboxAgencyFor(who, requested)).toThrow(InvalidInputError);
        } else expect(() => inboxAgencyFor(who, requested)).toThrow(ForbiddenError);
      }),
    );
  });
});

describe("cases", () => {
  it("an officer reads a case in full exactly when their agency holds a ticket on it; a supervisor masked; nobody else", () => {
    fc.assert(
      fc.property(identity, kase, (who, k) => {
        const throughOwnTicket =
          who.roles.includes("officer") &&
          who.agency !== undefined &&
          k.agencies.includes(who.agency);
        const expected = throughOwnTicket ? "agency" : isSupervisor(who) ? "supervisor" : undefined;
        expect(caseAccessOf(who, k)).toBe(expected);
      }),
    );
  });

  it("break-glass is open exactly to supervisors who would otherwise see the case masked", () => {
    fc.assert(
      fc.property(identity, kase, (who, k) => {
        expect(mayBreakGlass(who, k)).toBe(caseAccessOf(who, k) === "supervisor");
      }),
    );
  });
});

describe("reports", () => {
  it("a report's status is for its own reporter and for supervisors only", () => {
    fc.assert(
      fc.property(identity, fc.constantFrom("u1", "u2", "u3"), (who, reporterSub) => {
        expect(mayReadReportStatus(who, { reporterSub })).toBe(
          who.sub === reporterSub || isSupervisor(who),
        );
      }),
    );
  });
});
