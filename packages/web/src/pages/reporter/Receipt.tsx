/**
 * After 确认提交: the receipt with the reference number, or — with no signal — the queued
 * screen, which turns into the receipt by itself once the outbox has sent the report. A report
 * about a child in danger keeps the 110 reminder on both.
 */
import { Button, Result, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { FiledReport } from "../../api/types.ts";
import { Call110 } from "./Call110.tsx";

export type ReceiptState =
  | { readonly state: "filed"; readonly filed: FiledReport; readonly immediateDanger: boolean }
  | { readonly state: "queued"; readonly key: string; readonly immediateDanger: boolean };

export function Receipt({
  result,
  onAnother,
}: {
  readonly result: ReceiptState;
  readonly onAnother: () => void;
}) {
  const { t } = useTranslation();
  const extra = (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Link to="/my-reports" className="ant-btn ant-btn-default ant-btn-block cp-link-button">
        {t("nav.myReports")}
      </Link>
      <Button block onClick={onAnother}>
        {t("report.another")}
      </Button>
    </Space>
  );
  return (
    <>
      {result.immediateDanger && <Call110 detail={t("report.call110After")} />}
      {result.state === "filed" ? (
        <Result
          status="success"
          title={<span data-testid="receipt">{t("report.filedTitle")}</span>}
          subTitle={
            <>
              <Typography.Title level={2} style={{ fontSize: 22 }} data-testid="reference-no">
                {t("report.filedRef", { ref: result.filed.referenceNo })}
              </Typography.Title>
              <Typography.Paragraph>{t("report.filedHelp")}</Typography.Paragraph>
            </>
          }
          extra={extra}
        />
      ) : (
        <Result
          status="info"
          title={<span data-testid="queued">{t("report.queuedTitle")}</span>}
          subTitle={t("report.queuedHelp")}
          extra={extra}
        />
      )}
    </>
  );
}
