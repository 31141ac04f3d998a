/**
 * The 摸底排查 survey import (item 5) for a township's 督导员 or civil affairs: download the
 * template, send a filled sheet (CSV or XLSX). Every row is validated first; a sheet with any
 * rejected row imports nothing, and the page lists each rejected row with its column and why, so
 * the sheet is corrected and sent again. Sending the same sheet again repeats no file.
 */
import { Alert, Button, Card, Space, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { apiUrl } from "../../api/client.ts";
import { currentSession } from "../../auth/session.ts";
import { fieldMessage } from "../../components/problems.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface RejectedRow {
  readonly row: number;
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

type Outcome =
  | { readonly kind: "imported"; readonly rows: number; readonly created: number }
  | { readonly kind: "rejected"; readonly rows: number; readonly rejected: RejectedRow[] }
  | { readonly kind: "failed"; readonly status: number };

const auth = () => ({ authorization: `Bearer ${currentSession()?.token ?? ""}` });

/** The template with the bearer token (a plain link cannot carry it, and it must not go in a URL). */
async function downloadTemplate(format: "xlsx" | "csv") {
  const res = await fetch(apiUrl(`/v1/care/survey-template?format=${format}`), { headers: auth() });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = `survey-template.${format}`;
  a.click();
  URL.revokeObjectURL(url);
}

async function sendSheet(file: File): Promise<Outcome> {
  const isXlsx = file.name.toLowerCase().endsWith(".xlsx");
  let res: Response;
  try {
    res = await fetch(apiUrl("/v1/care/imports"), {
      method: "POST",
      headers: { ...auth(), "content-type": isXlsx ? XLSX : "text/csv" },
      body: await file.arrayBuffer(),
    });
  } catch {
    return { kind: "failed", status: 0 };
  }
  const body = (await res.json().catch(() => ({}))) as {
    rows?: number;
    created?: number;
    rejectedRows?: RejectedRow[];
  };
  if (res.ok) return { kind: "imported", rows: body.rows ?? 0, created: body.created ?? 0 };
  if (res.status === 400 && body.rejectedRows) {
    return { kind: "rejected", rows: body.rows ?? 0, rejected: body.rejectedRows };
  }
  return { kind: "failed", status: res.status };
}

export default function SurveyImport() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const upload = async (file: File) => {
    setBusy(true);
    setOutcome(await sendSheet(file));
    setBusy(false);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%", maxWidth: 960 }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t("care.survey.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("care.survey.lead")}
      </Typography.Paragraph>
      <Space wrap>
        <Button onClick={() => void downloadTemplate("xlsx")}>
          {t("care.survey.templateXlsx")}
        </Button>
        <Button onClick={() => void downloadTemplate("csv")}>{t("care.survey.templateCsv")}</Button>
      </Space>
      <Upload
        accept=".csv,.xlsx"
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button type="primary" size="large" loading={busy} data-testid="survey-upload">
          {t("care.survey.upload")}
        </Button>
      </Upload>
      {outcome?.kind === "imported" && (
        <Alert
          type="success"
          showIcon
          data-testid="survey-imported"
          title={t("care.survey.imported", { rows: outcome.rows, created: outcome.created })}
        />
      )}
      {outcome?.kind === "failed" && (
        <Alert
          type="error"
          showIcon
          title={t(outcome.status === 0 ? "problem.network" : "problem.other")}
        />
      )}
      {outcome?.kind === "rejected" && (
        <Card size="small" title={t("care.survey.rejectedTitle")}>
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="survey-rejected"
            title={t("care.survey.rejected", {
              n: outcome.rejected.length,
              rows: outcome.rows,
            })}
          />
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => `${r.row}-${r.path}`}
            data-testid="rejected-rows"
            dataSource={outcome.rejected.flatMap((r) =>
              r.issues.map((i) => ({ row: r.row, path: i.path, message: i.message })),
            )}
            columns={[
              { title: t("care.survey.row"), dataIndex: "row" },
              { title: t("care.survey.column"), dataIndex: "path" },
              {
                title: t("care.survey.problem"),
                dataIndex: "message",
                // The API's words, said in the reader's language (never as the API wrote them).
                render: (m: string) => fieldMessage([], "", t, m),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
