/**
 * Small rules with large effects, at their edges: the birth date inside an identity number
 * (GB 11643), the age bands an officer triages by (14: criminal responsibility; 18: adulthood),
 * the law/policy line beside every rule, whose inbox a caller lists, the clock that runs now,
 * and the form of the child fingerprint's source text.
 */
import {
  ageBand,
  basisText,
  type ChildInput,
  childFingerprint,
  ForbiddenError,
  fingerprintSource,
  InvalidInputError,
  identityBirthDate,
  inboxAgencyFor,
  isLate,
  isValidIdentityNumber,
  law,
  policy,
  runningClock,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

describe("identityBirthDate", () => {
  it("reads the eight digits after the area code", () => {
    expect(identityBirthDate("533421201503020013")).toBe("2015-03-02");
    expect(identityBirthDate("533421190001010000")).toBe("1900-01-01");
  });

  it("refuses a year before 1900, a 13th month, a 30 February and a day 0", () => {
    expect(identityBirthDate("533421189912310000")).toBeUndefined();
    expect(identityBirthDate("533421201513020000")).toBeUndefined();
    expect(identityBirthDate("533421201602300000")).toBeUndefined();
    expect(identityBirthDate("533421201603000000")).toBeUndefined();
    expect(identityBirthDate("533421201604310000")).toBeUndefined();
    expect(identityBirthDate("533421201602290000")).toBe("2016-02-29");
  });

  it("is not valid with a nineteenth digit in front, even when the last 18 check out", () => {
    expect(isValidIdentityNumber("0533422015030200075")).toBe(false);
    expect(isValidIdentityNumber("533421201503020013")).toBe(true);
  });
});

describe("ageBand boundaries", () => {
  const now = new Date("2026-11-29T04:00:00Z");

  it("places each age from the reporter's estimate", () => {
    const bands = [0, 5, 6, 11, 12, 13, 14, 17].map((ageYears) => ageBand({ ageYears }, now));
    expect(bands).toEqual(["0_5", "0_5", "6_11", "6_11", "12_13", "12_13", "14_17", "14_17"]);
    expect(ageBand({ ageYears: 18 }, now)).toBe("unknown");
    expect(ageBand({ ageYears: -1 }, now)).toBe("unknown");
  });

  it("counts a birthday later in the month, or in a later month, as not yet had", () => {
    expect(ageBand({ birthDate: "2014-11-30" }, now)).toBe("6_11"); // 11 until tomorrow
    expect(ageBand({ birthDate: "2014-12-01" }, now)).toBe("6_11");
    expect(ageBand({ birthDate: "2014-10-30" }, now)).toBe("12_13");
    expect(ageBand({ birthDate: "2026-11-29" }, now)).toBe("0_5");
    expect(ageBand({ birthDate: "2008-11-29" }, now)).toBe("unknown"); // 18 today
    expect(ageBand({ birthDate: "2008-11-30" }, now)).toBe("14_17");
  });
});

describe("basisText", () => {
  it("says law with its citation, a note in brackets, or local policy with its reason", () => {
    expect(basisText(law("反家暴法 Art. 28"))).toBe("法律规定：反家暴法 Art. 28");
    expect(basisText(law("意见 Art. 8", "15 分钟为政策解读"))).toBe(
      "法律规定：意见 Art. 8（15 分钟为政策解读）",
    );
    expect(basisText(policy("本市规定"))).toBe("本地政策：本市规定");
  });
});

describe("inboxAgencyFor", () => {
  const officer = { sub: "o", name: "o", roles: ["officer" as const], agency: "police" as const };
  const supervisor = { sub: "s", name: "s", roles: ["supervisor" as const] };

  it("gives an officer their own agency's inbox, asked or not", () => {
    expect(inboxAgencyFor(officer, undefined)).toBe("police");
    expect(inboxAgencyFor(officer, "police")).toBe("police");
  });

  it("refuses an officer another agency's inbox", () => {
    expect(() => inboxAgencyFor(officer, "education")).toThrow(ForbiddenError);
    expect(() => inboxAgencyFor(officer, "education")).toThrow(
      "An officer sees only their own agency's tickets.",
    );
  });

  it("gives a supervisor the agency named, and asks them to name one", () => {
    expect(inboxAgencyFor(supervisor, "education")).toBe("education");
    let error: unknown;
    try {
      inboxAgencyFor(supervisor, undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      "A supervisor names the agency whose tickets to list.",
    );
    expect((error as InvalidInputError).issues).toEqual([
      { path: "agency", message: "required for supervisors" },
    ]);
  });
});

describe("runningClock", () => {
  const ticket = {
    acceptDueAt: "2026-05-01T01:00:00.000Z",
    closeDueAt: "2026-05-04T00:00:00.000Z",
  };

  it("runs the accept clock while pending and the close clock once accepted", () => {
    expect(runningClock({ ...ticket, status: "pending" })).toEqual({
      clock: "accept",
      dueAt: ticket.acceptDueAt,
    });
    expect(runningClock({ ...ticket, status: "accepted" })).toEqual({
      clock: "close",
      dueAt: ticket.closeDueAt,
    });
  });

  it("runs no ticket clock when accepted without a close clock, or declined, or closed", () => {
    expect(runningClock({ ...ticket, status: "accepted", closeDueAt: null })).toBeNull();
    expect(runningClock({ ...ticket, status: "declined" })).toBeNull();
    expect(runningClock({ ...ticket, status: "closed" })).toBeNull();
  });

  it("runs an event clock that outlives the ticket, and the earlier of two", () => {
    const expiry = {
      id: "protection_order_expiry_reminder" as const,
      startedAt: "2026-05-01T00:00:00.000Z",
      dueAt: "2026-10-18T00:00:00.000Z",
    };
    expect(runningClock({ ...ticket, status: "closed", clocks: [expiry] })).toEqual({
      clock: "protection_order_expiry_reminder",
      dueAt: "2026-10-18T00:00:00.000Z",
    });
    const stopped = {
      ...expiry,
      dueAt: "2026-04-01T00:00:00.000Z",
      stoppedAt: "2026-04-01T00:00:00.000Z",
    };
    expect(runningClock({ ...ticket, status: "accepted", clocks: [expiry, stopped] })?.clock).toBe(
      "close",
    );
  });

  it("is late only after the due instant, and never without one", () => {
    expect(isLate("2026-05-01T01:00:00.000Z", new Date("2026-05-01T01:00:00.000Z"))).toBe(false);
    expect(isLate("2026-05-01T01:00:00.000Z", new Date("2026-05-01T01:00:00.001Z"))).toBe(true);
    expect(isLate(null, new Date("2099-01-01T00:00:00.000Z"))).toBe(false);
  });
});

describe("the child fingerprint's source text", () => {
  it("is the name in lower case without spaces, the birth date and the township", () => {
    const child = {
      gender: "male",
      name: " Xiao Ming ",
      birthDate: "2015-03-02",
      township: "建塘 镇",
      circumstances: [],
    } as ChildInput;
    expect(fingerprintSource(child)).toBe("nbt:xiaoming|2015-03-02|建塘镇");
    const fp = childFingerprint(child, "k");
    expect(typeof fp).toBe("string");
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
  });
});
