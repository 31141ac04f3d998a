/**
 * The supervisor's dashboard: response times by agency (p50/p90 to accept and to close), SLA
 * met vs breached, the weekly trend, the declines awaiting a ruling, the overdue list, and the
 * half-yearly progress report.
 */

import { durationUnit, inUnit, STATUS_FIGURES } from "@cp/domain/sla/statuses";
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
import type { TFunction } from "i18next";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { CaseListRow, Page, ResponseTimeRow, ResponseTimes } from "../../api/types.ts";
import { Chart } from "../../components/Chart.tsx";
import { formatDuration, formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { problemMessage } from "../../components/problems.ts";
import { DeclineRulings } from "./DeclineRulings.tsx";
import {
  currentPeriod,
  downloadProgressReport,
  periodStart,
  responseTimes,
  type WeekPoint,
  weeklyTrend,
} from "./metrics.ts";
import { UrgeButton } from "./UrgeButton.tsx";

/** The tiles: every status figure but "open", which is pending + in progress beside them. */
const TILES = STATUS_FIGURES.filter((k) => k !== "open");

/** "公安：一半的工单在12分钟内接收，九成在45分钟内接收；一半的工单在2天3小时内办结" */
function plainWords(r: ResponseTimeRow, t: TFunction) {
  if (r.acceptP50Ms === null) return null;
  const d = (ms: number | null) => (ms === null ? "—" : formatDuration(ms, t));
  return (
    t("dashboard.plainAccept", {
      agency: t(`agency.${r.key}`, { defaultValue: r.key }),
      p50: d(r.acceptP50Ms),
      p90: d(r.acceptP90Ms),
    }) + (r.closeP50Ms === null ? "" : t("dashboard.plainClose", { p50: d(r.closeP50Ms) }))
  );
}

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  // The half-year so far: the window of the report the download button gives, so the two agree.
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(periodStart()), dayjs()]);
  const [metrics, setMetrics] = useState<ResponseTimes | null>();
  const [trend, setTrend] = useState<WeekPoint[]>([]);
  const [overdue, setOverdue] = useState<readonly CaseListRow[] | null>();
  const [error, setError] = useState<string>();
  const period = currentPeriod();

  const load = useCallback(async () => {
    try {
      const [m, o] = await Promise.all([
        responseTimes(range[0].toDate(), range[1].toDate()),
        api.get<Page<CaseListRow>>("/v1/cases?overdue=true&limit=100"),
      ]);
      setMetrics(m ?? null);
      setOverdue(o.items);
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
  const total = (k: (typeof TILES)[number]) => rows.reduce((acc, r) => acc + (r[k] ?? 0), 0);
  const durations = ["acceptP50Ms", "acceptP90Ms", "closeP50Ms", "closeP90Ms"] as const;
  const unit = durationUnit(rows.flatMap((r) => durations.map((k) => r[k])));

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
            <Typography.Text type="secondary">{t("dashboard.windowNote")}</Typography.Text>
            <Row gutter={[12, 12]} data-testid="metrics-totals">
              {TILES.map((k) => (
                <Col xs={12} md={8} xl={4} key={k}>
                  <Card size="small">
                    <Statistic
                      title={t(`dashboard.status.${k}`)}
                      value={total(k)}
                      data-testid={`total-${k}`}
                      {...(k === "overdue" && total(k) > 0
                        ? { valueStyle: { color: "#c41d1d" } }
                        : {})}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
            <Row gutter={[12, 12]}>
              <Col xs={24} lg={12}>
                <Card
                  size="small"
                  title={t("dashboard.responseTimes", { unit: t(`dashboard.unit.${unit}`) })}
                >
                  <Chart
                    label={t("dashboard.responseTimes", { unit: t(`dashboard.unit.${unit}`) })}
                    option={{
                      tooltip: { trigger: "axis" },
                      legend: { top: 0 },
                      // Four long legend entries take two lines: the unit's name goes below them.
                      grid: { top: 72, left: 48, right: 16, bottom: 32 },
                      xAxis: { type: "category", data: agencies },
                      yAxis: { type: "value", name: t(`dashboard.unit.${unit}`) },
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
                        data: rows.map((r) => inUnit(r[key], unit)),
                      })),
                    }}
                  />
                  <ul className="cp-plain" data-testid="plain-times">
                    {rows.map((r) => {
                      const words = plainWords(r, t);
                      return words ? <li key={r.key}>{words}</li> : null;
                    })}
                  </ul>
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
                          ["dashboard.status.overdue", "overdue", "open", "#820014"],
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
          <Table<CaseListRow>
            size="small"
            rowKey={(r) => r.overdue?.ticketId ?? r.caseId}
            pagination={false}
            dataSource={[...(overdue ?? [])]}
            locale={{ emptyText: <EmptyText>{t("dashboard.noOverdue")}</EmptyText> }}
            scroll={{ x: true }}
            data-testid="overdue-table"
            columns={[
              {
                title: t("inbox.ref"),
                key: "ref",
                render: (_, r) => <Link to={`/cases/${r.caseId}/audit`}>{r.referenceNo}</Link>,
              },
              {
                title: t("ticket.agency"),
                key: "agency",
                render: (_, r) => t(`agency.${r.overdue?.agency}`),
              },
              {
                title: t("cases.clock"),
                key: "clock",
                render: (_, r) =>
                  t(`clock.${r.overdue?.clock}`, { defaultValue: r.overdue?.clock ?? "—" }),
              },
              {
                title: t("inbox.due"),
                key: "due",
                render: (_, r) => formatTime(r.overdue?.dueAt, i18n.language),
              },
              {
                title: t("dashboard.lateBy"),
                key: "late",
                render: (_, r) => (
                  <Typography.Text strong style={{ color: "#c41d1d" }}>
                    {r.overdue ? formatDuration(r.overdue.lateMs, t) : "—"}
                  </Typography.Text>
                ),
              },
              {
                title: t("cases.ticket"),
                key: "actions",
                render: (_, r) =>
                  r.overdue ? (
                    <Space size={8}>
                      <Link to={`/tickets/${r.overdue.ticketId}`} data-testid="overdue-ticket-link">
                        {t("cases.ticket")}
                      </Link>
                      <UrgeButton overdue={r.overdue} />
                    </Space>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
