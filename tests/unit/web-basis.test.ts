import { describe, expect, it } from "vitest";
import { basisOfReason, basisZh } from "../../packages/web/src/components/basis.ts";

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
