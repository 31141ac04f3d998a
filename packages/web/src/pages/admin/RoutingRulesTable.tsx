/**
 * The routing table, one row per report category: who leads, who supports (and who leads too
 * under a condition), who oversees, and the basis beside each row. The rules page shows the
 * agencies; the editor puts its pickers in their place.
 */
import type { RoutingRule } from "@cp/domain/routing/rules";
import { Table } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BasisCell } from "./BasisCell.tsx";

export type RoutingColumn = "lead" | "support" | "oversight";

export function RoutingRulesTable({
  rules,
  loading,
  cell,
  testId,
}: {
  readonly rules: readonly RoutingRule[];
  readonly loading?: boolean;
  readonly cell: (rule: RoutingRule, index: number, column: RoutingColumn) => ReactNode;
  readonly testId?: string;
}) {
  const { t } = useTranslation();
  const column = (key: RoutingColumn, title: string) => ({
    title,
    key,
    render: (_: unknown, r: RoutingRule, i: number) => cell(r, i, key),
  });
  return (
    <Table<RoutingRule>
      size="small"
      rowKey="id"
      pagination={false}
      loading={loading}
      dataSource={[...rules]}
      scroll={{ x: true }}
      data-testid={testId}
      columns={[
        {
          title: t("admin.category"),
          dataIndex: "category",
          render: (c: string) => t(`category.${c}`),
          width: 220,
        },
        column("lead", t("admin.lead")),
        column("support", t("admin.support")),
        column("oversight", t("admin.oversight")),
        {
          title: t("admin.basis"),
          key: "basis",
          render: (_, r) => <BasisCell basis={r.basis} of={{ kind: "routing", id: r.id }} />,
        },
      ]}
    />
  );
}
