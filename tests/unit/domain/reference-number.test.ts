import { newReferenceNo, referenceDate } from "@cp/domain";
import { describe, expect, it } from "vitest";

// Crockford base32: digits and letters without I, L, O, U.
const FORMAT = /^SGL-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/;

describe("referenceDate: the calendar day in China Standard Time (UTC+8)", () => {
  it.each([
    { at: "2026-11-27T17:00:00Z", day: "20261128" },
    { at: "2026-11-27T15:59:59.999Z", day: "20261127" },
    { at: "2026-11-27T16:00:00Z", day: "20261128" },
    { at: "2026-12-31T16:00:00Z", day: "20270101" },
    { at: "2028-02-28T16:30:00Z", day: "20280229" },
  ])("$at → $day", ({ at, day }) => {
    expect(referenceDate(new Date(at))).toBe(day);
  });
});

describe("newReferenceNo", () => {
  it("is SGL-YYYYMMDD-XXXXXX with the CST date", () => {
    // Prepare
    const at = new Date("2026-11-27T17:00:00Z");

    // Act
    const ref = newReferenceNo("SGL", at);

    // Assess
    expect(ref).toMatch(FORMAT);
    expect(ref.slice(4, 12)).toBe("20261128");
  });

  it("draws its suffix from the 32 Crockford symbols, never I, L, O or U", () => {
    // Prepare: a source that walks through every value 0..31.
    let next = 0;
    const walk = (max: number) => {
      const value = next % max;
      next += 1;
      return value;
    };
    const at = new Date("2026-11-27T17:00:00Z");

    // Act
    const suffixes = Array.from({ length: 6 }, () => newReferenceNo("SGL", at, walk).slice(-6));

    // Assess
    const symbols = suffixes.join("").slice(0, 32);
    expect(symbols).toBe("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    expect(symbols).not.toMatch(/[ILOU]/);
  });

  it("asks the random source for a value below 32, six times", () => {
    // Prepare
    const asked: number[] = [];
    const last = (max: number) => {
      asked.push(max);
      return max - 1;
    };

    // Act
    const ref = newReferenceNo("SGL", new Date("2026-11-27T00:00:00Z"), last);

    // Assess
    expect(asked).toEqual([32, 32, 32, 32, 32, 32]);
    expect(ref).toBe("SGL-20261127-ZZZZZZ");
  });

  it("with the real random source, always matches the format", () => {
    // Prepare
    const at = new Date("2026-11-27T17:00:00Z");

    // Act
    const refs = Array.from({ length: 500 }, () => newReferenceNo("SGL", at));

    // Assess
    for (const ref of refs) expect(ref).toMatch(FORMAT);
    expect(new Set(refs).size).toBeGreaterThan(490);
  });
});
