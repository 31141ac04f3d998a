/**
 * The SLA policy's two tables — the rules (accept, close, extend) and the event clocks — with the
 * basis beside each row; the card shows each time, the editor an input in its place.
 */
import { Table, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BasisCell } from "./BasisCell.tsx";
import { rowLabel } from "./sla-labels.ts";
import { basisOf, type SlaField, type SlaRow } from "./sla-rows.ts";

export function SlaTables({
  rows,
  loading,
  cell,
}: {
  readonly rows: readonly SlaRow[];
  readonly loading?: boolean;
  /** What stands in a field's place: its time, or its input. */
  readonly cell: (row: SlaRow, field: SlaField) => ReactNode;
}) {
  const { t } = useTranslation();
  const column = (field: SlaField, title: string) => ({
    title,
    key: field,
    render: (_: unknown, r: SlaRow) => cell(r, field),
  });
  const basis = {
    title: t("admin.basis"),
    key: "basis",
    render: (_: unknown, r: SlaRow) => <BasisCell basis={r.basis} of={basisOf(r)} />,
  };
  const label = (title: string) => ({
    title,
    key: "label",
    render: (_: unknown, r: SlaRow) => rowLabel(r, t),
    width: 240,
  });
  return (
    <>
      <Table<SlaRow>
        size="small"
        rowKey="key"
        pagination={false}
        loading={loading}
        dataSource={rows.filter((r) => r.type === "rule")}
        scroll={{ x: true }}
        columns={[
          label(t("admin.match")),
          column("acceptWithinMs", t("admin.acceptWithin")),
          column("closeWithinMs", t("admin.closeWithin")),
          column("extendableToMs", t("admin.extendableTo")),
          basis,
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 16, margin: "16px 0 8px" }}>
        {t("admin.clocks")}
      </Typography.Title>
      <Table<SlaRow>
        size="small"
        rowKey="key"
        pagination={false}
        loading={loading}
        dataSource={rows.filter((r) => r.type === "clock")}
        scroll={{ x: true }}
        columns={[
          label(t("admin.clock")),
          column("withinMs", t("admin.field.withinMs")),
          column("emergencyWithinMs", t("admin.field.emergencyWithinMs")),
          basis,
        ]}
      />
    </>
  );
}
