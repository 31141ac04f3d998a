/**
 * One ticket: its clocks, the case summary (personal fields only as the API serves them to this
 * caller), the case timeline from the audit trail, and the commands the ticket's state allows,
 * with the agency's own measures.
 */
import { HARM_CATEGORIES } from "@cp/domain/categories";
import { Alert, App, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { CaseChild, Ticket, TicketDetail } from "../../api/types.ts";
import { hasRole } from "../../auth/session.ts";
import { useSession } from "../../auth/useSession.ts";
import { AuditTimeline, isPageView } from "../../components/AuditTimeline.tsx";
import { basisOfReason, basisZh } from "../../components/basis.ts";
import { Countdown } from "../../components/Countdown.tsx";
import { formatTime } from "../../components/duration.ts";
import { problemMessage } from "../../components/problems.ts";
import { TICKET_TONE, TONE } from "../../components/tones.ts";
import { type Command, CommandDialog } from "./CommandDialog.tsx";

/** Which commands a ticket in this state offers. */
function commandsFor(ticket: Ticket): Command[] {
  if (ticket.status === "pending") return ["accept", "decline"];
  if (ticket.status === "accepted") return ["measure", "refer", "extend", "close"];
  return [];
}

function ChildCard({ child }: { readonly child: CaseChild }) {
  const { t } = useTranslation();
  const age =
    child.birthDate ??
    (child.ageYears !== undefined ? t("report.ageValue", { n: child.ageYears }) : "—");
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
      <Descriptions.Item label={t("report.childName")}>{child.name ?? "—"}</Descriptions.Item>
      <Descriptions.Item label={t("report.gender")}>
        {child.gender ? t(`gender.${child.gender}`) : "—"}
      </Descriptions.Item>
      <Descriptions.Item label={t("report.birthDate")}>{age}</Descriptions.Item>
      <Descriptions.Item label={t("report.idNumber")}>{child.idNumber ?? "—"}</Descriptions.Item>
      <Descriptions.Item label={t("report.township")}>{child.township ?? "—"}</Descriptions.Item>
      <Descriptions.Item label={t("report.village")}>{child.village ?? "—"}</Descriptions.Item>
      <Descriptions.Item label={t("report.circumstances")} span={3}>
        {(child.circumstances ?? []).map((c) => (
          <Tag key={c}>{t(`circumstance.${c}`)}</Tag>
        ))}
      </Descriptions.Item>
    </Descriptions>
  );
}

export default function TicketPage() {
  const { ticketId = "" } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const [detail, setDetail] = useState<TicketDetail>();
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<Command>();

  const load = useCallback(async () => {
    try {
      const fresh = await api.get<TicketDetail>(`/v1/tickets/${encodeURIComponent(ticketId)}`);
      setDetail(fresh);
      setError(undefined);
      return fresh;
    } catch (e) {
      setError(problemMessage(e, t));
      return undefined;
    }
  }, [ticketId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <Alert type="error" title={error} />;
  if (!detail) return <Spin />;
  const { ticket, case: kase, timeline } = detail;
  const mine = hasRole(session, "officer") && session?.agency === ticket.agency;
  const isCategory = HARM_CATEGORIES.includes(ticket.routingRule.ruleId as never);
  const basis = basisOfReason(ticket.routingRule.reason);
  // A ticket another agency made (a referral or a transfer): its officer made it.
  const handedOver = (["referral", "transfer"] as const).find(
    (r) => r === ticket.routingRule.ruleId,
  );
  const maker = handedOver
    ? timeline.find((e) => e.action === "ticket_created" && e.ticketId === ticket.ticketId)
    : undefined;
  // what the referring agency asked for: the referral event that made this ticket
  const referral = ticket.referredFrom
    ? [...timeline]
        .reverse()
        .find(
          (e) =>
            e.action === "ticket_referred" &&
            (e.details.toAgency === ticket.agency || e.details.createdTicketId === ticket.ticketId),
        )
    : undefined;
  const measuresTaken = timeline
    .filter((e) => e.action === "ticket_action" && e.ticketId === ticket.ticketId)
    .map((e) => String(e.details.type ?? ""))
    .filter(Boolean);
  const pageViews = timeline.filter(isPageView).length;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Link to="/inbox">← {t("nav.inbox")}</Link>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t("ticket.title", { ref: ticket.referenceNo })}{" "}
        <Tag color={TICKET_TONE[ticket.status]} data-testid="ticket-status">
          {t(`ticketStatus.${ticket.status}`)}
        </Tag>
      </Typography.Title>

      <Alert
        type="info"
        data-testid="routing-reason"
        title={
          handedOver
            ? t(`ticket.routedBy.${handedOver}`, {
                from: maker?.actor.agency
                  ? t(`agency.${maker.actor.agency}`)
                  : t("ticket.anotherAgency"),
                agency: t(`agency.${ticket.agency}`),
                kind: t(`kind.${ticket.kind}`),
              })
            : t("ticket.routedBecause", {
                situation: isCategory
                  ? t(`category.${ticket.routingRule.ruleId}`)
                  : t("ticket.dangerRule"),
                agency: t(`agency.${ticket.agency}`),
                kind: t(`kind.${ticket.kind}`),
              })
        }
        description={basis ? t("ticket.basis", { basis: basisZh(basis) }) : undefined}
      />
      {referral && (
        <Alert
          type="warning"
          showIcon
          data-testid="referral-request"
          title={t("ticket.referralFrom", {
            agency: t(`agency.${String(referral.actor.agency ?? ticket.referredFrom)}`),
          })}
          description={
            <>
              <div>
                {t("ticket.request")}：{String(referral.details.request ?? "—")}
              </div>
              <div>
                {t("ticket.reason")}：{String(referral.details.reason ?? "—")}
              </div>
            </>
          }
        />
      )}
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={t("inbox.kind")}>
          {t(`agency.${ticket.agency}`)} · {t(`kind.${ticket.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t("ticket.acceptDue")}>
          {formatTime(ticket.acceptDueAt, i18n.language)}{" "}
          {ticket.status === "pending" && <Countdown dueAt={ticket.acceptDueAt} />}
        </Descriptions.Item>
        <Descriptions.Item label={t("ticket.closeDue")}>
          {formatTime(ticket.closeDueAt, i18n.language)}{" "}
          {ticket.status === "accepted" && <Countdown dueAt={ticket.closeDueAt} />}
        </Descriptions.Item>
        <Descriptions.Item label={t("ticket.caseId")} span={3}>
          <Link to={`/cases/${kase.caseId}/audit`} data-testid="case-id" data-case-id={kase.caseId}>
            {kase.referenceNo}
          </Link>{" "}
          <Tag>{t(`caseStatus.${kase.status}`)}</Tag>
          {kase.immediateDanger && <Tag color={TONE.danger}>{t("inbox.danger")}</Tag>}
        </Descriptions.Item>
      </Descriptions>

      {mine && commandsFor(ticket).length > 0 && (
        <Card size="small" title={t("ticket.actions")}>
          <Space wrap>
            {commandsFor(ticket).map((c) => (
              <Button
                key={c}
                type={c === "accept" || c === "close" ? "primary" : "default"}
                onClick={() => setOpen(c)}
                data-testid={`cmd-${c}`}
              >
                {t(`ticket.${c}`)}
              </Button>
            ))}
          </Space>
        </Card>
      )}

      <Card size="small" title={t("ticket.summary")}>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t("ticket.children")}
          </Typography.Title>
          {kase.childrenMasked && <Alert type="info" title={t("ticket.masked")} />}
          {kase.children.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: children have no id of their own
            <ChildCard key={i} child={c} />
          ))}
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t("ticket.reports")}
          </Typography.Title>
          {kase.reports.map((r) => (
            <Card
              key={r.reportId}
              size="small"
              type="inner"
              title={`${r.referenceNo} · ${formatTime(r.receivedAt, i18n.language)}`}
            >
              <Space wrap style={{ marginBottom: 8 }}>
                {(r.categories ?? []).map((c) => (
                  <Tag key={c}>{t(`category.${c}`)}</Tag>
                ))}
              </Space>
              {r.description && <Typography.Paragraph>{r.description}</Typography.Paragraph>}
              {/* A report of an erased case keeps only its number and time. */}
              {r.reporter && (
                <Typography.Text type="secondary">
                  {t("ticket.reporterInfo")}：{t(`relationship.${r.reporter.relationship}`)}
                  {r.reporter.org ? ` · ${r.reporter.org}` : ""}
                  {r.reporter.phone ? ` · ${r.reporter.phone}` : ""}
                  {r.location ? ` · ${r.location}` : ""}
                </Typography.Text>
              )}
            </Card>
          ))}
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t("ticket.tickets")}
          </Typography.Title>
          <Table<Ticket>
            size="small"
            rowKey="ticketId"
            pagination={false}
            dataSource={[...kase.tickets]}
            scroll={{ x: true }}
            columns={[
              {
                title: t("ticket.agency"),
                dataIndex: "agency",
                render: (a: string) => t(`agency.${a}`),
              },
              { title: t("inbox.kind"), dataIndex: "kind", render: (k: string) => t(`kind.${k}`) },
              {
                title: t("ticket.status"),
                dataIndex: "status",
                render: (s: string) => t(`ticketStatus.${s}`),
              },
              {
                title: t("ticket.acceptDue"),
                dataIndex: "acceptDueAt",
                render: (d: string) => formatTime(d, i18n.language),
              },
            ]}
          />
        </Space>
      </Card>

      <Card size="small" title={t("ticket.timeline")}>
        <AuditTimeline events={timeline.filter((e) => !isPageView(e))} />
        {pageViews > 0 && (
          <Typography.Text type="secondary">
            {t("ticket.pageViews", { n: pageViews })}
          </Typography.Text>
        )}
      </Card>

      {open && (
        <CommandDialog
          command={open}
          ticket={ticket}
          measuresTaken={measuresTaken}
          onCancel={() => setOpen(undefined)}
          onConflict={async () => (await load())?.ticket}
          onDone={() => {
            setOpen(undefined);
            void message.success(t("ticket.done"));
            void load();
          }}
        />
      )}
    </Space>
  );
}
