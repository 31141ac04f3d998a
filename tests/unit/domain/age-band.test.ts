import { ageBand } from "@cp/domain";
import { describe, expect, it } from "vitest";

const now = new Date("2026-11-29T04:00:00Z");

describe("ageBand", () => {
  it("counts whole years from the birth date: the day before the 14th birthday is still 12–13", () => {
    expect(ageBand({ birthDate: "2012-11-30" }, now)).toBe("12_13");
    expect(ageBand({ birthDate: "2012-11-29" }, now)).toBe("14_17");
  });
  it("uses the reporter's estimate without a birth date, and says unknown outside 0–17", () => {
    expect(ageBand({ ageYears: 5 }, now)).toBe("0_5");
    expect(ageBand({ ageYears: 6 }, now)).toBe("6_11");
    expect(ageBand({}, now)).toBe("unknown");
    expect(ageBand({ birthDate: "2000-01-01" }, now)).toBe("unknown");
  });
});
