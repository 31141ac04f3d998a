/**
 * The API's problem wordings in the reader's language: each wording the domain really produces
 * (the policy checks, the statutory floor, a child's circumstances) is known to the web and said
 * with no English on a Chinese screen, its statute cited the Chinese way.
 */
import { AGENCIES, AGENCY_CODES } from "@cp/domain/agencies";
import { circumstanceIssues } from "@cp/domain/care/circumstances";
import { HARM_CATEGORIES, HARM_CATEGORY_INFO } from "@cp/domain/categories";
import { DAY, HOUR } from "@cp/domain/clock";
import {
  routingFloorViolations,
  StatutoryFloorError,
  slaFloorViolations,
} from "@cp/domain/floor-validation";
import { RoutingTableInputSchema, SlaPolicyInputSchema } from "@cp/domain/policy-inputs";
import { DEFAULT_ROUTING_TABLE } from "@cp/domain/routing/rules";
import { DEFAULT_SLA_POLICY } from "@cp/domain/sla/clocks";
import i18next, { type TFunction } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { apiProblemWords } from "../../packages/web/src/components/api-words.ts";
import { fieldMessage } from "../../packages/web/src/components/problems.ts";
import { bo } from "../../packages/web/src/i18n/bo.ts";
import { en } from "../../packages/web/src/i18n/en.ts";
import { zhCN } from "../../packages/web/src/i18n/zh-CN.ts";

let zh: TFunction;
let english: TFunction;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: "zh-CN",
    fallbackLng: "zh-CN",
    interpolation: { escapeValue: false },
    resources: {
      "zh-CN": {
        translation: {
          ...zhCN,
          agency: Object.fromEntries(AGENCY_CODES.map((c) => [c, AGENCIES[c].name])),
          category: Object.fromEntries(HARM_CATEGORIES.map((c) => [c, HARM_CATEGORY_INFO[c].name])),
        },
      },
      en: { translation: en },
    },
  });
  zh = i18n.getFixedT("zh-CN");
  english = i18n.getFixedT("en");
});

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

/** Every wording the domain gives an administrator's bad routing table or SLA policy. */
function policyWordings(): string[] {
  const rules = DEFAULT_ROUTING_TABLE.rules;
  const [first, second] = rules;
  if (!first || !second) throw new Error("the default table has rules");
  const badTable = {
    rules: [
      {
        ...first,
        support: [...first.support, ...first.support],
        oversight: ["procuratorate", "procuratorate"],
      },
      { ...second, id: first.id, category: first.category },
      ...rules.slice(2),
    ],
    enabledAgencies: ["civil_affairs", "civil_affairs"],
  };
  const floorTable = {
    rules: rules
      .map((r) =>
        r.category === "physical_abuse"
          ? { ...r, lead: "civil_affairs" as const }
          : r.category === "bullying"
            ? { ...r, support: [], conditionalLeads: [] }
            : r,
      )
      .filter((r) => r.category !== "abandonment"),
  };
  const [rule] = DEFAULT_SLA_POLICY.rules;
  if (!rule) throw new Error("the default policy has rules");
  const { version: _, ...policy } = DEFAULT_SLA_POLICY;
  const badPolicy = {
    ...policy,
    rules: [...DEFAULT_SLA_POLICY.rules, { ...rule, id: "twin" }],
    defaultRule: { ...DEFAULT_SLA_POLICY.defaultRule, match: { agency: "police" } },
  };
  const floorPolicy = {
    ...DEFAULT_SLA_POLICY,
    rules: DEFAULT_SLA_POLICY.rules.map((r) =>
      r.match.agency === "police"
        ? { ...r, acceptWithinMs: 2 * HOUR, closeWithinMs: null, extendableToMs: 100 * DAY }
        : r,
    ),
    clocks: {
      ...DEFAULT_SLA_POLICY.clocks,
      protection_order_decision: {
        ...DEFAULT_SLA_POLICY.clocks.protection_order_decision,
        withinMs: 96 * HOUR,
        emergencyWithinMs: 48 * HOUR,
      },
    },
  };
  const floor = [
    ...new StatutoryFloorError(routingFloorViolations(floorTable)).issues,
    ...new StatutoryFloorError(slaFloorViolations(floorPolicy)).issues,
  ].map((i) => i.message);
  return [
    ...messages(RoutingTableInputSchema.safeParse(badTable)),
    ...messages(SlaPolicyInputSchema.safeParse(badPolicy)),
    ...floor,
    "unknown field",
  ];
}

function childWordings(): string[] {
  const today = "2026-06-01";
  return [
    ...circumstanceIssues({ birthDate: "2027-01-01", circumstances: [] }, today),
    ...circumstanceIssues({ birthDate: "2006-01-01", circumstances: ["left_behind"] }, today),
    ...circumstanceIssues(
      {
        birthDate: "2016-01-01",
        circumstances: ["left_behind"],
        leftBehind: { parentsAway: "both", awaySince: "2026-05-01" },
      },
      today,
    ),
  ].map((i) => i.message);
}

describe("the API's problems, said in the reader's language", () => {
  it("knows every wording the policy checks and the statutory floor give", () => {
    const wordings = policyWordings();
    // each kind of problem is there: listed twice, a category twice, none for one, a required
    // agency off, twin conditions, a default with conditions, and the floor's routes and clocks
    expect(wordings.length).toBeGreaterThanOrEqual(14);
    expect(wordings.filter((w) => apiProblemWords(w, zh, "zh-CN") === undefined)).toEqual([]);
    for (const w of wordings) {
      const said = apiProblemWords(w, zh, "zh-CN");
      expect(said, w).toMatch(/\p{Script=Han}/u);
      expect(said, `${w} → ${said}`).not.toMatch(/[A-Za-z]{3,}/);
      expect(apiProblemWords(w, english, "en"), w).toMatch(/[A-Za-z]{3,}/);
    }
  });

  it("says the floor's limit in the editor's units and cites its statute the Chinese way", () => {
    const [clock] = new StatutoryFloorError(
      slaFloorViolations({
        ...DEFAULT_SLA_POLICY,
        clocks: {
          ...DEFAULT_SLA_POLICY.clocks,
          protection_order_decision: {
            withinMs: 96 * HOUR,
            basis: DEFAULT_SLA_POLICY.clocks.protection_order_decision.basis,
          },
        },
      }),
    ).issues;
    expect(apiProblemWords(clock?.message ?? "", zh, "zh-CN")).toBe(
      "低于法定底线：法院对人身安全保护令申请作出裁定最长72小时（反家暴法 第28条 (七十二小时内；情况紧急的，二十四小时内)）",
    );
  });

  it("knows the wordings of a child's circumstances", () => {
    const wordings = childWordings();
    expect(wordings).toHaveLength(4);
    for (const w of wordings) {
      expect(apiProblemWords(w, zh, "zh-CN"), w).not.toMatch(/[A-Za-z]{3,}|undefined/);
    }
    expect(apiProblemWords(wordings[1] ?? "", zh, "zh-CN")).toBe(
      "“留守儿童”只适用于未满16岁的孩子，孩子现在20岁",
    );
  });

  it("leaves a wording it does not know to the caller", () => {
    expect(apiProblemWords("Too small: expected number to be >0", zh, "zh-CN")).toBeUndefined();
  });
});

describe("a field's problem on the screen", () => {
  it("is never the API's English, nor a Chinese rule's words on a Tibetan screen", async () => {
    // the app's own i18next instance, which fieldMessage asks for the language shown
    await i18next.init({
      lng: "zh-CN",
      fallbackLng: "zh-CN",
      interpolation: { escapeValue: false },
      resources: {
        "zh-CN": { translation: zhCN },
        en: { translation: en },
        bo: { translation: bo },
      },
    });
    const chineseRule = "身份证号码格式不正确";
    const idNumber = ["children", 0, "idNumber"];
    expect(fieldMessage(idNumber, "custom", i18next.t, chineseRule)).toBe(chineseRule);
    expect(fieldMessage(["rules", 2, "support", 1], "", i18next.t, "listed twice")).toBe(
      "同一部门在此重复列出",
    );
    expect(fieldMessage(["x"], "", i18next.t, "Too small: expected number to be >0")).toBe(
      zhCN.validation.invalid,
    );
    // the floor's wording names a Chinese statute inside English words: still the API's wording
    const floor = "protection_order_decision may run at most 72 h (反家暴法 Art. 28)";
    expect(fieldMessage(["clocks", "x", "withinMs"], "", i18next.t, floor)).toBe(
      "低于法定底线：法院对人身安全保护令申请作出裁定最长72小时（反家暴法 第28条）",
    );
    await i18next.changeLanguage("bo");
    expect(fieldMessage(idNumber, "custom", i18next.t, chineseRule)).toBe(bo.validation?.idNumber);
    await i18next.changeLanguage("en");
    expect(fieldMessage(idNumber, "custom", i18next.t, chineseRule)).toBe(en.validation.idNumber);
    expect(fieldMessage(["rules", 2, "support", 1], "", i18next.t, "listed twice")).toBe(
      en.problem.api.listedTwice,
    );
  });
});
