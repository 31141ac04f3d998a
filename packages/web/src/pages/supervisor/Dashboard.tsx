/**
 * The supervisor's dashboard: response times by agency (p50/p90 to accept and to close), SLA
 * met vs breached, the weekly trend, the declines awaiting a ruling, the overdue list, and the
 * half-yearly progress report.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Space,
  Statistic,
  Table,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { OverdueItem, ResponseTimes } from "../../api/types.ts";
import { Chart } from "../../components/Chart.tsx";
import { formatDuration, formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { problemMessage } from "../../components/problems.ts";
import { DeclineRulings } from "./DeclineRulings.tsx";
import {
  currentPeriod,
  downloadProgressReport,
  hours,
  overdueTickets,
  responseTimes,
  type WeekPoint,
  weeklyTrend,
} from "./metrics.ts";

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(89, "day"), dayjs()]);
  const [metrics, setMetrics] = useState<ResponseTimes | null>();
  const [trend, setTrend] = useState<WeekPoint[]>([]);
  const [overdue, setOverdue] = useState<readonly OverdueItem[] | null>();
  const [error, setError] = useState<string>();
  const period = currentPeriod();

  const load = useCallback(async () => {
    try {
      const [m, o] = await Promise.all([
        responseTimes(range[0].toDate(), range[1].toDate()),
        overdueTickets(),
      ]);
      setMetrics(m ?? null);
      setOverdue(o ? o.items : null);
      setError(undefined);
      // The trend takes eight windows: it follows, so the totals show at once.
      if (m) setTrend(await weeklyTrend(8));
    } catch (e) {
      setError(problemMessage(e, t));
    }
  }, [range, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const rows = metrics?.rows ?? [];
  const agencies = rows.map((r) => t(`agency.${r.key}`, { defaultValue: r.key }));
  const total = (k: "tickets" | "accepted" | "closed" | "overdue") =>
    rows.reduce((acc, r) => acc + (r[k] ?? 0), 0);

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%", flexWrap: "wrap" }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t("dashboard.title")}
        </Typography.Title>
        <Space wrap>
          <DatePicker.RangePicker
            aria-label={t("dashboard.window")}
            value={range}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            allowClear={false}
          />
          <Button
            onClick={async () => {
              if (!(await downloadProgressReport(period)))
                void message.info(t("dashboard.noMetrics"));
            }}
          >
            {t("dashboard.download", { period })}
          </Button>
        </Space>
      </Space>
      {error && <Alert type="error" title={error} />}

      {metrics === null ? (
        <Card>
          <Empty description={t("dashboard.noMetrics")} data-testid="metrics-empty" />
        </Card>
      ) : (
        metrics && (
          <>
            <Row gutter={[12, 12]} data-testid="metrics-totals">
              {(["tickets", "accepted", "closed", "overdue"] as const).map((k) => (
                <Col xs={12} md={6} key={k}>
                  <Card size="small">
                    <Statistic
                      title={
                        k === "tickets"
                          ? t("dashboard.tickets")
                          : t(k === "overdue" ? "dashboard.overdueTitle" : `ticketStatus.${k}`)
                      }
                      value={total(k)}
                      data-testid={`total-${k}`}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
            <Row gutter={[12, 12]}>
              <Col xs={24} lg={12}>
                <Card size="small" title={t("dashboard.responseTimes")}>
                  <Chart
                    label={t("dashboard.responseTimes")}
                    option={{
                      tooltip: { trigger: "axis" },
                      legend: { top: 0 },
                      grid: { top: 40, left: 48, right: 16, bottom: 32 },
                      xAxis: { type: "category", data: agencies },
                      yAxis: { type: "value", name: "h" },
                      series: (
                        [
                          ["dashboard.acceptP50", "acceptP50Ms"],
                          ["dashboard.acceptP90", "acceptP90Ms"],
                          ["dashboard.closeP50", "closeP50Ms"],
                          ["dashboard.closeP90", "closeP90Ms"],
                        ] as const
                      ).map(([name, key]) => ({
                        name: t(name),
                        type: "bar",
                        data: rows.map((r) => hours(r[key])),
                      })),
                    }}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t("dashboard.sla")}>
                  <Chart
                    label={t("dashboard.sla")}
                    option={{
                      tooltip: { trigger: "axis" },
                      legend: { top: 0 },
                      grid: { top: 40, left: 48, right: 16, bottom: 32 },
                      xAxis: { type: "category", data: agencies },
                      yAxis: { type: "value" },
                      series: (
                        [
                          ["dashboard.acceptMet", "acceptSlaMet", "accept", "#389e0d"],
                          ["dashboard.acceptBreached", "acceptSlaBreached", "accept", "#cf1322"],
                          ["dashboard.closeMet", "closeSlaMet", "close", "#95de64"],
                          ["dashboard.closeBreached", "closeSlaBreached", "close", "#ff7875"],
                        ] as const
                      ).map(([name, key, stack, color]) => ({
                        name: t(name),
                        type: "bar",
                        stack,
                        itemStyle: { color },
                        data: rows.map((r) => r[key]),
                      })),
                    }}
                  />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title={t("dashboard.trend")}>
                  <Chart
                    label={t("dashboard.trend")}
                    height={260}
                    option={{
                      tooltip: { trigger: "axis" },
                      legend: { top: 0 },
                      grid: { top: 40, left: 48, right: 16, bottom: 32 },
                      xAxis: { type: "category", data: trend.map((w) => w.weekStart) },
                      yAxis: { type: "value" },
                      series: (
                        [
                          ["dashboard.tickets", "tickets"],
                          ["dashboard.acceptMet", "acceptSlaMet"],
                          ["dashboard.acceptBreached", "acceptSlaBreached"],
                          ["dashboard.closeBreached", "closeSlaBreached"],
                        ] as const
                      ).map(([name, key]) => ({
                        name: t(name),
                        type: "line",
                        data: trend.map((w) => w[key]),
                      })),
                    }}
                  />
                </Card>
              </Col>
            </Row>
          </>
        )
      )}

      <DeclineRulings />

      <Card size="small" title={t("dashboard.overdueTitle")}>
        {overdue === null ? (
          <Empty description={t("dashboard.noMetrics")} />
        ) : (
          <Table<OverdueItem>
            size="small"
            rowKey="ticketId"
            pagination={false}
            dataSource={[...(overdue ?? [])]}
            locale={{ emptyText: <EmptyText>{t("dashboard.noOverdue")}</EmptyText> }}
            scroll={{ x: true }}
            columns={[
              {
                title: t("inbox.ref"),
                key: "ref",
                render: (_, r) => (
                  <Link to={`/cases/${r.caseId}/audit`}>{r.referenceNo ?? r.caseId}</Link>
                ),
              },
              {
                title: t("ticket.agency"),
                dataIndex: "agency",
                render: (a: string) => t(`agency.${a}`),
              },
              {
                title: t("inbox.kind"),
                dataIndex: "kind",
                render: (k?: string) => (k ? t(`kind.${k}`) : "—"),
              },
              {
                title: t("inbox.due"),
                dataIndex: "dueAt",
                render: (d?: string) => formatTime(d, i18n.language),
              },
              {
                title: t("dashboard.lateBy"),
                dataIndex: "lateMs",
                render: (ms?: number) => (
                  <Typography.Text strong style={{ color: "#c41d1d" }}>
                    {ms === undefined ? "—" : formatDuration(ms, t)}
                  </Typography.Text>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
