/**
 * A case's audit trail as a timeline a person reads: when, who (and for which agency), what,
 * and the measure or reason recorded. Hashes stay in the audit page's table.
 */
import { Timeline, Typography } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { AuditEvent } from "../api/types.ts";
import { ActorName } from "./Actor.tsx";
import { formatTime } from "./duration.ts";

/** The marker the API puts in place of a statement a viewer may not read. */
const WITHHELD = "[withheld]";

/** Reads of a case (who looked, when) belong to the audit page, not to the story of the case. */
export const isPageView = (e: AuditEvent) =>
  e.action === "child_data_viewed" || e.action === "access_denied";

function detailText(e: AuditEvent, t: TFunction): string | undefined {
  const d = e.details ?? {};
  const parts: string[] = [];
  if (typeof d.agency === "string") parts.push(t(`agency.${d.agency}`));
  if (typeof d.kind === "string") parts.push(t(`kind.${d.kind}`));
  if (typeof d.type === "string") parts.push(t(`measure.${d.type}`, { defaultValue: d.type }));
  if (typeof d.outcome === "string")
    parts.push(t(`measure.${d.outcome}`, { defaultValue: d.outcome }));
  // Which clock ran out (an overdue alert, a 催办).
  if (typeof d.clock === "string" && d.clock !== "reporter_feedback")
    parts.push(t(`clock.${d.clock}`, { defaultValue: d.clock }));
  if (typeof d.toAgency === "string") parts.push(`→ ${t(`agency.${d.toAgency}`)}`);
  if (typeof d.suggestAgency === "string") parts.push(`→ ${t(`agency.${d.suggestAgency}`)}`);
  for (const key of ["note", "reason", "summary", "request"] as const) {
    // A supervisor is not shown what others wrote; the API marks it (privacy.ts in the domain).
    if (d[key] === WITHHELD) parts.push(t("audit.withheld"));
    else if (typeof d[key] === "string") parts.push(String(d[key]));
  }
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

export function AuditTimeline({ events }: { readonly events: readonly AuditEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Timeline
      items={events.map((e) => {
        const detail = detailText(e, t);
        return {
          key: e.seq,
          color:
            e.action.startsWith("ticket_closed") || e.action === "case_closed" ? "green" : "blue",
          children: (
            <div data-testid="timeline-event" data-action={e.action}>
              <strong>{t(`auditAction.${e.action}`, { defaultValue: e.action })}</strong>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {formatTime(e.at, i18n.language)} · <ActorName actor={e.actor} />
              </Typography.Text>
              {detail && <div>{detail}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
