/**
 * GB 11643-1999 resident identity numbers. The check character is recomputed here with the
 * ISO 7064 MOD 11-2 formula (weight of position i is 2^(17-i) mod 11; check = (12 - sum mod 11)
 * mod 11, 10 written X) rather than with the module's weight table.
 */
import {
  identityBirthDate,
  identityCheckCharacter,
  isValidIdentityNumber,
} from "@cp/domain/report/identity-number";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

function mod11_2(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    let weight = 1;
    for (let k = 0; k < 17 - i; k++) weight = (weight * 2) % 11;
    sum += Number(first17[i]) * weight;
  }
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? "X" : String(check);
}

const withCheck = (first17: string) => `${first17}${mod11_2(first17)}`;

describe("the independent check", () => {
  it("agrees with the worked examples below", () => {
    // Worked by hand, e.g. 11010519491231002: sum of digit × weight (7 9 10 5 8 4 2 1 6 3 7 9
    // 10 5 8 4 2) is 167; 167 mod 11 = 2 → X.
    expect(mod11_2("11010519491231002")).toBe("X");
    expect(mod11_2("44052418800101001")).toBe("4");
    expect(mod11_2("53342120150302001")).toBe("3");
  });
});

describe("isValidIdentityNumber", () => {
  it.each([
    { id: "11010519491231002X", why: "the standard's example, check X" },
    { id: "533421201503020013", why: "the contract's child, with the correct check digit" },
    { id: withCheck("53340120000229123"), why: "born on a leap day" },
    { id: withCheck("53342220171231005"), why: "born on New Year's Eve" },
  ])("accepts $id ($why)", ({ id }) => {
    expect(isValidIdentityNumber(id)).toBe(true);
  });

  it("accepts a lowercase x check character", () => {
    expect(isValidIdentityNumber("11010519491231002x")).toBe(true);
  });

  it("rejects the contract's example 533421201503020011: its check digit is wrong", () => {
    // Act / Assess
    expect(isValidIdentityNumber("533421201503020011")).toBe(false);
    expect(identityCheckCharacter("53342120150302001")).toBe("3");
  });

  it("rejects every wrong check character", () => {
    // Prepare
    const first17 = "11010519491231002";
    const wrong = [..."0123456789X"].filter((c) => c !== "X");

    // Act / Assess
    for (const c of wrong) expect(isValidIdentityNumber(`${first17}${c}`), c).toBe(false);
  });

  it.each([
    { first17: "53342120150230001", why: "February 30" },
    { first17: "53342119000229001", why: "February 29 of 1900, not a leap year" },
    { first17: "53342120151301001", why: "month 13" },
    { first17: "53342120150001001", why: "month 00" },
    { first17: "53342120150300001", why: "day 00" },
    { first17: "53342120150431001", why: "April 31" },
  ])("rejects an impossible birth date: $why", ({ first17 }) => {
    // Prepare: a correct check character, so only the date is wrong.
    const id = withCheck(first17);

    // Act / Assess
    expect(identityBirthDate(id)).toBeUndefined();
    expect(isValidIdentityNumber(id)).toBe(false);
  });

  it.each([
    { id: "11010519491231002", why: "17 characters" },
    { id: "11010519491231002X0", why: "19 characters" },
    { id: "110105491231002", why: "the old 15-digit form" },
    { id: "", why: "empty" },
    { id: " 11010519491231002X", why: "a leading space" },
    { id: "1101051949123100X2", why: "X not in last place" },
    { id: "11010519491231002Y", why: "a letter other than X" },
    { id: "１１０１０５１９４９１２３１００２Ｘ", why: "full-width digits" },
  ])("rejects $why", ({ id }) => {
    expect(isValidIdentityNumber(id)).toBe(false);
  });

  it("agrees with the independent check for any 17 digits with a real birth date (property)", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-6]\d{5}$/),
        fc.date({
          min: new Date("1950-01-01T00:00:00Z"),
          max: new Date("2026-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.stringMatching(/^\d{3}$/),
        fc.constantFrom(..."0123456789X"),
        (area, birth, sequence, check) => {
          // Prepare
          const ymd = birth.toISOString().slice(0, 10).replaceAll("-", "");
          const first17 = `${area}${ymd}${sequence}`;

          // Act
          const valid = isValidIdentityNumber(`${first17}${check}`);

          // Assess
          expect(valid).toBe(check === mod11_2(first17));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("identityBirthDate", () => {
  it("reads the embedded date", () => {
    expect(identityBirthDate("11010519491231002X")).toBe("1949-12-31");
    expect(identityBirthDate("533421201503020013")).toBe("2015-03-02");
  });
});
