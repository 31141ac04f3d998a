/**
 * The local stage's demo users (the OpenAPI document, `/v1/dev/token`), offered on the sign-in
 * page. Only usernames and what they are for: the token itself comes from POST /v1/dev/token.
 */
export const DEMO_USERS = [
  { username: "teacher.li", label: "李老师 · 建塘镇中心小学（报告人）" },
  { username: "director.zhaxi", label: "扎西 · 尼西乡儿童主任（报告人）" },
  { username: "director.dawa", label: "达瓦 · 尼西乡汤满村儿童主任" },
  { username: "supervisor.nixi", label: "尼西乡儿童督导员" },
  { username: "doctor.he", label: "何医生 · 香格里拉市人民医院（报告人）" },
  { username: "officer.police", label: "公安值班员（公安）" },
  { username: "officer.court", label: "法院立案庭（法院）" },
  { username: "officer.procuratorate", label: "检察院未检部（检察院）" },
  { username: "officer.civil", label: "民政局儿童福利股（民政）" },
  { username: "officer.education", label: "教体局（教体）" },
  { username: "supervisor.wang", label: "王主任 · 妇儿工委办（督导）" },
  { username: "admin", label: "系统管理员" },
] as const;
