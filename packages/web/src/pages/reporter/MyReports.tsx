/**
 * The reporter's own reports: what waits on the device, and the status of what was filed, each
 * with the child's initial, the township and the situations so the reporter can tell them apart.
 * Those details come from the phone's own sealed receipts, never from the API, which tells a
 * reporter only the status of their own report. With no signal, the last statuses are shown.
 */
import { Alert, Button, ConfigProvider, List, Space, Tag, Typography } from "antd";
import type { TFunction } from "i18next";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.ts";
import type { Page, ReportStatus } from "../../api/types.ts";
import { useSession } from "../../auth/useSession.ts";
import { formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { problemMessage } from "../../components/problems.ts";
import { REPORT_TONE, TONE } from "../../components/tones.ts";
import { TOUCH_THEME } from "../../components/touch.ts";
import {
  flushOutbox,
  onOutboxChange,
  type QueuedReport,
  queuedReports,
} from "../../offline/outbox.ts";
import {
  keepStatuses,
  lastStatuses,
  type Receipt,
  type ReportSummary,
  receipts,
} from "../../offline/receipts.ts";

function SummaryLine({ s, t }: { readonly s: ReportSummary | undefined; readonly t: TFunction }) {
  if (!s) return null;
  return (
    <Typography.Text>
      {s.initial ? t("myReports.child", { initial: s.initial }) : t("myReports.noChild")}
      {s.township ? ` · ${s.township}` : ""}
      {s.categories.length > 0
        ? ` · ${s.categories.map((c) => t(`category.${c}`)).join("、")}`
        : ""}
      {s.immediateDanger && (
        <Tag color={TONE.danger} style={{ marginInlineStart: 8 }}>
          {t("inbox.danger")}
        </Tag>
      )}
    </Typography.Text>
  );
}

export default function MyReports() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [reports, setReports] = useState<readonly ReportStatus[]>([]);
  const [mine, setMine] = useState<ReadonlyMap<string, Receipt>>(new Map());
  const [queued, setQueued] = useState<readonly QueuedReport[]>([]);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    if (!session) return;
    const owner = session.sub;
    const [q, r] = await Promise.all([queuedReports(owner), receipts(owner)]);
    setQueued(q);
    setMine(new Map(r.map((x) => [x.referenceNo, x])));
    try {
      const page = await api.get<Page<ReportStatus>>("/v1/reports?mine=true&limit=100");
      setReports(page.items);
      setStale(false);
      setError(undefined);
      await keepStatuses(owner, page.items);
    } catch (e) {
      const last = await lastStatuses(owner);
      // receipts of reports sent since the last list, so nothing sent is missing offline
      const known = new Set(last.map((x) => x.referenceNo));
      const extra = r
        .filter((x) => !known.has(x.referenceNo))
        .map((x) => ({
          reportId: x.reportId,
          referenceNo: x.referenceNo,
          receivedAt: x.receivedAt,
          status: "received" as const,
        }));
      setReports([...extra, ...last].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)));
      setStale(true);
      setError(navigator.onLine ? problemMessage(e, t) : undefined);
    }
  }, [session, t]);

  useEffect(() => {
    void load();
    window.addEventListener("online", load);
    const off = onOutboxChange(() => void load());
    return () => {
      off();
      window.removeEventListener("online", load);
    };
  }, [load]);

  return (
    <ConfigProvider theme={TOUCH_THEME}>
      <div className="cp-narrow cp-touch">
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t("myReports.title")}
        </Typography.Title>
        {error && <Alert type="warning" title={error} style={{ marginBottom: 12 }} />}
        {stale && (
          <Alert
            type="info"
            title={t("myReports.offlineList")}
            style={{ marginBottom: 12 }}
            data-testid="stale-list"
          />
        )}
        {queued.length > 0 && (
          <List
            header={<strong>{t("myReports.pending")}</strong>}
            bordered
            style={{ marginBottom: 16 }}
            dataSource={[...queued]}
            data-testid="queued-list"
            renderItem={(q) => (
              <List.Item>
                <Space direction="vertical" size={4} style={{ width: "100%" }}>
                  <Space style={{ justifyContent: "space-between", width: "100%" }}>
                    <Tag>{t("reportStatus.queued")}</Tag>
                    <span>{formatTime(q.createdAt, i18n.language)}</span>
                  </Space>
                  <SummaryLine s={q} t={t} />
                  {session && navigator.onLine && (
                    <Button block onClick={() => void flushOutbox(session.sub, session.token)}>
                      {t("myReports.sendNow")}
                    </Button>
                  )}
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
              <Space direction="vertical" size={2} style={{ width: "100%" }}>
                <Space style={{ justifyContent: "space-between", width: "100%" }}>
                  <strong>{r.referenceNo}</strong>
                  <Tag color={REPORT_TONE[r.status]}>{t(`reportStatus.${r.status}`)}</Tag>
                </Space>
                <SummaryLine s={mine.get(r.referenceNo)} t={t} />
                <Typography.Text type="secondary">
                  {t("myReports.receivedAt")}：{formatTime(r.receivedAt, i18n.language)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </div>
    </ConfigProvider>
  );
}
