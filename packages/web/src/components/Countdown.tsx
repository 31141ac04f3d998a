/**
 * A live countdown to a due time, ticking each second; past the due time it counts how late,
 * in red. The words carry the meaning too, not only the colour.
 */
import { Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDuration } from "./duration.ts";

export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

export function Countdown({ dueAt }: { readonly dueAt: string | null }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!dueAt) return <span>—</span>;
  const left = Date.parse(dueAt) - now;
  if (left < 0) {
    return (
      <Typography.Text strong style={{ color: "#c41d1d" }} data-overdue="true">
        {t("inbox.overdue", { time: formatDuration(-left, t) })}
      </Typography.Text>
    );
  }
  return <span data-overdue="false">{t("inbox.left", { time: formatDuration(left, t) })}</span>;
}
