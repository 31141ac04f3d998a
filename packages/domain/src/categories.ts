/** Harm categories a mandatory report names. See docs/domain.md (Categories). */
export const HARM_CATEGORIES = [
  "genital_injury",
  "sexual_abuse",
  "physical_abuse",
  "abnormal_injury_or_death",
  "abandonment",
  "missing_or_trafficked",
  "organised_begging",
  "other_serious_harm",
  "bullying",
  "online_harm",
  "dropout",
  "guardianship_failure",
  "mental_health_crisis",
] as const;

export type HarmCategory = (typeof HARM_CATEGORIES)[number];

interface HarmCategoryInfo {
  readonly code: HarmCategory;
  readonly name: string;
  /** Criminal categories fall back to police when their agency is switched off. */
  readonly criminal: boolean;
  readonly basis: string;
}

export const HARM_CATEGORY_INFO: Readonly<Record<HarmCategory, HarmCategoryInfo>> = {
  genital_injury: {
    code: "genital_injury",
    name: "生殖器官或隐私部位遭受或疑似遭受非正常损伤",
    criminal: true,
    basis: "意见 Art. 4(1)",
  },
  sexual_abuse: {
    code: "sexual_abuse",
    name: "性侵害；不满14周岁怀孕、流产；因性侵害怀孕、流产",
    criminal: true,
    basis: "意见 Art. 4(2)(3); 未保法 Art. 40",
  },
  physical_abuse: {
    code: "physical_abuse",
    name: "多处损伤、严重营养不良、意识不清，疑似家暴、虐待、殴打",
    criminal: true,
    basis: "意见 Art. 4(4); 反家暴法 Arts. 14–17",
  },
  abnormal_injury_or_death: {
    code: "abnormal_injury_or_death",
    name: "自杀、自残、中毒等非正常原因致伤残、死亡（含溺水、坠落）",
    criminal: true,
    basis: "意见 Art. 4(5)",
  },
  abandonment: {
    code: "abandonment",
    name: "遗弃或长期无人照料",
    criminal: true,
    basis: "意见 Art. 4(6); 未保法 Art. 92",
  },
  missing_or_trafficked: {
    code: "missing_or_trafficked",
    name: "来源不明、失踪、被拐卖、收买",
    criminal: true,
    basis: "意见 Art. 4(7)",
  },
  organised_begging: {
    code: "organised_begging",
    name: "被组织乞讨",
    criminal: true,
    basis: "意见 Art. 4(8)",
  },
  other_serious_harm: {
    code: "other_serious_harm",
    name: "其他严重侵害或面临不法侵害危险",
    criminal: true,
    basis: "意见 Art. 4(9)",
  },
  bullying: { code: "bullying", name: "学生欺凌", criminal: false, basis: "未保法 Art. 39" },
  online_harm: {
    code: "online_harm",
    name: "网络欺凌、人肉搜索、侵犯隐私等网络侵害",
    criminal: false,
    basis: "未成年人网络保护条例 Arts. 8, 29, 38",
  },
  dropout: { code: "dropout", name: "辍学", criminal: false, basis: "未保法 Art. 28; 义务教育法" },
  guardianship_failure: {
    code: "guardianship_failure",
    name: "监护缺失、被委托照护人不履行照护职责",
    criminal: false,
    basis: "行动方案 items 1–2; 未保法 Art. 118",
  },
  mental_health_crisis: {
    code: "mental_health_crisis",
    name: "心理、行为异常",
    criminal: false,
    basis: "行动方案 item 16",
  },
};
