/**
 * Recording a visit on the phone: contact or home visit, what was seen, whether the carer can
 * still care (item 2), and a problem found — which can be filed as a mandatory report in the
 * same step, the child's details taken from the file. The visit goes through the phone's outbox
 * (offline/visit-outbox.ts): with no signal it waits there and is sent once on reconnect.
 */
import { HARM_CATEGORIES } from "@cp/domain/categories";
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { VisitBody } from "../../api/care.ts";
import { currentSession } from "../../auth/session.ts";
import { applyApiError, problemMessage } from "../../components/problems.ts";
import { recordVisit, type VisitResult } from "../../offline/visit-outbox.ts";

interface VisitFields {
  kind: VisitBody["kind"];
  channel: VisitBody["channel"];
  notes?: string;
  carerUnableOrUnwilling: boolean;
  problemFound: boolean;
  summary?: string;
  categories?: string[];
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
        <Form.Item name="carerUnableOrUnwilling" valuePropName="checked">
          <Checkbox>{t("care.visit.carerUnable")}</Checkbox>
        </Form.Item>
        <Form.Item name="problemFound" valuePropName="checked">
          <Checkbox>{t("care.visit.problemFound")}</Checkbox>
        </Form.Item>
        {problemFound && (
          <>
            <Form.Item
              name="summary"
              label={t("care.visit.problemSummary")}
              rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item
              name="categories"
              label={t("care.visit.categories")}
              // A validator, not `required`: antd would put aria-required on the group's div.
              rules={[
                {
                  validator: (_, v?: string[]) =>
                    v && v.length > 0
                      ? Promise.resolve()
                      : Promise.reject(new Error(t("validation.categories"))),
                },
              ]}
            >
              <Checkbox.Group style={{ display: "flex", flexDirection: "column", gap: 4 }}>
                {HARM_CATEGORIES.map((c) => (
                  <Checkbox key={c} value={c}>
                    {t(`categoryPlain.${c}`)}
                  </Checkbox>
                ))}
              </Checkbox.Group>
            </Form.Item>
            <Form.Item name="immediateDanger" valuePropName="checked">
              <Checkbox>{t("care.visit.immediateDanger")}</Checkbox>
            </Form.Item>
            <Form.Item name="fileReport" valuePropName="checked">
              <Checkbox>{t("care.visit.fileReport")}</Checkbox>
            </Form.Item>
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
