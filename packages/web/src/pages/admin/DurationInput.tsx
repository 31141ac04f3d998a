/** A duration as a number and a unit (分钟 / 小时 / 天), in milliseconds to and from the form. */
import { InputNumber, Select, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type DurationUnit, splitDuration, UNITS } from "./sla-rows.ts";

export function DurationInput({
  value,
  onChange,
  label,
  invalid,
}: {
  readonly value: number;
  readonly onChange: (ms: number) => void;
  /** The accessible name, e.g. "公安主办 · 接收时限". */
  readonly label: string;
  readonly invalid?: boolean;
}) {
  const { t } = useTranslation();
  const [unit, setUnit] = useState<DurationUnit>(() => splitDuration(value).unit);
  const n = Math.round((value / UNITS[unit]) * 100) / 100;
  return (
    <Space.Compact>
      <InputNumber
        aria-label={label}
        min={1}
        max={unit === "m" ? 527_040 : unit === "h" ? 8_784 : 366}
        precision={0}
        value={n}
        status={invalid ? "error" : undefined}
        onChange={(v) => {
          if (typeof v === "number" && v > 0) onChange(v * UNITS[unit]);
        }}
        style={{ width: 90 }}
      />
      <Select<DurationUnit>
        aria-label={t("admin.unitOf", { what: label })}
        value={unit}
        onChange={(u) => {
          // The number stays, the unit changes: 72 小时 → 72 天, as the user reads it.
          setUnit(u);
          onChange(Math.max(1, Math.round(n)) * UNITS[u]);
        }}
        options={(["m", "h", "d"] as const).map((u) => ({ value: u, label: t(`admin.unit.${u}`) }))}
        style={{ width: 80 }}
      />
    </Space.Compact>
  );
}
