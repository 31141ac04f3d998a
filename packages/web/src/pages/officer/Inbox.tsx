/**
 * An agency's inbox: pending tickets first, then those being handled; within each, the soonest
 * due first, with a live countdown and overdue in red. Refreshes itself every 15 s so a new
 * report shows within the 15-minute police clock.
 */
import { AGENCY_CODES } from "@cp/domain/agencies";
import { Alert, Button, Select, Space, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { Page, Ticket } from "../../api/types.ts";
import { hasRole } from "../../auth/session.ts";
import { useSession } from "../../auth/useSession.ts";
import { Countdown } from "../../components/Countdown.tsx";
import { formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { problemMessage } from "../../components/problems.ts";
import { TICKET_TONE, TONE } from "../../components/tones.ts";

/** The due time that matters now: accepting while pending, closing once accepted. */
export const dueOf = (t: Ticket) => (t.status === "pending" ? t.acceptDueAt : t.closeDueAt);

const byDue = (a: Ticket, b: Ticket) => (dueOf(a) ?? "9999").localeCompare(dueOf(b) ?? "9999");

export default function Inbox() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const supervisor = hasRole(session, "supervisor");
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

  return (
    <>
      <Space style={{ justifyContent: "space-between", width: "100%", flexWrap: "wrap" }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t("inbox.title")}
        </Typography.Title>
        <Space>
          {supervisor ? (
            <Select
              aria-label={t("ticket.toAgency")}
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
      <Table<Ticket>
        style={{ marginTop: 12 }}
        rowKey="ticketId"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <EmptyText>{t("inbox.empty")}</EmptyText> }}
        rowClassName={(r) => (r.overdue ? "cp-overdue" : "")}
        columns={[
          {
            title: t("inbox.ref"),
            dataIndex: "referenceNo",
            render: (ref: string, r) => (
              <Link to={`/tickets/${r.ticketId}`} data-testid="ticket-link">
                {ref}
              </Link>
            ),
          },
          {
            title: t("ticket.status"),
            dataIndex: "status",
            render: (s: Ticket["status"]) => (
              <Tag color={TICKET_TONE[s]}>{t(`ticketStatus.${s}`)}</Tag>
            ),
          },
          { title: t("inbox.kind"), dataIndex: "kind", render: (k: string) => t(`kind.${k}`) },
          {
            title: t("inbox.rule"),
            key: "rule",
            render: (_, r) =>
              t(`category.${r.routingRule.ruleId}`, { defaultValue: r.routingRule.ruleId }),
          },
          {
            title: t("inbox.due"),
            key: "due",
            render: (_, r) => formatTime(dueOf(r), i18n.language),
          },
          {
            title: t("inbox.remaining"),
            key: "remaining",
            render: (_, r) => <Countdown dueAt={dueOf(r)} />,
          },
        ]}
      />
    </>
  );
}
