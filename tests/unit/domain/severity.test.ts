/**
 * What the reporter's yes/no answers make of a report (docs/domain.md, "Severity a reporter can
 * state"): serious or suspected crime for bullying (未保法 Art. 39) and guardianship failure
 * (未保法 Art. 118), nothing for other categories; and which children have no carer now.
 */
import { childWithoutCarer, severityOf, severityQuestionsFor } from "@cp/domain";
import { describe, expect, it } from "vitest";

describe("severityOf: bullying", () => {
  it("reads a sexual element, extortion, a weapon or a group as suspected crime", () => {
    expect(severityOf("bullying", { sexualElement: true })).toBe("criminal");
    expect(severityOf("bullying", { extortion: true })).toBe("criminal");
    expect(severityOf("bullying", { weaponOrGroup: true, visibleInjury: true })).toBe("criminal");
  });

  it("reads a visible injury or repetition as serious", () => {
    expect(severityOf("bullying", { visibleInjury: true })).toBe("serious");
    expect(severityOf("bullying", { repeated: true, extortion: false })).toBe("serious");
  });

  it("reads no facts, or facts answered no, as neither", () => {
    expect(severityOf("bullying")).toBe("none");
    expect(severityOf("bullying", { visibleInjury: false, sexualElement: false })).toBe("none");
    // Facts that belong to guardianship failure do not make bullying serious.
    expect(severityOf("bullying", { noCarer: true, guardianHarming: true })).toBe("none");
  });
});

describe("severityOf: guardianship failure", () => {
  it("reads a harming guardian with an injury or a sexual element as suspected crime", () => {
    expect(severityOf("guardianship_failure", { guardianHarming: true, visibleInjury: true })).toBe(
      "criminal",
    );
    expect(severityOf("guardianship_failure", { guardianHarming: true, sexualElement: true })).toBe(
      "criminal",
    );
  });

  it("reads an injury without a harming guardian as no more than what else is said", () => {
    expect(severityOf("guardianship_failure", { visibleInjury: true })).toBe("none");
    expect(severityOf("guardianship_failure", { visibleInjury: true, noCarer: true })).toBe(
      "serious",
    );
  });

  it("reads a harming guardian, or no carer at all, as serious", () => {
    expect(severityOf("guardianship_failure", { guardianHarming: true })).toBe("serious");
    expect(severityOf("guardianship_failure", { noCarer: true })).toBe("serious");
    expect(severityOf("guardianship_failure", {})).toBe("none");
  });
});

describe("severityOf: other categories", () => {
  it("has no threshold: every fact leaves it at none", () => {
    const all = {
      visibleInjury: true,
      sexualElement: true,
      weaponOrGroup: true,
      repeated: true,
      extortion: true,
      noCarer: true,
      guardianHarming: true,
    };
    expect(severityOf("dropout", all)).toBe("none");
    expect(severityOf("physical_abuse", all)).toBe("none");
  });
});

describe("severityQuestionsFor", () => {
  it("asks each question once, in the order first asked, and none for other categories", () => {
    expect(severityQuestionsFor(["dropout"])).toEqual([]);
    expect(severityQuestionsFor([])).toEqual([]);
    expect(severityQuestionsFor(["guardianship_failure", "dropout", "bullying"])).toEqual([
      "guardianHarming",
      "noCarer",
      "visibleInjury",
      "sexualElement",
      "weaponOrGroup",
      "extortion",
      "repeated",
    ]);
  });
});

describe("childWithoutCarer", () => {
  it("is true for abandonment, a missing or trafficked child, and organised begging", () => {
    expect(childWithoutCarer(["abandonment"])).toBe(true);
    expect(childWithoutCarer(["dropout", "missing_or_trafficked"])).toBe(true);
    expect(childWithoutCarer(["organised_begging", "dropout"])).toBe(true);
  });

  it("is true for a guardianship failure only when no adult looks after the child now", () => {
    expect(childWithoutCarer(["guardianship_failure"], { noCarer: true })).toBe(true);
    expect(childWithoutCarer(["guardianship_failure"], { noCarer: false })).toBe(false);
    expect(childWithoutCarer(["guardianship_failure"])).toBe(false);
  });

  it("is false for other categories, even with no carer said", () => {
    expect(childWithoutCarer(["physical_abuse"], { noCarer: true })).toBe(false);
    expect(childWithoutCarer([])).toBe(false);
  });
});
