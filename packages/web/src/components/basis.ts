/**
 * Legal bases as the rules write them ("意见 Art. 4(4); 反家暴法 Arts. 14–17") in the way a
 * Chinese reader cites them ("意见 第4条第(4)项；反家暴法 第14–17条"; "3 / 7 / 30 days" as
 * "3 / 7 / 30日").
 */
export function basisZh(basis: string): string {
  return basis
    .replace(
      /Arts?\.\s*([\d–-]+(?:,\s*\d+)*)((?:\(\d+\))*)/g,
      (_, nums: string, items: string) =>
        `第${nums.replace(/,\s*/g, "、")}条${items ? `第${items}项` : ""}`,
    )
    .replace(/\bitems?\s+([\d–-]+)/g, "第$1项")
    .replace(/(\d+(?:\s*\/\s*\d+)*)\s+days\b/g, "$1日")
    .replace(/;\s*/g, "；");
}

/** The basis part of a routing reason ("physical_abuse → police lead; 意见 Art. 4(4)"). */
export function basisOfReason(reason: string): string | undefined {
  const i = reason.indexOf(";");
  return i >= 0 ? reason.slice(i + 1).trim() : undefined;
}
