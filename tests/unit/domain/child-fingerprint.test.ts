import { type ChildInput, childFingerprint, fingerprintSource } from "@cp/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const KEY = "test-fingerprint-key";
const OTHER_KEY = "another-deployment-key";

const child = (fields: Partial<ChildInput>): ChildInput => ({
  gender: "male",
  township: "建塘镇",
  circumstances: [],
  ...fields,
});

describe("childFingerprint from an identity number", () => {
  it("is the same whatever the case of the X", () => {
    // Prepare
    const upper = child({ idNumber: "11010519491231002X" });
    const lower = child({ idNumber: "11010519491231002x" });

    // Act / Assess
    expect(childFingerprint(lower, KEY)).toBe(childFingerprint(upper, KEY));
  });

  it("the identity number wins over name, birth date and township", () => {
    // Prepare
    const a = child({ idNumber: "533421201503020013", name: "小明", birthDate: "2015-03-02" });
    const b = child({
      idNumber: "533421201503020013",
      name: "扎西",
      birthDate: "2015-03-03",
      township: "尼西乡",
    });

    // Act / Assess
    expect(childFingerprint(b, KEY)).toBe(childFingerprint(a, KEY));
  });

  it("differs for a different identity number", () => {
    // Prepare
    const a = child({ idNumber: "533421201503020013" });
    const b = child({ idNumber: "11010519491231002X" });

    // Act / Assess
    expect(childFingerprint(a, KEY)).not.toBe(childFingerprint(b, KEY));
  });
});

describe("childFingerprint from name + birth date + township", () => {
  it("ignores spaces, full-width forms and letter case", () => {
    // Prepare
    const plain = child({ name: "Zhaxi 小明", birthDate: "2015-03-02", township: "建塘镇" });
    const messy = child({
      name: " Ｚｈａｘｉ　小 明 ", // full-width Latin letters and an ideographic space
      birthDate: "2015-03-02",
      township: "建塘镇 ",
    });
    const upper = child({ name: "ZHAXI小明", birthDate: "2015-03-02", township: "建 塘 镇" });

    // Act
    const fp = childFingerprint(plain, KEY);

    // Assess
    expect(fp).toBeDefined();
    expect(childFingerprint(messy, KEY)).toBe(fp);
    expect(childFingerprint(upper, KEY)).toBe(fp);
  });

  it.each([
    { what: "name", change: { name: "小红" } },
    { what: "birth date", change: { birthDate: "2015-03-03" } },
    { what: "township", change: { township: "尼西乡" } },
  ])("differs when the $what differs", ({ change }) => {
    // Prepare
    const base = child({ name: "小明", birthDate: "2015-03-02" });

    // Act / Assess
    expect(childFingerprint({ ...base, ...change }, KEY)).not.toBe(childFingerprint(base, KEY));
  });

  it("an identity number and name-based key do not collide", () => {
    // Prepare
    const byId = child({ idNumber: "533421201503020013" });
    const byName = child({ name: "小明", birthDate: "2015-03-02" });

    // Act / Assess
    expect(childFingerprint(byId, KEY)).not.toBe(childFingerprint(byName, KEY));
  });
});

describe("childFingerprint: what it is not", () => {
  it("is undefined for a child described only by an age", () => {
    // Prepare
    const ageOnly = child({ ageYears: 9, name: "小明" });

    // Act / Assess
    expect(childFingerprint(ageOnly, KEY)).toBeUndefined();
    expect(childFingerprint(child({ ageYears: 9 }), KEY)).toBeUndefined();
  });

  it("is undefined for a birth date without a name", () => {
    expect(childFingerprint(child({ birthDate: "2015-03-02" }), KEY)).toBeUndefined();
  });

  it("depends on the key: another deployment's fingerprints do not match", () => {
    // Prepare
    const c = child({ idNumber: "533421201503020013" });

    // Act / Assess
    expect(childFingerprint(c, OTHER_KEY)).not.toBe(childFingerprint(c, KEY));
  });

  it("is 64 hex characters and never contains the identity number or the name", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{17}$/),
        fc.constantFrom(..."0123456789Xx"),
        (first17, check) => {
          // Prepare
          const idNumber = `${first17}${check}`;
          const c = child({ idNumber, name: "小明" });

          // Act
          const fp = childFingerprint(c, KEY) as string;

          // Assess
          expect(fp).toMatch(/^[0-9a-f]{64}$/);
          expect(fp).not.toContain(first17);
          expect(fp.toUpperCase()).not.toContain(idNumber.toUpperCase());
          expect(fp).not.toContain("小明");
        },
      ),
      { numRuns: 100 },
    );
  });

  it("the hashed source is keyed by kind, so it cannot be mistaken for another kind", () => {
    // Prepare / Act
    const byId = fingerprintSource(child({ idNumber: "11010519491231002x" }));
    const byName = fingerprintSource(child({ name: "小明", birthDate: "2015-03-02" }));

    // Assess
    expect(byId).toBe("id:11010519491231002X");
    expect(byName?.startsWith("nbt:")).toBe(true);
  });
});
