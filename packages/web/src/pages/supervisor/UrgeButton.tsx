/**
 * 催办 on an overdue row: a confirmation that names the agency, the clock and how late it is,
 * then `POST /v1/tickets/{ticketId}/urge`. The API notifies the agency and writes the urge on the
 * case's audit trail; a ticket urged within the hour, or no longer overdue, answers 409.
 */
import { App, Button, Popconfirm } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client.ts";
import type { OverdueClock, Urge } from "../../api/types.ts";
import { formatDuration } from "../../components/duration.ts";
import { problemMessage } from "../../components/problems.ts";

export function UrgeButton({ overdue }: { readonly overdue: OverdueClock }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const agency = t(`agency.${overdue.agency}`);
  const words = {
    agency,
    clock: t(`clock.${overdue.clock}`, { defaultValue: t("clock.close") }),
    late: formatDuration(overdue.lateMs, t),
  };
  const urge = async () => {
    setSending(true);
    try {
      await api.post<Urge>(`/v1/tickets/${overdue.ticketId}/urge`, {});
      setSent(true);
      void message.success(t("cases.urged", words));
    } catch (e) {
      const conflict = e instanceof ApiError && e.status === 409;
      const tooSoon = conflict && /urged/i.test(e.title);
      void message.error(
        conflict ? t(tooSoon ? "cases.urgeTooSoon" : "cases.urgeNotOverdue") : problemMessage(e, t),
      );
      if (tooSoon) setSent(true);
    } finally {
      setSending(false);
    }
  };
  return (
    <Popconfirm
      title={t("cases.urgeTitle", words)}
      description={<div style={{ maxWidth: 300 }}>{t("cases.urgeBody", words)}</div>}
      okText={t("cases.urgeSend")}
      cancelText={t("ticket.cancel")}
      onConfirm={urge}
    >
      <Button danger size="small" loading={sending} disabled={sent} data-testid="urge">
        {t("cases.urge")}
      </Button>
    </Popconfirm>
  );
}
