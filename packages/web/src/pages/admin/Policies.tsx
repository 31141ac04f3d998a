/**
 * The routing rules and the SLA policy as readable tables. The routing table comes from
 * GET /v1/routing-rules when the API offers it, otherwise the domain's defaults (the same data
 * the router starts from); the SLA policy likewise (SlaPolicyCard.tsx).
 */
import type { AgencyCode } from "@cp/domain/agencies";
import {
  DEFAULT_ROUTING_TABLE,
  type RoutingRule,
  type RoutingTable,
} from "@cp/domain/routing/rules";
import { Alert, Button, Card, Space, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { getOptional } from "../../api/client.ts";
import { hasRole } from "../../auth/session.ts";
import { useSession } from "../../auth/useSession.ts";
import { formatTime } from "../../components/duration.ts";
import { TONE } from "../../components/tones.ts";
import { BasisCell } from "./BasisCell.tsx";
import { RoutingTableEditor } from "./RoutingTableEditor.tsx";
import { SlaPolicyCard } from "./SlaPolicyCard.tsx";

/** GET /v1/routing-rules: the version in force, every version, and their audit verdict. */
interface RoutingRulesAnswer {
  readonly current: {
    readonly version: number;
    readonly effectiveFrom: string;
    readonly changedBy: string;
    readonly note?: string;
    readonly table: RoutingTable;
  };
  readonly versions: readonly unknown[];
  readonly audit: { readonly valid: boolean; readonly events: number };
}

export default function Policies() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [answer, setAnswer] = useState<RoutingRulesAnswer | null>();
  const [editing, setEditing] = useState(false);
  const table = answer === undefined ? undefined : (answer?.current.table ?? DEFAULT_ROUTING_TABLE);
  const fromApi = answer !== null;

  const load = useCallback(() => {
    getOptional<RoutingRulesAnswer>("/v1/routing-rules")
      .then((r) => setAnswer(r?.current?.table ? r : null))
      .catch(() => setAnswer(null));
  }, []);
  useEffect(load, [load]);

  const agency = (a: AgencyCode) => t(`agency.${a}`);
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t("admin.title")}
      </Typography.Title>
      <Card
        size="small"
        title={`${t("admin.routing")} · ${t("admin.routingVersion", { version: answer?.current.version ?? table?.version ?? "" })}`}
      >
        {!fromApi && <Alert type="info" title={t("admin.defaults")} style={{ marginBottom: 12 }} />}
        {answer && (
          <Space wrap style={{ marginBottom: 12 }}>
            <Typography.Text>
              {t("admin.effective", {
                at: formatTime(answer.current.effectiveFrom, i18n.language),
                by: answer.current.changedBy,
              })}
            </Typography.Text>
            <Tag color={answer.audit.valid ? TONE.done : TONE.danger}>
              {answer.audit.valid
                ? t("admin.auditValid", { events: answer.audit.events })
                : t("admin.auditInvalid")}
            </Tag>
            {hasRole(session, "admin") && (
              <Button onClick={() => setEditing(true)} data-testid="edit-routing">
                {t("admin.edit")}
              </Button>
            )}
          </Space>
        )}
        <Table<RoutingRule>
          size="small"
          rowKey="id"
          pagination={false}
          loading={!table}
          dataSource={[...(table?.rules ?? [])]}
          scroll={{ x: true }}
          columns={[
            {
              title: t("admin.category"),
              dataIndex: "category",
              render: (c: string) => t(`category.${c}`),
              width: 280,
            },
            {
              title: t("admin.lead"),
              key: "lead",
              render: (_, r) => (
                <>
                  <Tag color={TONE.active}>{agency(r.lead)}</Tag>
                  {r.leadFallback && (
                    <Typography.Text type="secondary">
                      {t("admin.leadFallback")}：{agency(r.leadFallback)}
                    </Typography.Text>
                  )}
                </>
              ),
            },
            {
              title: t("admin.support"),
              key: "support",
              render: (_, r) => [
                ...(r.conditionalLeads ?? []).map((s) => (
                  <Tag key={`lead-${s.agency}-${s.when}`} color={TONE.active}>
                    {t("admin.lead")}：{agency(s.agency)}
                    {t(`admin.when.${s.when}`)}
                  </Tag>
                )),
                ...r.support.map((s) => (
                  <Tag key={`${s.agency}-${s.when}`}>
                    {agency(s.agency)}
                    {t(`admin.when.${s.when}`)}
                  </Tag>
                )),
              ],
            },
            {
              title: t("admin.oversight"),
              key: "oversight",
              render: (_, r) =>
                r.oversight.length
                  ? r.oversight.map((a) => <Tag key={a}>{agency(a)}</Tag>)
                  : t("admin.none"),
            },
            {
              title: t("admin.basis"),
              key: "basis",
              render: (_, r) => <BasisCell basis={r.basis} />,
            },
          ]}
        />
      </Card>
      {editing && table && (
        <RoutingTableEditor
          table={table}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            load();
          }}
        />
      )}
      <SlaPolicyCard />
    </Space>
  );
}
