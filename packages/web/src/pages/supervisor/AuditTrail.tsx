/**
 * A case found by the reference number a caller quotes (or its id), with its audit trail and the
 * server's verification of the hash chain: who did what and when, each event sealing the one
 * before it. A supervisor may break the glass — see the children unmasked for a stated reason,
 * which goes into the trail and shows in it in Chinese.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Grid,
  Input,
  Modal,
  Space,
  Spin,
  Table,
  Typography,
} from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { AuditEvent, CaseView, ChainVerdict, Page } from "../../api/types.ts";
import { hasRole } from "../../auth/session.ts";
import { useSession } from "../../auth/useSession.ts";
import { ActorName, Identifier } from "../../components/Actor.tsx";
import { AuditTimeline } from "../../components/AuditTimeline.tsx";
import { formatDuration, formatTime } from "../../components/duration.ts";
import { problemMessage } from "../../components/problems.ts";

const REFERENCE = /^[A-Za-z]{2,8}-\d{8}-[0-9A-Za-z]{1,16}$/;

function BreakGlass({
  caseId,
  onUnmasked,
}: {
  readonly caseId: string;
  readonly onUnmasked: (c: CaseView) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async () => {
    const v = await form.validateFields().catch(() => undefined);
    if (!v) return;
    setBusy(true);
    try {
      const c = await api.post<CaseView>(`/v1/cases/${encodeURIComponent(caseId)}/unmask`, {
        reason: v.reason.trim(),
      });
      setOpen(false);
      onUnmasked(c);
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button danger onClick={() => setOpen(true)} data-testid="break-glass">
        {t("audit.breakGlass")}
      </Button>
      <Modal
        open={open}
        title={t("audit.breakGlass")}
        okText={t("audit.breakGlassConfirm")}
        cancelText={t("ticket.cancel")}
        okButtonProps={{ danger: true }}
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
      >
        <Typography.Paragraph>{t("audit.breakGlassHelp")}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t("audit.breakGlassReason")}
            rules={[
              { required: true, whitespace: true, message: t("validation.required") },
              { min: 10, message: t("audit.breakGlassTooShort") },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
        {error && <Alert type="error" title={error} role="alert" />}
      </Modal>
    </>
  );
}

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
  const phone = !Grid.useBreakpoint().md;
  const [events, setEvents] = useState<AuditEvent[]>();
  const [verdict, setVerdict] = useState<ChainVerdict>();
  const [error, setError] = useState<string>();
  const [unmasked, setUnmasked] = useState<CaseView>();
  const [kase, setKase] = useState<CaseView>();
  const session = useSession();
  const { message } = App.useApp();

  const find = async (q: string) => {
    const query = q.trim();
    if (!REFERENCE.test(query)) return navigate(`/cases/${encodeURIComponent(query)}/audit`);
    try {
      const found = await api.get<{ caseId: string }>(
        `/v1/cases/by-reference/${encodeURIComponent(query.toUpperCase())}`,
      );
      navigate(`/cases/${encodeURIComponent(found.caseId)}/audit`);
    } catch (e) {
      setError(problemMessage(e, t));
    }
  };

  const load = useCallback(async () => {
    if (!caseId) return;
    setEvents(undefined);
    try {
      const [e, v, k] = await Promise.all([
        allEvents(caseId),
        api.get<ChainVerdict>(`/v1/cases/${encodeURIComponent(caseId)}/audit/verify`),
        api.get<CaseView>(`/v1/cases/${encodeURIComponent(caseId)}`),
      ]);
      setEvents(e);
      setVerdict(v);
      setKase(k);
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
      {/* On a phone the label goes above the box: beside it, the two are wider than the screen. */}
      <Form
        layout={phone ? "vertical" : "inline"}
        initialValues={{ caseId: "" }}
        onFinish={(v: { caseId: string }) => void find(v.caseId)}
      >
        <Form.Item
          name="caseId"
          label={t("audit.caseId")}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input
            style={{ width: 320, maxWidth: "100%" }}
            autoComplete="off"
            placeholder="SGL-20261129-XXXXXX"
            data-testid="case-search"
          />
        </Form.Item>
        <Button htmlType="submit" type="primary">
          {t("audit.lookup")}
        </Button>
      </Form>
      {error && <Alert type="error" title={error} />}
      {kase && (
        <Card
          size="small"
          title={t("audit.caseTitle", { ref: kase.referenceNo })}
          data-testid="case-summary"
          extra={
            hasRole(session, "supervisor") && caseId && !unmasked ? (
              <BreakGlass
                caseId={caseId}
                onUnmasked={(c) => {
                  setUnmasked(c);
                  void message.warning(t("audit.unmaskedNote"));
                  void load();
                }}
              />
            ) : null
          }
        >
          <Typography.Paragraph>
            {kase.categories.map((c) => t(`category.${c}`)).join("；")} ·{" "}
            {kase.townships.join("、")} · {t(`caseStatus.${kase.status}`)}
          </Typography.Paragraph>
          {kase.firstAcceptance && (
            <Typography.Paragraph data-testid="first-acceptance">
              {kase.firstAcceptance.running
                ? t("audit.firstAcceptanceRunning", {
                    time: formatDuration(kase.firstAcceptance.waitedMs, t),
                  })
                : kase.firstAcceptance.at
                  ? t("audit.firstAcceptance", {
                      time: formatDuration(kase.firstAcceptance.waitedMs, t),
                    })
                  : t("audit.firstAcceptanceNone")}
            </Typography.Paragraph>
          )}
          {(unmasked ?? kase).children.map((c, i) => (
            <Typography.Paragraph
              // biome-ignore lint/suspicious/noArrayIndexKey: children have no id of their own
              key={i}
              data-testid="case-child"
            >
              {t("report.child", { n: i + 1 })}：{c.name ?? t("ticket.masked")}
              {c.gender ? ` · ${t(`gender.${c.gender}`)}` : ""}
              {c.township ? ` · ${c.township}` : ""}
            </Typography.Paragraph>
          ))}
          <Space wrap>
            {kase.tickets.map((tk) => (
              <Link key={tk.ticketId} to={`/tickets/${tk.ticketId}`}>
                {t(`agency.${tk.agency}`)}·{t(`kind.${tk.kind}`)}·{t(`ticketStatus.${tk.status}`)}
              </Link>
            ))}
          </Space>
        </Card>
      )}
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
              : t("audit.invalid", { seq: verdict.firstBadSeq ?? "?" })
          }
          description={
            verdict.head ? (
              <>
                {t("audit.head")} <Identifier>{`${verdict.head.slice(0, 16)}…`}</Identifier>
              </>
            ) : undefined
          }
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
                render: (_, e) => <ActorName actor={e.actor} />,
              },
              {
                title: t("audit.action"),
                dataIndex: "action",
                render: (a: string) =>
                  t(`auditAction.${a}`, { defaultValue: t("audit.otherAction") }),
              },
              {
                title: t("audit.hash"),
                dataIndex: "hash",
                render: (h: string) => (
                  <code title={h} translate="no">
                    {h.slice(0, 12)}…
                  </code>
                ),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}
