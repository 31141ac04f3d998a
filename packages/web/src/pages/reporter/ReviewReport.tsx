/**
 * 确认提交: the report as it will be sent, in plain words, before anything is filed. Only the
 * confirm button here files; going back keeps every field as it was.
 */
import { Alert, Button, Descriptions, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { formatTime } from "../../components/duration.ts";
import { Panel } from "../../components/Panel.tsx";
import { Call110 } from "./Call110.tsx";
import type { toReportBody } from "./report-body.ts";

export function ReviewReport({
  body,
  busy,
  error,
  onConfirm,
  onBack,
}: {
  readonly body: ReturnType<typeof toReportBody>;
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onConfirm: () => void;
  readonly onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { incident, children, reporter } = body;
  return (
    <div data-testid="review">
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t("report.reviewTitle")}
      </Typography.Title>
      <Typography.Paragraph>{t("report.reviewLead")}</Typography.Paragraph>
      {incident.immediateDanger && <Call110 detail={t("report.call110Detail")} />}
      <Panel size="small" title={t("report.whatToReport")} style={{ margin: "12px 0" }}>
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {incident.categories.map((c) => (
            <li key={c}>{t(`categoryPlain.${c}`)}</li>
          ))}
        </ul>
        {incident.severity && (
          <>
            <Typography.Paragraph style={{ margin: "8px 0 4px" }}>
              {t("report.severityYes")}
            </Typography.Paragraph>
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="review-severity">
              {Object.keys(incident.severity).map((f) => (
                <li key={f}>{t(`severity.${f}`)}</li>
              ))}
            </ul>
          </>
        )}
      </Panel>
      {children.map((c, i) => (
        <Panel
          // biome-ignore lint/suspicious/noArrayIndexKey: children have no id of their own
          key={i}
          size="small"
          title={t("report.child", { n: i + 1 })}
          style={{ marginBottom: 12 }}
        >
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t("report.childName")}>{c.name ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("report.gender")}>
              {t(`gender.${c.gender ?? "unknown"}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("report.birthDate")}>
              {c.birthDate ??
                (c.ageYears !== undefined ? t("report.ageValue", { n: c.ageYears }) : "—")}
            </Descriptions.Item>
            {c.idNumber && (
              <Descriptions.Item label={t("report.idNumber")}>{c.idNumber}</Descriptions.Item>
            )}
            <Descriptions.Item label={t("report.township")}>
              {[c.township, c.village].filter(Boolean).join(" ")}
            </Descriptions.Item>
            {c.circumstances.length > 0 && (
              <Descriptions.Item label={t("report.circumstances")}>
                {c.circumstances.map((x) => t(`circumstance.${x}`)).join("、")}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Panel>
      ))}
      <Panel size="small" title={t("report.incident")} style={{ marginBottom: 12 }}>
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>
          {incident.description}
        </Typography.Paragraph>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t("report.occurredAt")}>
            {formatTime(incident.occurredAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t("report.location")}>
            {incident.location ?? "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("report.relationship")}>
            {reporter.relationship ? t(`relationship.${reporter.relationship}`) : "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("report.phone")}>{reporter.phone ?? "—"}</Descriptions.Item>
        </Descriptions>
      </Panel>
      {error && <Alert type="error" title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Space direction="vertical" style={{ width: "100%" }}>
        <Button
          type="primary"
          size="large"
          block
          loading={busy}
          onClick={onConfirm}
          data-testid="confirm-submit"
        >
          {busy ? t("report.submitting") : t("report.confirm")}
        </Button>
        <Button size="large" block onClick={onBack} disabled={busy}>
          {t("report.backToEdit")}
        </Button>
      </Space>
    </div>
  );
}
