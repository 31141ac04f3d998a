import { Alert, Button, Card, Form, Input, Radio, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { VisitBody } from "../../api/care.ts";
import { currentSession } from "../../auth/session.ts";
import { CategoriesField, TickField } from "../../components/form-fields.tsx";
import { applyApiError, problemMessage } from "../../components/problems.ts";
import { recordVisit, type VisitResult } from "../../offline/visit-outbox.ts";

interface VisitFields {
  kind: VisitBody["kind"];
  channel: VisitBody["channel"];
  notes?: string;
  carerUnableOrUnwilling: boolean;
  problemFound: boolean;
  summary?: string;
  categories?: NonNullable<NonNullable<VisitBody["problem"]>["categories"]>;
  immediateDanger: boolean;
  fileReport: boolean;
}

export function VisitForm({
  childId,
  onDone,
  onCancel,
}: {
  readonly childId: string;
  readonly onDone: (result: VisitResult) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<VisitFields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const problemFound = Form.useWatch("problemFound", form);
  const kind = Form.useWatch("kind", form);

  const submit = async (v: VisitFields) => {
    const session = currentSession();
    if (!session) return;
    setBusy(true);
    setError(undefined);
    const body: VisitBody = {
      clientVisitId: crypto.randomUUID(),
      kind: v.kind,
      channel: v.kind === "home_visit" ? "in_person" : v.channel,
      occurredAt: new Date().toISOString(),
      ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
      carerUnableOrUnwilling: v.carerUnableOrUnwilling,
      ...(v.problemFound && v.summary
        ? {
            problem: {
              summary: v.summary.trim(),
              categories: v.categories ?? [],
              immediateDanger: v.immediateDanger,
            },
          }
        : {}),
      fileReport: v.problemFound && v.fileReport,
    };
    try {
      onDone(await recordVisit(childId, body, session.sub, session.token));
    } catch (e) {
      if (!applyApiError(form, e, t)) setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t("care.visit.title")} data-testid="visit-form">
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form<VisitFields>
        form={form}
        layout="vertical"
        className="cp-touch"
        onFinish={(v) => void submit(v)}
        initialValues={{
          kind: "home_visit",
          channel: "phone",
          carerUnableOrUnwilling: false,
          problemFound: false,
          immediateDanger: false,
          fileReport: true,
        }}
      >
        <Form.Item name="kind" label={t("care.visit.kind")}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="home_visit">{t("care.visit.home_visit")}</Radio>
              <Radio value="contact">{t("care.visit.contact")}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {kind === "contact" && (
          <Form.Item name="channel" label={t("care.visit.channel")}>
            <Radio.Group>
              <Radio value="phone">{t("care.visit.phone")}</Radio>
              <Radio value="video">{t("care.visit.video")}</Radio>
              <Radio value="in_person">{t("care.visit.in_person")}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        <Form.Item name="notes" label={t("care.visit.notes")} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <TickField name="carerUnableOrUnwilling">{t("care.visit.carerUnable")}</TickField>
        <TickField name="problemFound">{t("care.visit.problemFound")}</TickField>
        {problemFound && (
          <>
            <Form.Item
              name="summary"
              label={t("care.visit.problemSummary")}
              rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
            <CategoriesField name="categories" label={t("care.visit.categories")} />
            <TickField name="immediateDanger">{t("care.visit.immediateDanger")}</TickField>
            <TickField name="fileReport">{t("care.visit.fileReport")}</TickField>
          </>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} size="large">
            {t("care.visit.submit")}
          </Button>
          <Button onClick={onCancel} size="large">
            {t("care.visit.cancel")}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
