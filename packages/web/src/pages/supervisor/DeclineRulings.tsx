/**
 * The declines awaiting a supervisor's ruling (docs/domain.md, "Declines"), on the supervisor's
 * dashboard beside the overdue tickets: a declined lead ticket of an 意见 Art. 4 case, its ruling
 * due time, and the ruling dialog — 撤销 (back to the same agency) or 维持 (another agency
 * leads), always with a reason. The API decides what may be ruled; the dialog shows its answer
 * at the field it names (e.g. 维持 that would leave the case without a police lead).
 */
import { AGENCY_CODES, type AgencyCode } from "@cp/domain/agencies";
import { DeclineRulingSchema } from "@cp/domain/schemas";
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Table,
  Typography,
} from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, getOptional } from "../../api/client.ts";
import type { Ticket } from "../../api/types.ts";
import { formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { applyApiError, problemMessage, zodToFields } from "../../components/problems.ts";

export interface AwaitingRuling {
  readonly ticket: Ticket;
  readonly rulingDueAt: string;
  readonly upholdAllowed: boolean;
}

export function DeclineRulings() {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<readonly AwaitingRuling[] | null>();
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<AwaitingRuling>();

  const load = useCallback(async () => {
    try {
      const page = await getOptional<{ items: AwaitingRuling[] }>("/v1/tickets/awaiting-ruling");
      setItems(page ? page.items : null);
      setError(undefined);
    } catch (e) {
      setError(problemMessage(e, t));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const now = new Date().toISOString();
  return (
    <Card size="small" title={t("ruling.title")} data-testid="decline-rulings">
      <Typography.Paragraph type="secondary">{t("ruling.hint")}</Typography.Paragraph>
      {error && <Alert type="error" title={error} />}
      {items === null ? (
        <Empty description={t("dashboard.noMetrics")} />
      ) : (
        <Table<AwaitingRuling>
          size="small"
          rowKey={(r) => r.ticket.ticketId}
          pagination={false}
          dataSource={[...(items ?? [])]}
          locale={{ emptyText: <EmptyText>{t("ruling.none")}</EmptyText> }}
          scroll={{ x: true }}
          columns={[
            {
              title: t("inbox.ref"),
              key: "ref",
              render: (_, r) => (
                <Link to={`/cases/${r.ticket.caseId}/audit`}>{r.ticket.referenceNo}</Link>
              ),
            },
            {
              title: t("ticket.agency"),
              key: "agency",
              render: (_, r) => t(`agency.${r.ticket.agency}`),
            },
            {
              title: t("ruling.declinedAt"),
              key: "declinedAt",
              render: (_, r) => formatTime(r.ticket.declinedAt, i18n.language),
            },
            {
              title: t("ruling.dueAt"),
              key: "dueAt",
              render: (_, r) =>
                r.rulingDueAt < now ? (
                  <Typography.Text strong style={{ color: "#c41d1d" }}>
                    {formatTime(r.rulingDueAt, i18n.language)} · {t("ruling.overdue")}
                  </Typography.Text>
                ) : (
                  formatTime(r.rulingDueAt, i18n.language)
                ),
            },
            {
              title: t("ruling.rule"),
              key: "rule",
              render: (_, r) => (
                <Button
                  size="small"
                  type="primary"
                  data-testid={`rule-${r.ticket.ticketId}`}
                  onClick={() => setOpen(r)}
                >
                  {t("ruling.rule")}
                </Button>
              ),
            },
          ]}
        />
      )}
      {open && (
        <RulingDialog
          item={open}
          onCancel={() => setOpen(undefined)}
          onDone={() => {
            setOpen(undefined);
            void load();
          }}
        />
      )}
    </Card>
  );
}

type Values = { ruling?: "overturn" | "uphold"; toAgency?: AgencyCode; reason?: string };

function RulingDialog({
  item,
  onDone,
  onCancel,
}: {
  readonly item: AwaitingRuling;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const ruling = Form.useWatch("ruling", form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { ticket } = item;
  const agencies = AGENCY_CODES.filter((c) => c !== ticket.agency).map((c) => ({
    value: c,
    label: t(`agency.${c}`),
  }));

  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const body = {
      ruling: values.ruling,
      reason: values.reason?.trim(),
      ...(values.ruling === "uphold" ? { toAgency: values.toAgency } : {}),
    };
    const checked = DeclineRulingSchema.safeParse(body);
    if (!checked.success) {
      form.setFields(zodToFields(checked.error, t));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/v1/tickets/${ticket.ticketId}/ruling`, checked.data, {
        "if-match": String(ticket.version),
      });
      void message.success(t("ruling.done"));
      onDone();
    } catch (e) {
      // The API's field errors go to their field; anything else (a ticket ruled meanwhile: 409)
      // is said above the form.
      if (!applyApiError(form, e, t)) setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t("validation.required") }];
  return (
    <Modal
      open
      title={t("ruling.dialogTitle", {
        ref: ticket.referenceNo,
        agency: t(`agency.${ticket.agency}`),
      })}
      okText={t("ruling.confirm")}
      cancelText={t("ticket.cancel")}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="decline-ruling" preserve>
        <Form.Item
          name="ruling"
          label={t("ruling.outcome")}
          rules={[{ required: true, message: t("validation.required") }]}
        >
          <Radio.Group>
            <Radio value="overturn">{t("ruling.overturn")}</Radio>
            <Radio value="uphold" disabled={!item.upholdAllowed}>
              {t("ruling.uphold")}
            </Radio>
          </Radio.Group>
        </Form.Item>
        {!item.upholdAllowed && (
          <Typography.Paragraph type="secondary" data-testid="uphold-blocked">
            {t("ruling.upholdBlocked")}
          </Typography.Paragraph>
        )}
        {ruling === "uphold" && (
          <Form.Item name="toAgency" label={t("ruling.toAgency")} rules={required}>
            <Select options={agencies} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t("ruling.reason")} rules={required}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
