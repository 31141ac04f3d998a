/**
 * A live countdown to a due time, ticking each second; amber once half the clock's time is gone,
 * past the due time it counts how late, in red. The words carry the meaning too, not only the colour.
 */
import { Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { URGENCY_COLOUR, urgency } from "./clock.ts";
import { formatDuration } from "./duration.ts";

function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

export function Countdown({
  dueAt,
  startedAt,
}: {
  readonly dueAt: string | null;
  /** When the clock started: with it, the countdown turns amber at half the time. */
  readonly startedAt?: string;
}) {
  const { t } = useTranslation();
  const now = useNow();
  if (!dueAt) return <span>—</span>;
  const left = Date.parse(dueAt) - now;
  if (left < 0) {
    return (
      <Typography.Text strong style={{ color: URGENCY_COLOUR.late }} data-overdue="true">
        {t("inbox.overdue", { time: formatDuration(-left, t) })}
      </Typography.Text>
    );
  }
  const half =
    startedAt !== undefined && urgency({ kind: "accept", startedAt, dueAt }, now) === "half";
  return (
    <span
      data-overdue="false"
      data-urgency={half ? "half" : "ok"}
      style={half ? { color: URGENCY_COLOUR.half, fontWeight: 600 } : undefined}
    >
      {t(half ? "inbox.leftHalf" : "inbox.left", { time: formatDuration(left, t) })}
    </span>
  );
}
