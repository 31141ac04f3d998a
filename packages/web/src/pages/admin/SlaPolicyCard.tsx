/**
 * The SLA policy in force (GET /v1/sla-policy, or the domain's default when the API does not
 * offer it): every rule and event clock with its times, the statutory floor where the law sets
 * one, and its basis (法律规定 with the citation, or 本地政策). Admins open the editor from here.
 */
import { DEFAULT_SLA_POLICY, type SlaPolicy } from "@cp/domain/sla/clocks";
import { Alert, Button, Card, Space, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { getOptional } from "../../api/client.ts";
import { hasRole } from "../../auth/session.ts";
import { useSession } from "../../auth/useSession.ts";
import { formatTime } from "../../components/duration.ts";
import { TONE } from "../../components/tones.ts";
import { BasisCell } from "./BasisCell.tsx";
import { SlaPolicyEditor } from "./SlaPolicyEditor.tsx";
import { rowLabel, spanLabel } from "./sla-labels.ts";
import { type SlaCell, type SlaField, type SlaRow, slaRows } from "./sla-rows.ts";

/** GET /v1/sla-policy. */
export interface SlaPolicyAnswer {
  readonly current: {
    readonly version: number;
    readonly effectiveFrom: string;
    readonly changedBy: string;
    readonly note?: string;
    readonly table: SlaPolicy;
  };
  readonly audit: { readonly valid: boolean; readonly events: number };
}

export function SlaPolicyCard() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [answer, setAnswer] = useState<SlaPolicyAnswer | null>();
  const [editing, setEditing] = useState(false);
  const policy = answer === undefined ? undefined : (answer?.current.table ?? DEFAULT_SLA_POLICY);

  const load = useCallback(() => {
    getOptional<SlaPolicyAnswer>("/v1/sla-policy")
      .then((r) => setAnswer(r?.current?.table ? r : null))
      .catch(() => setAnswer(null));
  }, []);
  useEffect(load, [load]);

  const time = (cell: SlaCell | undefined) => {
    if (!cell) return null;
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
  const cellOf = (row: SlaRow, field: SlaField) => row.cells.find((c) => c.field === field);
  const rows = policy ? slaRows(policy) : [];

  return (
    <Card
      size="small"
      title={`${t("admin.sla")} · ${t("admin.routingVersion", { version: policy?.version ?? "" })}`}
      data-testid="sla-policy"
    >
      {answer === null && (
        <Alert type="info" title={t("admin.slaDefaults")} style={{ marginBottom: 12 }} />
      )}
      {answer && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Typography.Text>
            {t("admin.effective", {
              at: formatTime(answer.current.effectiveFrom, i18n.language),
              by: answer.current.changedBy,
            })}
          </Typography.Text>
          {answer.current.note && (
            <Typography.Text type="secondary">{answer.current.note}</Typography.Text>
          )}
          <Tag color={answer.audit.valid ? TONE.done : TONE.danger}>
            {answer.audit.valid
              ? t("admin.auditValid", { events: answer.audit.events })
              : t("admin.auditInvalid")}
          </Tag>
          {hasRole(session, "admin") && (
            <Button onClick={() => setEditing(true)} data-testid="edit-sla">
              {t("admin.slaEdit")}
            </Button>
          )}
        </Space>
      )}
      <Table<SlaRow>
        size="small"
        rowKey="key"
        pagination={false}
        loading={!policy}
        dataSource={rows.filter((r) => r.type === "rule")}
        scroll={{ x: true }}
        columns={[
          { title: t("admin.match"), key: "match", render: (_, r) => rowLabel(r, t), width: 260 },
          {
            title: t("admin.acceptWithin"),
            key: "accept",
            render: (_, r) => time(cellOf(r, "acceptWithinMs")),
          },
          {
            title: t("admin.closeWithin"),
            key: "close",
            render: (_, r) => time(cellOf(r, "closeWithinMs")),
          },
          {
            title: t("admin.extendableTo"),
            key: "extendable",
            render: (_, r) => time(cellOf(r, "extendableToMs")),
          },
          {
            title: t("admin.basis"),
            key: "basis",
            render: (_, r) => <BasisCell basis={r.basis} />,
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 16, margin: "16px 0 8px" }}>
        {t("admin.clocks")}
      </Typography.Title>
      <Table<SlaRow>
        size="small"
        rowKey="key"
        pagination={false}
        loading={!policy}
        dataSource={rows.filter((r) => r.type === "clock")}
        scroll={{ x: true }}
        columns={[
          { title: t("admin.clock"), key: "clock", render: (_, r) => rowLabel(r, t), width: 260 },
          {
            title: t("admin.field.withinMs"),
            key: "within",
            render: (_, r) => time(cellOf(r, "withinMs")),
          },
          {
            title: t("admin.field.emergencyWithinMs"),
            key: "emergency",
            render: (_, r) => time(cellOf(r, "emergencyWithinMs")) ?? t("admin.none"),
          },
          {
            title: t("admin.basis"),
            key: "basis",
            render: (_, r) => <BasisCell basis={r.basis} />,
          },
        ]}
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
    </Card>
  );
}
