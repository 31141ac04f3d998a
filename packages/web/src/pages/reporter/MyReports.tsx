/**
 * The reporter's own reports: what waits on the device, and the status of what was filed.
 * Nothing about the child's handling beyond that status (../shared/api-contract.md, Reports).
 */
import { Alert, Button, List, Space, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { Page, ReportStatus } from "../../api/types.ts";
import { useSession } from "../../auth/useSession.ts";
import { formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { problemMessage } from "../../components/problems.ts";
import { REPORT_TONE } from "../../components/tones.ts";
import {
  flushOutbox,
  onOutboxChange,
  type QueuedReport,
  queuedReports,
} from "../../offline/outbox.ts";

export default function MyReports() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [reports, setReports] = useState<readonly ReportStatus[]>([]);
  const [queued, setQueued] = useState<readonly QueuedReport[]>([]);
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    if (!session) return;
    setQueued(await queuedReports(session.sub));
    try {
      const page = await api.get<Page<ReportStatus>>("/v1/reports?mine=true&limit=100");
      setReports(page.items);
      setError(undefined);
    } catch (e) {
      setError(problemMessage(e, t));
    }
  }, [session, t]);

  useEffect(() => {
    void load();
    return onOutboxChange(() => void load());
  }, [load]);

  return (
    <div className="cp-narrow">
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t("myReports.title")}
      </Typography.Title>
      {error && <Alert type="warning" title={error} style={{ marginBottom: 12 }} />}
      {queued.length > 0 && (
        <List
          header={<strong>{t("myReports.pending")}</strong>}
          bordered
          style={{ marginBottom: 16 }}
          dataSource={[...queued]}
          data-testid="queued-list"
          renderItem={(q) => (
            <List.Item
              extra={
                session && navigator.onLine ? (
                  <Button size="small" onClick={() => void flushOutbox(session.sub, session.token)}>
                    {t("myReports.sendNow")}
                  </Button>
                ) : null
              }
            >
              <Space direction="vertical" size={0}>
                <Tag>{t("reportStatus.queued")}</Tag>
                <span>{formatTime(q.createdAt, i18n.language)}</span>
              </Space>
            </List.Item>
          )}
        />
      )}
      <List
        bordered
        dataSource={[...reports]}
        locale={{ emptyText: <EmptyText>{t("myReports.empty")}</EmptyText> }}
        data-testid="report-list"
        renderItem={(r) => (
          <List.Item>
            <Space direction="vertical" size={0} style={{ width: "100%" }}>
              <Space style={{ justifyContent: "space-between", width: "100%" }}>
                <strong>{r.referenceNo}</strong>
                <Tag color={REPORT_TONE[r.status]}>{t(`reportStatus.${r.status}`)}</Tag>
              </Space>
              <Typography.Text type="secondary">
                {t("myReports.receivedAt")}：{formatTime(r.receivedAt, i18n.language)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
