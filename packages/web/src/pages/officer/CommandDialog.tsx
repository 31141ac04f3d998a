/**
 * The dialogs for a ticket's commands: accept, decline or transfer, record a measure, refer,
 * extend, close. Each checks its body with the API's own schema first, sends it with the
 * ticket's version in If-Match (a stale page gets a 409, not a silent overwrite), and shows
 * the API's field errors in place. On a 409 the dialog stays open with what was typed, the page
 * reloads the ticket, and the dialog says what changed; sending again uses the new version.
 */

import type { AgencyCode } from "@cp/domain/agencies";
import { AGENCY_CODES } from "@cp/domain/agencies";
import {
  AcceptTicketSchema,
  CloseTicketSchema,
  DeclineTicketSchema,
  ReferTicketSchema,
  TicketActionSchema,
} from "@cp/domain/schemas";
import { actionTypesFor, closeOutcomesFor, GENERIC_OUTCOMES } from "@cp/domain/ticket/measures";
import { Alert, DatePicker, Form, Input, Modal, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ZodType } from "zod";
import { api } from "../../api/client.ts";
import type { Ticket } from "../../api/types.ts";
import { formatTime } from "../../components/duration.ts";
import { applyApiError, problemMessage, zodToFields } from "../../components/problems.ts";

export type Command = "accept" | "decline" | "measure" | "refer" | "extend" | "close";

type Values = Record<string, string | Dayjs | undefined>;

interface Spec {
  readonly path: string;
  readonly schema: ZodType;
  readonly body: (v: Values) => Record<string, unknown>;
}

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const instant = (v: unknown) =>
  dayjs.isDayjs(v)
    ? v
        .toDate()
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z")
    : undefined;
const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));

const SPECS: Record<Command, Spec> = {
  accept: {
    path: "accept",
    schema: AcceptTicketSchema,
    body: (v) => compact({ note: text(v.note) }),
  },
  decline: {
    path: "decline",
    schema: DeclineTicketSchema,
    body: (v) => compact({ reason: text(v.reason), suggestAgency: v.suggestAgency }),
  },
  measure: {
    path: "actions",
    schema: TicketActionSchema,
    body: (v) => compact({ type: v.type, note: text(v.note), occurredAt: instant(v.occurredAt) }),
  },
  refer: {
    path: "refer",
    schema: ReferTicketSchema,
    body: (v) =>
      compact({ toAgency: v.toAgency, request: text(v.request), reason: text(v.reason) }),
  },
  extend: {
    path: "actions",
    schema: TicketActionSchema,
    body: (v) => compact({ type: "extend", note: text(v.note), dueAt: instant(v.dueAt) }),
  },
  close: {
    path: "close",
    schema: CloseTicketSchema,
    body: (v) => compact({ outcome: v.outcome, summary: text(v.summary) }),
  },
};

export function CommandDialog({
  command,
  ticket,
  measuresTaken = [],
  onDone,
  onConflict,
  onCancel,
}: {
  readonly command: Command;
  readonly ticket: Ticket;
  /** Measures already recorded on this ticket: offered first as the outcome to close with. */
  readonly measuresTaken?: readonly string[];
  readonly onDone: () => void;
  /** Reload the ticket after a conflict; answers it as it is now. */
  readonly onConflict: () => Promise<Ticket | undefined>;
  readonly onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [conflict, setConflict] = useState<Ticket>();
  const agency = ticket.agency as AgencyCode;
  const spec = SPECS[command];
  const required = [{ required: true, whitespace: true, message: t("validation.required") }];
  const otherAgencies = AGENCY_CODES.filter((c) => c !== agency).map((c) => ({
    value: c,
    label: t(`agency.${c}`),
  }));

  // Close outcomes apart from the measures: the conclusions first, then what this ticket did,
  // then the agency's other measures.
  const option = (m: string) => ({ value: m, label: t(`measure.${m}`, { defaultValue: m }) });
  const generic = new Set<string>(GENERIC_OUTCOMES);
  const taken = closeOutcomesFor(agency).filter((m) => measuresTaken.includes(m));
  const outcomeGroups = [
    { label: t("ticket.outcomeConclusions"), options: [...GENERIC_OUTCOMES].map(option) },
    ...(taken.length > 0 ? [{ label: t("ticket.outcomeTaken"), options: taken.map(option) }] : []),
    {
      label: t("ticket.outcomeOther"),
      options: closeOutcomesFor(agency)
        .filter((m) => !generic.has(m) && !taken.includes(m))
        .map(option),
    },
  ];

  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const body = spec.body(values);
    const checked = spec.schema.safeParse(body);
    if (!checked.success) {
      form.setFields(zodToFields(checked.error, t));
      return;
    }
    if (command === "extend" && ticket.extendableUntil) {
      const due = Date.parse(String(body.dueAt));
      if (!(due > Date.now() && due <= Date.parse(ticket.extendableUntil))) {
        form.setFields([{ name: "dueAt", errors: [t("validation.dueAt")] }]);
        return;
      }
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/v1/tickets/${ticket.ticketId}/${spec.path}`, body, {
        "if-match": String(ticket.version),
      });
      onDone();
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 409 || status === 412) {
        // someone else changed the ticket: keep the text, show the ticket as it is now
        setConflict((await onConflict()) ?? ticket);
        return;
      }
      if (!applyApiError(form, e, t)) setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const title = t(`ticket.${command}`);
  return (
    <Modal
      open
      title={title}
      okText={t("ticket.confirm")}
      cancelText={t("ticket.cancel")}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={busy}
      destroyOnHidden
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="conflict"
          style={{ marginBottom: 12 }}
          title={t("ticket.conflictTitle")}
          description={t("ticket.conflictNow", {
            status: t(`ticketStatus.${conflict.status}`),
            at: formatTime(
              conflict.closedAt ?? conflict.declinedAt ?? conflict.acceptedAt ?? conflict.createdAt,
              i18n.language,
            ),
          })}
        />
      )}
      <Form form={form} layout="vertical" name={`cmd-${command}`} preserve>
        {command === "accept" && (
          <Form.Item name="note" label={t("ticket.note")}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {command === "decline" && (
          <>
            <Form.Item name="reason" label={t("ticket.reason")} rules={required}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="suggestAgency" label={t("ticket.suggestAgency")}>
              <Select allowClear options={otherAgencies} />
            </Form.Item>
          </>
        )}
        {command === "measure" && (
          <>
            <Form.Item name="type" label={t("ticket.measureType")} rules={required}>
              <Select
                options={actionTypesFor(agency)
                  .filter((m) => m !== "extend")
                  .map((m) => ({ value: m, label: t(`measure.${m}`, { defaultValue: m }) }))}
              />
            </Form.Item>
            <Form.Item name="note" label={t("ticket.note")} rules={required}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="occurredAt" label={t("ticket.occurredAt")}>
              <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
          </>
        )}
        {command === "refer" && (
          <>
            <Form.Item name="toAgency" label={t("ticket.toAgency")} rules={required}>
              <Select options={otherAgencies} />
            </Form.Item>
            <Form.Item name="request" label={t("ticket.request")} rules={required}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item name="reason" label={t("ticket.reason")} rules={required}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {command === "extend" &&
          (ticket.extendableUntil && !ticket.extended ? (
            <>
              <Form.Item
                name="dueAt"
                label={t("ticket.dueAt")}
                extra={t("ticket.dueAtHelp", {
                  until: formatTime(ticket.extendableUntil, i18n.language),
                })}
                rules={[{ required: true, message: t("validation.required") }]}
              >
                <DatePicker
                  showTime={{ format: "HH:mm" }}
                  format="YYYY-MM-DD HH:mm"
                  disabledDate={(d) =>
                    d.isBefore(dayjs(), "day") || d.isAfter(dayjs(ticket.extendableUntil))
                  }
                />
              </Form.Item>
              <Form.Item name="note" label={t("ticket.reason")} rules={required}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </>
          ) : (
            <Alert type="info" title={t("ticket.notExtendable")} />
          ))}
        {command === "close" && (
          <>
            <Form.Item name="outcome" label={t("ticket.outcome")} rules={required}>
              <Select options={outcomeGroups} />
            </Form.Item>
            <Form.Item name="summary" label={t("ticket.closeSummary")} rules={required}>
              <Input.TextArea rows={4} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {error && <Alert type="error" title={error} role="alert" />}
      </Form>
    </Modal>
  );
}
