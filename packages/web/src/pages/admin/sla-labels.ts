/** Chinese labels of the SLA policy's rows and fields, shared by the table and the editor. */
import type { AgencyCode } from "@cp/domain/agencies";
import type { SlaRule } from "@cp/domain/sla/clocks";
import type { TFunction } from "i18next";
import { formatDuration } from "../../components/duration.ts";
import { type SlaRow, splitDuration, UNITS } from "./sla-rows.ts";

/** A policy's time as written: "72小时", "30天", "15分钟"; null is "—". */
export function spanLabel(ms: number | null, t: TFunction): string {
  if (ms === null) return t("admin.none");
  const { n, unit } = splitDuration(ms);
  return n * UNITS[unit] === ms ? t(`duration.${unit}`, { n }) : formatDuration(ms, t);
}

/** What an SLA rule applies to, e.g. "部门：公安；类型：主办；紧急危险". */
function matchLabel(r: SlaRule, t: TFunction): string {
  const m = r.match;
  const agency = (a: AgencyCode) => t(`agency.${a}`);
  const parts = [
    m.agency && t("admin.matchAgency", { v: agency(m.agency) }),
    m.kind && t("admin.matchKind", { v: t(`kind.${m.kind}`) }),
    m.immediateDanger && t("admin.matchDanger"),
    m.categoriesAny &&
      t("admin.matchCategories", {
        v: m.categoriesAny.map((c) => t(`category.${c}`)).join("、"),
      }),
  ].filter(Boolean);
  return parts.length ? parts.join("；") : t("admin.otherwise");
}

/** A row's label: the rule's match, or the event clock's name. */
export const rowLabel = (row: SlaRow, t: TFunction): string =>
  row.type === "rule" ? matchLabel(row.rule, t) : t(`admin.clockName.${row.clock}`);
