/**
 * Measures (action types) each agency may record, each with its basis in law or local policy,
 * and the outcomes a close may name (docs/domain.md, "Measures").
 */
import type { AgencyCode } from "../agencies.ts";
import { type Basis, law, policy } from "../basis.ts";

/** Types every agency may record. `extend` moves a due time (see sla/clocks.ts). */
const COMMON_ACTION_TYPES = ["note", "reporter_feedback", "extend"] as const;

export interface Measure {
  readonly code: string;
  readonly name: string;
  readonly basis: Basis;
}

const m = (code: string, name: string, basis: Basis): Measure => ({ code, name, basis });

export const AGENCY_MEASURE_DETAILS: Readonly<Record<AgencyCode, readonly Measure[]>> = {
  police: [
    m("dispatched", "出警", law("意见 Art. 8")),
    m("admin_case_accepted", "受案", law("意见 Art. 8 (涉嫌违反治安管理的，依法受案审查)")),
    m("criminal_case_filed", "立案", law("意见 Art. 8; 刑事诉讼法 Art. 112")),
    m(
      "not_filed",
      "不予立案",
      law("刑事诉讼法 Arts. 112–113 (通知控告人不立案原因；检察院立案监督)"),
    ),
    m("transferred", "移送", law("意见 Art. 8 (不属于自己管辖的，及时移送)")),
    m("warning_letter", "告诫书", law("反家暴法 Art. 16")),
    m("follow_up_visit", "告诫书后查访", law("反家暴法 Art. 17")),
    m("admonished", "训诫", law("未保法 Art. 118")),
    m("family_education_ordered", "责令接受家庭教育指导", law("未保法 Art. 118")),
    m(
      "public_security_penalty",
      "治安处罚",
      law("治安管理处罚法", "article depends on the conduct"),
    ),
    m("protection_order_applied_on_behalf", "代为申请人身安全保护令", law("反家暴法 Art. 23")),
    m("protection_order_enforcement_assisted", "协助执行人身安全保护令", law("反家暴法 Art. 32")),
    m("child_removed_to_safety", "带离", law("反家暴法 Art. 15")),
    m("medical_assistance", "协助就医", law("反家暴法 Art. 15")),
  ],
  procuratorate: [
    m("filing_supervision", "立案监督", law("刑事诉讼法 Art. 113; 未保法 Art. 105")),
    m(
      "procuratorial_recommendation",
      "检察建议",
      law("人民检察院组织法 Art. 21; 意见 (执行情况的法律监督)", "article of 意见 not cited"),
    ),
    m("recommendation_reply_received", "收到检察建议回复", policy("closes the reply clock")),
    m("support_prosecution", "支持起诉", law("民事诉讼法 支持起诉", "article not cited")),
    m("judicial_aid", "司法救助", policy("国家司法救助 rules; article not cited")),
    m("guardianship_revocation_suggested", "建议撤销监护资格", law("民法典 Art. 36")),
    m(
      "guardianship_order_issued",
      "督促监护令",
      policy("检察机关督促监护令 practice; no statute article cited"),
    ),
    m("public_interest_litigation", "公益诉讼 / 督促起诉", law("未保法 Art. 106")),
    m(
      "family_education_ordered",
      "训诫 / 责令接受家庭教育指导",
      law("家庭教育促进法", "article number to verify"),
    ),
  ],
  court: [
    m(
      "protection_order_application_received",
      "受理人身安全保护令申请",
      law("反家暴法 Arts. 23, 28"),
    ),
    m("protection_order_issued", "作出人身安全保护令", law("反家暴法 Arts. 28–30")),
    m("protection_order_denied", "驳回人身安全保护令申请", law("反家暴法 Art. 28")),
    m(
      "guardianship_revocation_filed",
      "受理撤销监护人资格申请",
      law("民法典 Art. 36; 民事诉讼法 特别程序"),
    ),
    m("guardianship_revoked", "撤销监护人资格", law("民法典 Art. 36")),
    m("guardianship_revocation_dismissed", "驳回撤销监护人资格申请", law("民法典 Art. 36")),
    m("guardianship_restored", "恢复监护人资格", law("民法典 Art. 38")),
    m("guardian_appointed", "指定监护人", law("民法典 Arts. 31, 36")),
    m(
      "family_education_guidance_order",
      "家庭教育指导令",
      law("家庭教育促进法", "article number to verify"),
    ),
    m(
      "judicial_recommendation",
      "司法建议",
      policy("人民法院司法建议 practice; no statute article cited"),
    ),
  ],
  civil_affairs: [
    m("temporary_guardianship", "临时监护", law("未保法 Art. 92")),
    m("kinship_care", "委托亲属抚养", law("未保法 Art. 93")),
    m("foster_care", "家庭寄养", law("未保法 Art. 93")),
    m("shelter_placement", "救助保护机构收留", law("未保法 Art. 93")),
    m("long_term_guardianship", "长期监护", law("未保法 Art. 94")),
    m("returned_to_guardian", "送回监护人", law("未保法 Art. 95")),
    m("assistance_enrolled", "纳入低保/特困/临时救助", policy("行动方案 item 7")),
    m("home_visit", "入户走访", policy("行动方案 item 5")),
    m("guardianship_revocation_applied", "申请撤销监护人资格", law("民法典 Art. 36")),
  ],
  education: [
    m("bullying_stopped", "制止欺凌", law("未保法 Art. 39")),
    m("counselling", "心理辅导", policy("行动方案 item 16")),
    m("returned_to_school", "劝返复学", law("未保法 Art. 28")),
    m("mentoring_pair", "结对帮扶", policy("行动方案 item 8")),
    m("guardians_notified", "通知监护人", law("未保法 Art. 39")),
    m("guardianship_revocation_applied", "申请撤销监护人资格", law("民法典 Art. 36 (学校)")),
  ],
  health: [
    m("treatment", "救治", policy("行动方案 item 16")),
    m("medical_record_kept", "诊疗记录", law("意见 Art. 7 (书写、记录和保存相关病历)")),
    m("psychological_service", "心理服务", policy("行动方案 item 16")),
    m("guardianship_revocation_applied", "申请撤销监护人资格", law("民法典 Art. 36 (医疗机构)")),
  ],
  womens_federation: [
    m("family_education_guidance", "家庭教育指导", policy("行动方案 item 1")),
    m("protection_order_applied", "代为申请人身安全保护令", law("反家暴法 Art. 23")),
    m("guardianship_revocation_applied", "申请撤销监护人资格", law("民法典 Art. 36 (妇女联合会)")),
  ],
  youth_league: [
    m("companionship_service", "童心港湾亲情陪伴", policy("行动方案 items 9, 17")),
    m("volunteer_service", "青年志愿者关爱服务", policy("行动方案 item 9")),
  ],
  cyberspace: [
    m("content_removed", "删除有害信息", law("未成年人网络保护条例", "article not verified")),
    m("platform_ordered", "责令平台处置", law("未成年人网络保护条例", "article not verified")),
  ],
  justice: [m("legal_aid", "法律援助", law("法律援助法", "article not cited"))],
};

export const AGENCY_MEASURES: Readonly<Record<AgencyCode, readonly string[]>> = Object.fromEntries(
  Object.entries(AGENCY_MEASURE_DETAILS).map(([agency, list]) => [agency, list.map((x) => x.code)]),
) as unknown as Record<AgencyCode, readonly string[]>;

/** Outcomes a close may name besides the agency's own measures. */
export const GENERIC_OUTCOMES = ["no_action_needed", "handled_by_other_agency"] as const;

/** Action types an agency may record on one of its tickets. */
export function actionTypesFor(agency: AgencyCode): readonly string[] {
  return [...AGENCY_MEASURES[agency], ...COMMON_ACTION_TYPES];
}

/** Outcomes an agency may close one of its tickets with: its measures or a generic outcome. */
export function closeOutcomesFor(agency: AgencyCode): readonly string[] {
  return [...AGENCY_MEASURES[agency], ...GENERIC_OUTCOMES];
}
