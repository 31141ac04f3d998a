/**
 * The retention table and the erasure rule: when a case's personal data may go, and that a
 * deployment cannot keep a log less than the law asks.
 */
import {
  type CaseRetentionFacts,
  caseRetainedUntil,
  DEFAULT_RETENTION,
  erasureVerdict,
  retentionPolicy,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const closed = (over: Partial<CaseRetentionFacts> = {}): CaseRetentionFacts => ({
  status: "closed",
  createdAt: "2026-01-10T02:00:00.000Z",
  closedAt: "2026-03-01T02:00:00.000Z",
  children: [{ birthDate: "2015-03-02" }],
  ...over,
});
const at = (date: string) => new Date(`${date}T04:00:00.000Z`);

describe("a case's retention date", () => {
  it("is ten years after closing, or the youngest child's 21st birthday when later", () => {
    expect(caseRetainedUntil(closed(), DEFAULT_RETENTION)).toBe("2036-03-02");
    expect(
      caseRetainedUntil(closed({ children: [{ birthDate: "2005-01-01" }] }), DEFAULT_RETENTION),
    ).toBe("2036-03-01");
    expect(
      caseRetainedUntil(
        closed({ children: [{ birthDate: "2008-01-01" }, { birthDate: "2024-06-30" }] }),
        DEFAULT_RETENTION,
      ),
    ).toBe("2045-06-30");
  });

  it("counts a child known by age as born as late as that age allows, and one known by identity number by its date", () => {
    expect(caseRetainedUntil(closed({ children: [{ ageYears: 3 }] }), DEFAULT_RETENTION)).toBe(
      "2044-01-10",
    );
    expect(
      caseRetainedUntil(
        closed({ children: [{ idNumber: "53342120200101001X" }] }),
        DEFAULT_RETENTION,
      ),
    ).toBe("2041-01-01");
  });

  it("follows a deployment's longer period, and refuses a log kept less than the law's six months", () => {
    const longer = retentionPolicy('{"case_personal_data":{"months":180}}');
    expect(caseRetainedUntil(closed(), longer)).toBe("2041-03-01");
    expect(() => retentionPolicy('{"security_log":{"months":3}}')).toThrow(/at least 6 months/);
    expect(() => retentionPolicy('{"audit_chain":{"months":12}}')).toThrow(/not erased by age/);
    expect(() => retentionPolicy('{"unknown":{"months":12}}')).toThrow();
  });
});

describe("whether a case may be erased", () => {
  it("not while open, nor held, nor before its date; then yes; an erased case says so", () => {
    expect(erasureVerdict(closed({ status: "open" }), at("2050-01-01"), DEFAULT_RETENTION)).toEqual(
      {
        allowed: false,
        refusal: "open",
      },
    );
    expect(
      erasureVerdict(
        closed({ legalHold: { at: "2030-01-01T00:00:00Z" } }),
        at("2050-01-01"),
        DEFAULT_RETENTION,
      ),
    ).toEqual({ allowed: false, refusal: "legal_hold" });
    expect(erasureVerdict(closed(), at("2036-03-01"), DEFAULT_RETENTION)).toEqual({
      allowed: false,
      refusal: "retention",
      retainedUntil: "2036-03-02",
    });
    expect(erasureVerdict(closed(), at("2036-03-02"), DEFAULT_RETENTION)).toEqual({
      allowed: true,
      retainedUntil: "2036-03-02",
    });
    expect(
      erasureVerdict(
        closed({ erasedAt: "2037-01-01T00:00:00Z" }),
        at("2050-01-01"),
        DEFAULT_RETENTION,
      ),
    ).toMatchObject({ allowed: false, refusal: "already_erased" });
  });

  it("gives every data class a period or says it is not erased, and a reason", () => {
    for (const [name, rule] of Object.entries(DEFAULT_RETENTION)) {
      expect(rule.reason.length, name).toBeGreaterThan(20);
      expect(rule.months === null || rule.months >= 0, name).toBe(true);
      if (rule.basis === "law") expect(rule.floorMonths, name).toBeGreaterThan(0);
    }
  });
});
