/**
 * Small pieces the care pages share: a visit clock as a tag (red when overdue), a risk tag, the
 * date a clock is due, and the order a 主任's list takes.
 */
import { Tag } from "antd";
import type { TFunction } from "i18next";
import type { ChildListItem, VisitClock } from "../../api/care.ts";
import { TONE } from "../../components/tones.ts";

const RISK_TONE: Record<string, string> = {
  low: TONE.done,
  medium: TONE.active,
  high: TONE.waiting,
  critical: TONE.danger,
};

const CLOCK_TONE: Record<VisitClock["state"], string> = {
  ok: TONE.neutral,
  due_soon: TONE.waiting,
  overdue: TONE.danger,
};

export function RiskTag({ level, t }: { readonly level: string; readonly t: TFunction }) {
  return <Tag color={RISK_TONE[level] ?? TONE.neutral}>{t(`care.risk.${level}`)}</Tag>;
}

/** "联系 · 2026-12-01 前", or "联系 · 逾期 3 天" in red. */
export function ClockTag({
  clock,
  t,
  testId,
}: {
  readonly clock: VisitClock;
  readonly t: TFunction;
  readonly testId?: string;
}) {
  const label = clock.kind === "contact" ? t("care.contact") : t("care.homeVisit");
  const when =
    clock.state === "overdue"
      ? t("care.overdue", { n: clock.overdueDays })
      : t("care.dueOn", { date: clock.dueOn });
  return (
    <Tag color={CLOCK_TONE[clock.state]} data-testid={testId} data-state={clock.state}>
      {label} · {when}
    </Tag>
  );
}

/** "已不再符合：留守儿童（请更新档案）" when a recorded circumstance has ended with the child's age. */
export function EndedTag({
  ended,
  t,
}: {
  readonly ended: readonly string[];
  readonly t: TFunction;
}) {
  if (ended.length === 0) return null;
  return (
    <Tag color={TONE.waiting} data-testid="circumstance-ended">
      {t("care.ended", { list: ended.map((c) => t(`circumstance.${c}`)).join("、") })}
    </Tag>
  );
}

/** What is due first comes first; among equals, the higher risk. */
const RISK_ORDER = ["critical", "high", "medium", "low"];
export const byWhatIsDue = (a: ChildListItem, b: ChildListItem) =>
  a.nextDueOn.localeCompare(b.nextDueOn) ||
  RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) ||
  a.childId.localeCompare(b.childId);
