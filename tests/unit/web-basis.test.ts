import { type Basis, law, policy } from "@cp/domain/basis";
import { CLOCK_IDS } from "@cp/domain/clock-ids";
import { DEFAULT_ROUTING_TABLE } from "@cp/domain/routing/rules";
import { DEFAULT_SLA_POLICY } from "@cp/domain/sla/clocks";
import { describe, expect, it } from "vitest";
import { basisOfReason, basisZh } from "../../packages/web/src/components/basis.ts";
import { bo } from "../../packages/web/src/i18n/bo.ts";
import { en } from "../../packages/web/src/i18n/en.ts";
import { zhCN } from "../../packages/web/src/i18n/zh-CN.ts";
import { type BasisOf, basisNoteKey } from "../../packages/web/src/pages/admin/basis-notes.ts";

describe("legal bases in Chinese", () => {
  it("cites articles and items the Chinese way", () => {
    expect(basisZh("意见 Art. 4(4); 反家暴法 Arts. 14–17")).toBe(
      "意见 第4条第(4)项；反家暴法 第14–17条",
    );
    expect(basisZh("未成年人网络保护条例 Arts. 8, 29, 38")).toBe(
      "未成年人网络保护条例 第8、29、38条",
    );
    expect(basisZh("行动方案 items 1–2; 未保法 Art. 118")).toBe("行动方案 第1–2项；未保法 第118条");
  });
  it("takes the basis out of a routing reason", () => {
    expect(basisOfReason("physical_abuse → police lead; 意见 Art. 4(4)")).toBe("意见 Art. 4(4)");
    expect(basisOfReason("no basis")).toBeUndefined();
  });
});

/** Every default basis, with what it belongs to. */
const DEFAULT_BASES: readonly [BasisOf, Basis][] = [
  ...DEFAULT_ROUTING_TABLE.rules.map((r): [BasisOf, Basis] => [
    { kind: "routing", id: r.id },
    r.basis,
  ]),
  ...[...DEFAULT_SLA_POLICY.rules, DEFAULT_SLA_POLICY.defaultRule].map((r): [BasisOf, Basis] => [
    { kind: "sla", id: r.id },
    r.basis,
  ]),
  ...CLOCK_IDS.map((id): [BasisOf, Basis] => [
    { kind: "clock", id },
    DEFAULT_SLA_POLICY.clocks[id].basis,
  ]),
];

const lookUp = (catalogue: object, key: string): unknown =>
  key.split(".").reduce<unknown>((at, k) => (at as Record<string, unknown>)?.[k], catalogue);

describe("the bases of the default rules and clocks, on a Chinese or Tibetan screen", () => {
  it("cite every statute with no English word left", () => {
    const citations = DEFAULT_BASES.flatMap(([, b]) => (b.source === "law" ? [b.citation] : []));
    expect(citations.length).toBeGreaterThan(10);
    expect(citations.map(basisZh).filter((c) => /[A-Za-z]{3,}/.test(c))).toEqual([]);
  });

  it("say every note in Chinese, Tibetan and English through the catalogue", () => {
    const notes = DEFAULT_BASES.filter(([, b]) => b.note);
    expect(notes.length).toBeGreaterThan(15);
    for (const [of, basis] of notes) {
      const key = basisNoteKey(of, basis);
      expect(key, `${of.kind} ${of.id}`).toBe(`basisNote.${of.kind}.${of.id}`);
      const [said, bod, english] = [zhCN, bo, en].map((c) => lookUp(c, key ?? ""));
      expect(said, key).toMatch(/\p{Script=Han}/u);
      expect(said, key).not.toMatch(/[A-Za-z]{3,}/);
      expect(bod, key).toMatch(/\p{Script=Tibetan}/u);
      expect(bod, key).not.toMatch(/[A-Za-z]{3,}|\p{Script=Han}/u);
      expect(english, key).toMatch(/[A-Za-z]{3,}/);
    }
  });

  it("shows a note the administrator wrote otherwise as written", () => {
    expect(basisNoteKey({ kind: "sla", id: "support" }, policy("县里定的：12小时内接收"))).toBe(
      undefined,
    );
    expect(basisNoteKey({ kind: "routing", id: "no_such_rule" }, policy("x"))).toBe(undefined);
    expect(
      basisNoteKey({ kind: "clock", id: "protection_order_decision" }, law("反家暴法 Art. 28")),
    ).toBe(undefined);
  });
});
