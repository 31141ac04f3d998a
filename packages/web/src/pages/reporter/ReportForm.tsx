/**
 * The mandatory report form, mobile-first. It explains in plain words which situations must be
 * reported, validates with the API's own schema, keeps the report on the device before sending
 * (so no signal is no problem), and puts "call 110" first when the child is in danger now.
 */

import { HARM_CATEGORIES } from "@cp/domain/categories";
import { CHILD_CIRCUMSTANCES, REPORTER_RELATIONSHIPS } from "@cp/domain/schemas";
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Space,
  Switch,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client.ts";
import { currentSession } from "../../auth/session.ts";
import { applyApiError, problemMessage, zodToFields } from "../../components/problems.ts";
import { type SubmitResult, submitReport } from "../../offline/outbox.ts";
import { type ReportFormValues, toReportBody, validateReport } from "./report-body.ts";

const EMPTY_CHILD = { gender: "unknown", circumstances: [] };

export default function ReportForm() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReportFormValues>();
  const danger = Form.useWatch(["incident", "immediateDanger"], form);
  const [result, setResult] = useState<SubmitResult>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: ReportFormValues) => {
    setError(undefined);
    const body = toReportBody(values);
    const checked = validateReport(body);
    if (!checked.success) {
      form.setFields(zodToFields(checked.error, t));
      setError(t("report.invalid"));
      return;
    }
    const session = currentSession();
    if (!session) return;
    setBusy(true);
    try {
      setResult(await submitReport(body, session.sub, session.token));
    } catch (e) {
      if (!applyApiError(form, e, t) || !(e instanceof ApiError)) setError(problemMessage(e, t));
      else setError(t("report.invalid"));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    const again = () => {
      form.resetFields();
      setResult(undefined);
    };
    return (
      <div className="cp-narrow">
        {result.state === "filed" ? (
          <Result
            status="success"
            title={t("report.filedTitle")}
            subTitle={
              <>
                <Typography.Title level={2} style={{ fontSize: 22 }} data-testid="reference-no">
                  {t("report.filedRef", { ref: result.filed.referenceNo })}
                </Typography.Title>
                <Typography.Paragraph>{t("report.filedHelp")}</Typography.Paragraph>
                {result.filed.linkedToExistingCase && (
                  <Typography.Paragraph>{t("report.linked")}</Typography.Paragraph>
                )}
              </>
            }
            extra={[
              <Button key="again" onClick={again}>
                {t("report.another")}
              </Button>,
              <Link key="mine" to="/my-reports">
                {t("nav.myReports")}
              </Link>,
            ]}
          />
        ) : (
          <Result
            status="info"
            title={<span data-testid="queued">{t("report.queuedTitle")}</span>}
            subTitle={t("report.queuedHelp")}
            extra={[
              <Button key="again" onClick={again}>
                {t("report.another")}
              </Button>,
              <Link key="mine" to="/my-reports">
                {t("nav.myReports")}
              </Link>,
            ]}
          />
        )}
      </div>
    );
  }

  return (
    <div className="cp-narrow">
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t("report.title")}
      </Typography.Title>
      <Typography.Paragraph>{t("report.lead")}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onFinishFailed={() => setError(t("report.invalid"))}
        initialValues={{
          children: [EMPTY_CHILD],
          incident: { immediateDanger: false, categories: [] },
        }}
        scrollToFirstError
        requiredMark
      >
        <Card size="small" title={t("report.dangerTitle")} style={{ marginBottom: 12 }}>
          <Form.Item
            name={["incident", "immediateDanger"]}
            label={t("report.immediateDanger")}
            valuePropName="checked"
            style={{ marginBottom: danger ? 12 : 0 }}
          >
            <Switch data-testid="immediate-danger" />
          </Form.Item>
          {danger && (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="call-110"
              title={<strong style={{ fontSize: 20 }}>{t("report.call110")}</strong>}
              description={
                <Space direction="vertical" style={{ width: "100%" }}>
                  <span>{t("report.call110Detail")}</span>
                  <Button type="primary" danger block className="cp-call110" href="tel:110">
                    {t("report.call110Button")}
                  </Button>
                </Space>
              }
            />
          )}
        </Card>

        <Card size="small" title={t("report.whatToReport")} style={{ marginBottom: 12 }}>
          <Form.Item
            name={["incident", "categories"]}
            label={t("report.categories")}
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
            <Checkbox.Group style={{ display: "flex", flexDirection: "column", gap: 10 }}>
              {HARM_CATEGORIES.map((c) => (
                <Checkbox key={c} value={c} data-testid={`category-${c}`}>
                  <span>{t(`categoryPlain.${c}`)}</span>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`category.${c}`)}
                  </Typography.Text>
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
        </Card>

        <Form.List name="children">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t("report.child", { n: i + 1 })}
                  style={{ marginBottom: 12 }}
                  extra={
                    fields.length > 1 ? (
                      <Button size="small" onClick={() => remove(field.name)}>
                        {t("report.removeChild")}
                      </Button>
                    ) : null
                  }
                >
                  <Form.Item
                    name={[field.name, "name"]}
                    label={t("report.childName")}
                    extra={t("report.childNameHelp")}
                  >
                    <Input maxLength={50} autoComplete="off" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "gender"]}
                    label={t("report.gender")}
                    rules={[{ required: true }]}
                  >
                    <Radio.Group
                      options={(["male", "female", "unknown"] as const).map((g) => ({
                        value: g,
                        label: t(`gender.${g}`),
                      }))}
                    />
                  </Form.Item>
                  <Space wrap align="start">
                    <Form.Item
                      name={[field.name, "birthDate"]}
                      label={t("report.birthDate")}
                      extra={t("report.ageHelp")}
                    >
                      <DatePicker
                        inputReadOnly
                        disabledDate={(d) => d.isAfter(dayjs())}
                        placeholder="YYYY-MM-DD"
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, "ageYears"]} label={t("report.ageYears")}>
                      <InputNumber min={0} max={17} precision={0} inputMode="numeric" />
                    </Form.Item>
                  </Space>
                  <Form.Item
                    name={[field.name, "idNumber"]}
                    label={t("report.idNumber")}
                    extra={t("report.idNumberHelp")}
                  >
                    <Input maxLength={18} autoComplete="off" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, "township"]}
                    label={t("report.township")}
                    rules={[
                      { required: true, whitespace: true, message: t("validation.required") },
                    ]}
                  >
                    <Input maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[field.name, "village"]} label={t("report.village")}>
                    <Input maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[field.name, "circumstances"]} label={t("report.circumstances")}>
                    <Checkbox.Group
                      options={CHILD_CIRCUMSTANCES.map((c) => ({
                        value: c,
                        label: t(`circumstance.${c}`),
                      }))}
                    />
                  </Form.Item>
                </Card>
              ))}
              {fields.length < 10 && (
                <Button block onClick={() => add(EMPTY_CHILD)} style={{ marginBottom: 12 }}>
                  {t("report.addChild")}
                </Button>
              )}
            </>
          )}
        </Form.List>

        <Card size="small" title={t("report.incident")} style={{ marginBottom: 12 }}>
          <Form.Item
            name={["incident", "description"]}
            label={t("report.description")}
            extra={t("report.descriptionHelp")}
            rules={[{ required: true, whitespace: true, message: t("validation.required") }]}
          >
            <Input.TextArea rows={5} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item name={["incident", "occurredAt"]} label={t("report.occurredAt")}>
            <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" inputReadOnly />
          </Form.Item>
          <Form.Item name={["incident", "location"]} label={t("report.location")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name={["incident", "atSchool"]} valuePropName="checked">
            <Checkbox>{t("report.atSchool")}</Checkbox>
          </Form.Item>
        </Card>

        <Card size="small" title={t("report.reporter")} style={{ marginBottom: 12 }}>
          <Form.Item
            name={["reporter", "relationship"]}
            label={t("report.relationship")}
            rules={[{ required: true, message: t("validation.required") }]}
          >
            <Select
              options={REPORTER_RELATIONSHIPS.map((r) => ({
                value: r,
                label: t(`relationship.${r}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name={["reporter", "phone"]}
            label={t("report.phone")}
            extra={t("report.phoneHelp")}
          >
            <Input type="tel" inputMode="tel" maxLength={20} autoComplete="tel" />
          </Form.Item>
        </Card>

        {error && <Alert type="error" title={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {busy ? t("report.submitting") : t("report.submit")}
        </Button>
      </Form>
    </div>
  );
}
