/**
 * The routing rules and the SLA policy as readable tables. The routing table comes from
 * GET /v1/routing-rules when the API offers it, otherwise the domain's defaults (the same data
 * the router starts from); the SLA policy likewise (SlaPolicyCard.tsx).
 */
import type { AgencyCode } from "@cp/domain/agencies";
import { DEFAULT_ROUTING_TABLE, type RoutingTable } from "@cp/domain/routing/rules";
import { Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TONE } from "../../components/tones.ts";
import { PolicyCard, usePolicyAnswer } from "./PolicyCard.tsx";
import { RoutingRulesTable } from "./RoutingRulesTable.tsx";
import { RoutingTableEditor } from "./RoutingTableEditor.tsx";
import { SlaPolicyCard } from "./SlaPolicyCard.tsx";

export default function Policies() {
  const { t } = useTranslation();
  const [answer, load] = usePolicyAnswer<RoutingTable>("/v1/routing-rules");
  const [editing, setEditing] = useState(false);
  const table = answer === undefined ? undefined : (answer?.current.table ?? DEFAULT_ROUTING_TABLE);

  const agency = (a: AgencyCode) => t(`agency.${a}`);
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t("admin.title")}
      </Typography.Title>
      <PolicyCard
        title={t("admin.routing")}
        version={answer?.current.version ?? table?.version}
        answer={answer}
        defaultsNote={t("admin.defaults")}
        editLabel={t("admin.edit")}
        editTestId="edit-routing"
        onEdit={() => setEditing(true)}
      >
        <RoutingRulesTable
          rules={table?.rules ?? []}
          loading={!table}
          cell={(r, _i, column) => {
            if (column === "lead")
              return (
                <>
                  <Tag color={TONE.active}>{agency(r.lead)}</Tag>
                  {r.leadFallback && (
                    <Typography.Text type="secondary">
                      {t("admin.leadFallback")}：{agency(r.leadFallback)}
                    </Typography.Text>
                  )}
                </>
              );
            if (column === "support")
              return [
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
              ];
            return r.oversight.length
              ? r.oversight.map((a) => <Tag key={a}>{agency(a)}</Tag>)
              : t("admin.none");
          }}
        />
      </PolicyCard>
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
