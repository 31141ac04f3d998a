import type { AgencyCode, Identity } from "@cp/domain";

/** An agency's officer, who may also file a report like any worker. */
const officer = (sub: string, name: string, agency: AgencyCode): Identity => ({
  sub,
  name,
  roles: ["officer", "reporter"],
  agency,
});

/** The demo users (README, Demo users), seeded in the local stack. */
export const DEMO_USERS: readonly Identity[] = [
  { sub: "teacher.li", name: "李老师", roles: ["reporter"], org: "建塘镇中心小学" },
  { sub: "director.zhaxi", name: "扎西", roles: ["reporter"], org: "尼西乡 儿童主任" },
  { sub: "doctor.he", name: "何医生", roles: ["reporter"], org: "香格里拉市人民医院" },
  officer("officer.police", "公安值班员", "police"),
  officer("officer.court", "法院立案庭", "court"),
  officer("officer.procuratorate", "检察院未检部", "procuratorate"),
  officer("officer.civil", "民政局儿童福利股", "civil_affairs"),
  officer("officer.education", "教体局", "education"),
  {
    sub: "director.dawa",
    name: "达瓦（汤满村儿童主任）",
    roles: ["child_director", "reporter"],
    township: "尼西乡",
    village: "汤满村",
  },
  {
    sub: "supervisor.nixi",
    name: "尼西乡儿童督导员",
    roles: ["child_supervisor"],
    township: "尼西乡",
  },
  { sub: "supervisor.wang", name: "王主任（妇儿工委办）", roles: ["supervisor"] },
  { sub: "admin", name: "系统管理员", roles: ["admin"] },
];
