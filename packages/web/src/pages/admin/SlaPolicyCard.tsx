/**
 * The SLA policy in force (GET /v1/sla-policy, or the domain's default when the API does not
 * offer it): every rule and event clock with its times, the statutory floor where the law sets
 * one, and its basis (法律规定 with the citation, or 本地政策). Admins open the editor from here.
 */
import { DEFAULT_SLA_POLICY, type SlaPolicy } from "@cp/domain/sla/clocks";
import { Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { PolicyCard, usePolicyAnswer } from "./PolicyCard.tsx";
import { SlaPolicyEditor } from "./SlaPolicyEditor.tsx";
import { SlaTables } from "./SlaTables.tsx";
import { spanLabel } from "./sla-labels.ts";
import { type SlaCell, slaRows } from "./sla-rows.ts";

export function SlaPolicyCard() {
  const { t } = useTranslation();
  const [answer, load] = usePolicyAnswer<SlaPolicy>("/v1/sla-policy");
  const [editing, setEditing] = useState(false);
  const policy = answer === undefined ? undefined : (answer?.current.table ?? DEFAULT_SLA_POLICY);

  const time = (cell: SlaCell | undefined) => {
    if (!cell) return t("admin.none");
    return (
      <Space direction="vertical" size={0}>
        <span>{spanLabel(cell.ms, t)}</span>
        {cell.floor && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("admin.floor", { time: spanLabel(cell.floor.maxMs, t) })}
          </Typography.Text>
        )}
      </Space>
    );
  };

  return (
    <PolicyCard
      title={t("admin.sla")}
      version={policy?.version}
      answer={answer}
      defaultsNote={t("admin.slaDefaults")}
      editLabel={t("admin.slaEdit")}
      editTestId="edit-sla"
      onEdit={() => setEditing(true)}
      testId="sla-policy"
    >
      <SlaTables
        rows={policy ? slaRows(policy) : []}
        loading={!policy}
        cell={(r, f) => time(r.cells.find((c) => c.field === f))}
      />
      {editing && policy && (
        <SlaPolicyEditor
          policy={policy}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            load();
          }}
        />
      )}
    </PolicyCard>
  );
}
