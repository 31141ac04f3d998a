/**
 * A case's audit trail with the server's verification of its hash chain: who did what and when,
 * each event sealing the one before it.
 */
import { Alert, Button, Card, Form, Input, Space, Spin, Table, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { AuditEvent, ChainVerdict, Page } from "../../api/types.ts";
import { AuditTimeline } from "../../components/AuditTimeline.tsx";
import { formatTime } from "../../components/duration.ts";
import { problemMessage } from "../../components/problems.ts";

async function allEvents(caseId: string): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const q = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = await api.get<Page<AuditEvent>>(
      `/v1/cases/${encodeURIComponent(caseId)}/audit?${q}`,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export default function AuditTrail() {
  const { caseId } = useParams();
  const navigate = useNavigate();
  const { t, i18n } = useTranslation();
  const [events, setEvents] = useState<AuditEvent[]>();
  const [verdict, setVerdict] = useState<ChainVerdict>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    if (!caseId) return;
    setEvents(undefined);
    try {
      const [e, v] = await Promise.all([
        allEvents(caseId),
        api.get<ChainVerdict>(`/v1/cases/${encodeURIComponent(caseId)}/audit/verify`),
      ]);
      setEvents(e);
      setVerdict(v);
      setError(undefined);
    } catch (e) {
      setError(problemMessage(e, t));
    }
  }, [caseId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t("audit.title")}
      </Typography.Title>
      <Form
        layout="inline"
        initialValues={{ caseId }}
        onFinish={(v: { caseId: string }) =>
          navigate(`/cases/${encodeURIComponent(v.caseId.trim())}/audit`)
        }
      >
        <Form.Item
          name="caseId"
          label={t("audit.caseId")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input style={{ width: 320 }} autoComplete="off" />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          {t("audit.lookup")}
        </Button>
      </Form>
      {error && <Alert type="error" title={error} />}
      {caseId && !error && !events && <Spin />}
      {verdict && (
        <Alert
          data-testid="audit-verdict"
          data-valid={String(verdict.valid)}
          type={verdict.valid ? "success" : "error"}
          showIcon
          title={
            verdict.valid
              ? t("audit.valid", { events: verdict.events })
              : t("audit.invalid", { seq: verdict.firstBadSeq ?? verdict.seq ?? "?" })
          }
          description={verdict.head ? `head ${verdict.head.slice(0, 16)}…` : undefined}
        />
      )}
      {events && (
        <>
          <Card size="small" title={t("ticket.timeline")}>
            <AuditTimeline events={events} />
          </Card>
          <Table<AuditEvent>
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={events}
            scroll={{ x: true }}
            columns={[
              { title: t("audit.seq"), dataIndex: "seq" },
              {
                title: t("audit.at"),
                dataIndex: "at",
                render: (a: string) => formatTime(a, i18n.language),
              },
              {
                title: t("audit.actor"),
                key: "actor",
                render: (_, e) =>
                  `${e.actor.sub}${e.actor.agency ? ` (${t(`agency.${e.actor.agency}`)})` : ""}`,
              },
              {
                title: t("audit.action"),
                dataIndex: "action",
                render: (a: string) => t(`auditAction.${a}`, { defaultValue: a }),
              },
              {
                title: t("audit.hash"),
                dataIndex: "hash",
                render: (h: string) => <code title={h}>{h.slice(0, 12)}…</code>,
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
