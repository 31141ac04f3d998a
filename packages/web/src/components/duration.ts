/** Durations as people read them: the two largest units ("2天3小时", "14分钟5秒"). */
import type { TFunction } from "i18next";

const UNITS = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
] as const;

export function formatDuration(ms: number, t: TFunction): string {
  let rest = Math.max(0, Math.floor(Math.abs(ms) / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (parts.length > 0 && parts.length < 2)) parts.push(t(`duration.${unit}`, { n }));
    if (parts.length === 2) break;
  }
  return parts.length > 0 ? parts.join("") : t("duration.s", { n: 0 });
}

/** A local date and time in the user's language, e.g. 2026/11/28 08:00. */
export function formatTime(iso: string | null | undefined, language: string): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(language, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}
