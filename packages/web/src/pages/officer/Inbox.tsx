/**
 * An agency's inbox: pending tickets first, then those being handled; within each, the soonest
 * due first. Each row says whether the child is in danger now, the township, the age band, the
 * situation, which clock runs (接收 or 办结) and how long is left — amber at half the time, red
 * when late. Cards on a phone, a table on a desk. Refreshes itself every 15 s so a new report
 * shows well within the 15-minute police clock.
 */
import { AGENCY_CODES } from "@cp/domain/agencies";
import { Alert, Button, Grid, Select, Space, Table, Tag, Typography } from "antd";
import type { TFunction } from "i18next";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { Page, Ticket } from "../../api/types.ts";
import { hasRole } from "../../auth/session.ts";
import { useSession } from "../../auth/useSession.ts";
import { CardList } from "../../components/CardList.tsx";
import { Countdown } from "../../components/Countdown.tsx";
import { runningClock } from "../../components/clock.ts";
import { formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { problemMessage } from "../../components/problems.ts";
import { TICKET_TONE, TONE } from "../../components/tones.ts";

/** The due time that matters now: accepting while pending, closing once accepted. */
const dueOf = (t: Ticket) => (t.status === "pending" ? t.acceptDueAt : t.closeDueAt);

const byDue = (a: Ticket, b: Ticket) => (dueOf(a) ?? "9999").localeCompare(dueOf(b) ?? "9999");

function DangerTag({ r, t }: { readonly r: Ticket; readonly t: TFunction }) {
  return r.triage?.immediateDanger ? (
    <Tag color={TONE.danger} data-testid="danger-flag">
      {t("inbox.danger")}
    </Tag>
  ) : null;
}

const situation = (r: Ticket, t: TFunction) =>
  (r.triage?.categories.length ? r.triage.categories : [r.routingRule.ruleId])
    .map((c) => t(`category.${c}`, { defaultValue: t("inbox.otherSituation") }))
    .join("；");

const ages = (r: Ticket, t: TFunction) =>
  (r.triage?.ageBands ?? []).map((b) => t(`ageBand.${b}`)).join("、") || "—";

const townships = (r: Ticket) => (r.triage?.townships ?? []).join("、") || "—";

function ClockCell({ r, t }: { readonly r: Ticket; readonly t: TFunction }) {
  const clock = runningClock(r);
  if (!clock) return <span>—</span>;
  return (
    <Space direction="vertical" size={0}>
      <Typography.Text type="secondary">{t(`clock.${clock.kind}`)}</Typography.Text>
      <Countdown dueAt={clock.dueAt} startedAt={clock.startedAt} />
    </Space>
  );
}

export default function Inbox() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const supervisor = hasRole(session, "supervisor");
  const phone = !Grid.useBreakpoint().md;
  const [agency, setAgency] = useState<string>("police");
  const [rows, setRows] = useState<Ticket[]>([]);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    const scope = supervisor ? `&agency=${agency}` : "";
    try {
      const [pending, accepted] = await Promise.all(
        ["pending", "accepted"].map((s) =>
          api.get<Page<Ticket>>(`/v1/tickets?status=${s}&limit=100${scope}`),
        ),
      );
      setRows([
        ...[...(pending?.items ?? [])].sort(byDue),
        ...[...(accepted?.items ?? [])].sort(byDue),
      ]);
      setError(undefined);
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setLoading(false);
    }
  }, [agency, supervisor, t]);

  useEffect(() => {
    void load();
    const id = window.setInterval(() => void load(), 15_000);
    return () => window.clearInterval(id);
  }, [load]);

  const agencyName = t(`agency.${session?.agency ?? agency}`);
  const status = (r: Ticket) => (
    <Tag color={TICKET_TONE[r.status]}>{t(`ticketStatus.${r.status}`)}</Tag>
  );

  return (
    <>
      <Space style={{ justifyContent: "space-between", width: "100%", flexWrap: "wrap" }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t("inbox.title")}
        </Typography.Title>
        <Space wrap>
          {supervisor ? (
            <Select
              aria-label={t("ticket.agency")}
              value={agency}
              onChange={setAgency}
              options={AGENCY_CODES.map((c) => ({ value: c, label: t(`agency.${c}`) }))}
            />
          ) : (
            <Tag color={TONE.active}>{t("inbox.agency", { agency: agencyName })}</Tag>
          )}
          <Button onClick={() => void load()}>{t("inbox.refresh")}</Button>
        </Space>
      </Space>
      {error && <Alert type="error" title={error} style={{ margin: "12px 0" }} />}
      {phone ? (
        <CardList
          style={{ marginTop: 12 }}
          loading={loading}
          rows={rows}
          testId="inbox-cards"
          empty={t("inbox.empty")}
          card={(r) => ({
            title: (
              <Link to={`/tickets/${r.ticketId}`} data-testid="ticket-link">
                {r.referenceNo}
              </Link>
            ),
            extra: status(r),
            overdue: r.overdue,
            body: (
              <>
                <div>
                  <DangerTag r={r} t={t} />
                  {situation(r, t)}
                </div>
                <Typography.Text type="secondary">
                  {townships(r)} · {ages(r, t)} · {t(`kind.${r.kind}`)}
                </Typography.Text>
                <ClockCell r={r} t={t} />
              </>
            ),
          })}
        />
      ) : (
        <Table<Ticket>
          style={{ marginTop: 12 }}
          rowKey="ticketId"
          loading={loading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: <EmptyText>{t("inbox.empty")}</EmptyText> }}
          rowClassName={(r) => (r.overdue ? "cp-overdue" : "")}
          columns={[
            {
              title: t("inbox.ref"),
              dataIndex: "referenceNo",
              render: (ref: string, r) => (
                <Space direction="vertical" size={0}>
                  <Link to={`/tickets/${r.ticketId}`} data-testid="ticket-link">
                    {ref}
                  </Link>
                  <DangerTag r={r} t={t} />
                </Space>
              ),
            },
            { title: t("ticket.status"), dataIndex: "status", render: (_, r) => status(r) },
            { title: t("inbox.situation"), key: "situation", render: (_, r) => situation(r, t) },
            { title: t("report.township"), key: "township", render: (_, r) => townships(r) },
            { title: t("inbox.age"), key: "age", render: (_, r) => ages(r, t) },
            { title: t("inbox.kind"), dataIndex: "kind", render: (k: string) => t(`kind.${k}`) },
            {
              title: t("inbox.due"),
              key: "due",
              render: (_, r) => formatTime(dueOf(r), i18n.language),
            },
            {
              title: t("inbox.remaining"),
              key: "remaining",
              render: (_, r) => <ClockCell r={r} t={t} />,
            },
          ]}
        />
      )}
    </>
  );
}
