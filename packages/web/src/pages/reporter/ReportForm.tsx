/**
 * The mandatory report form, mobile-first. It explains in plain words which situations must be
 * reported (with a short guide of questions), validates with the API's own schema, and files
 * nothing until the reporter has read the review screen and pressed 确认提交. What is typed is
 * kept on the device as a sealed draft, so a reload, another page or a 110 call loses nothing.
 * The report goes to the outbox before it is sent (no signal is no problem); the queued screen
 * turns into the receipt once it has gone out. "Call 110" comes first when the child is in danger,
 * and stays on the receipt.
 */

import { CHILD_CIRCUMSTANCES, REPORTER_RELATIONSHIPS } from "@cp/domain/schemas";
import { severityQuestionsFor } from "@cp/domain/severity";
import {
  Alert,
  Button,
  Checkbox,
  ConfigProvider,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Typography,
} from "antd";
import type { TFunction } from "i18next";
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { currentSession } from "../../auth/session.ts";
import { useSession } from "../../auth/useSession.ts";
import { CategoriesField, TickField } from "../../components/form-fields.tsx";
import { Panel } from "../../components/Panel.tsx";
import {
  apiErrorToFields,
  type FieldPath,
  problemMessage,
  zodToFields,
} from "../../components/problems.ts";
import { TOUCH_THEME } from "../../components/touch.ts";
import { clearDraft, loadDraft, saveDraft } from "../../offline/draft.ts";
import { onReportFiled, submitReport } from "../../offline/outbox.ts";
import { Call110 } from "./Call110.tsx";
// The guide, the review and the receipt come with the form, not after it: a reporter may lose
// the signal as soon as the form is on screen, and must still review and file (the outbox sends
// it later).
import { Receipt, type ReceiptState } from "./Receipt.tsx";
import { ReporterGuide } from "./ReporterGuide.tsx";
import { ReviewReport } from "./ReviewReport.tsx";
import { localNow, type ReportFormValues, toReportBody, validateReport } from "./report-body.ts";
import { loadProfile, rememberProfile } from "./reporter-profile.ts";

const EMPTY_CHILD = { gender: "unknown", circumstances: [] };
const INITIAL: ReportFormValues = {
  children: [EMPTY_CHILD as never],
  incident: { immediateDanger: false, categories: [] },
};

/**
 * A box for the child's name or identity number (`report.<key>`, its help `report.<key>Help`):
 * the browser offers nothing it remembered.
 */
function privateField(
  t: TFunction,
  name: (string | number)[],
  key: "childName" | "idNumber",
  maxLength: number,
) {
  return (
    <Form.Item name={name} label={t(`report.${key}`)} extra={t(`report.${key}Help`)}>
      <Input maxLength={maxLength} autoComplete="off" enterKeyHint="next" />
    </Form.Item>
  );
}

/** Enter in a one-line field moves on; it never files (only the buttons do). */
function noEnterSubmit(e: KeyboardEvent<HTMLFormElement>) {
  const target = e.target as HTMLElement;
  if (e.key === "Enter" && target.tagName !== "TEXTAREA" && target.tagName !== "BUTTON") {
    e.preventDefault();
  }
}

export default function ReportForm() {
  const { t } = useTranslation();
  const session = useSession();
  const owner = session?.sub ?? "";
  const [form] = Form.useForm<ReportFormValues>();
  const danger = Form.useWatch(["incident", "immediateDanger"], form);
  const chosen = Form.useWatch(["incident", "categories"], form) as string[] | undefined;
  const severityAsked = severityQuestionsFor(chosen ?? []);
  const [review, setReview] = useState<ReturnType<typeof toReportBody>>();
  const [result, setResult] = useState<ReceiptState>();
  const [error, setError] = useState<string>();
  const [restoredAt, setRestoredAt] = useState<string>();
  const [guide, setGuide] = useState(false);
  const [busy, setBusy] = useState(false);
  const saveTimer = useRef<number | undefined>(undefined);
  const ready = useRef(false);

  // Restore the draft, or start from what this reporter filled in last time.
  useEffect(() => {
    if (!owner) return;
    let live = true;
    void (async () => {
      const draft = await loadDraft<ReportFormValues>(owner).catch(() => undefined);
      if (!live) return;
      if (draft) {
        form.setFieldsValue(draft.values);
        setRestoredAt(draft.savedAt);
      } else {
        const profile = session ? await loadProfile(session) : undefined;
        if (live && profile) form.setFieldsValue({ reporter: profile });
      }
      ready.current = true;
    })();
    return () => {
      live = false;
    };
  }, [owner, form, session]);

  const keepDraft = useCallback(() => {
    if (!owner || !ready.current) return;
    window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(() => {
      saveTimer.current = undefined;
      if (ready.current) void saveDraft(owner, form.getFieldsValue(true));
    }, 300);
  }, [owner, form]);
  // a pending save is written before the page goes (navigation, reload, tel: link)
  useEffect(() => {
    const flush = () => {
      if (saveTimer.current !== undefined && ready.current && owner) {
        window.clearTimeout(saveTimer.current);
        void saveDraft(owner, form.getFieldsValue(true));
      }
    };
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [owner, form]);

  // The queued screen becomes the receipt when the outbox sends the report.
  useEffect(() => {
    if (result?.state !== "queued") return;
    return onReportFiled((key, filed) => {
      if (key === result.key) setResult({ ...result, state: "filed", filed });
    });
  }, [result]);

  const showErrors = (fields: { name: FieldPath | (string | number)[] }[]) => {
    setReview(undefined);
    setError(t("report.invalid"));
    const first = fields[0]?.name;
    if (first)
      window.setTimeout(() => form.scrollToField(first, { block: "center", focus: true }), 0);
  };

  const toReview = (values: ReportFormValues) => {
    setError(undefined);
    const body = toReportBody(values);
    const checked = validateReport(body);
    if (!checked.success) {
      const fields = zodToFields(checked.error, t);
      form.setFields(fields);
      showErrors(fields);
      return;
    }
    setReview(body);
    window.scrollTo({ top: 0 });
  };

  const file = async () => {
    const s = currentSession();
    if (!s || !review) return;
    setBusy(true);
    try {
      const sent = await submitReport(review, s.sub, s.token);
      const immediateDanger = review.incident.immediateDanger;
      // no save still pending may bring the draft back once it is removed
      ready.current = false;
      window.clearTimeout(saveTimer.current);
      saveTimer.current = undefined;
      await rememberProfile(s.sub, review.reporter);
      await clearDraft(s.sub);
      setResult(
        sent.state === "filed"
          ? { state: "filed", filed: sent.filed, immediateDanger }
          : { state: "queued", key: sent.key, immediateDanger },
      );
      setReview(undefined);
      window.scrollTo({ top: 0 });
    } catch (e) {
      ready.current = true;
      if (e instanceof ApiError && e.errors.length > 0) {
        const fields = apiErrorToFields(e, t);
        form.setFields(fields);
        showErrors(fields);
      } else {
        setError(problemMessage(e, t));
      }
    } finally {
      setBusy(false);
    }
  };

  const again = async () => {
    form.resetFields();
    const profile = session ? await loadProfile(session) : undefined;
    if (profile) form.setFieldsValue({ reporter: profile });
    ready.current = true;
    setRestoredAt(undefined);
    setResult(undefined);
  };

  const discardDraft = async () => {
    await clearDraft(owner);
    form.resetFields();
    setRestoredAt(undefined);
  };

  return (
    <ConfigProvider theme={TOUCH_THEME}>
      <div className="cp-narrow cp-touch">
        {result ? (
          <Receipt result={result} onAnother={() => void again()} />
        ) : (
          <>
            {review && (
              <ReviewReport
                body={review}
                busy={busy}
                error={error}
                onConfirm={() => void file()}
                onBack={() => {
                  setReview(undefined);
                  setError(undefined);
                }}
              />
            )}
            <div hidden={review !== undefined}>
              <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
                {t("report.title")}
              </Typography.Title>
              <Typography.Paragraph>{t("report.lead")}</Typography.Paragraph>
              {restoredAt && (
                <Alert
                  type="info"
                  showIcon
                  data-testid="draft-restored"
                  style={{ marginBottom: 12 }}
                  title={t("report.draftRestored", {
                    time: new Date(restoredAt).toLocaleTimeString(),
                  })}
                  action={
                    <Button size="small" onClick={() => void discardDraft()}>
                      {t("report.draftDiscard")}
                    </Button>
                  }
                />
              )}
              <Form
                form={form}
                layout="vertical"
                onFinish={toReview}
                onFinishFailed={({ errorFields }) => showErrors(errorFields)}
                onValuesChange={keepDraft}
                onKeyDown={noEnterSubmit}
                initialValues={INITIAL}
                requiredMark
              >
                <Panel size="small" title={t("report.dangerTitle")} style={{ marginBottom: 12 }}>
                  <Form.Item
                    name={["incident", "immediateDanger"]}
                    valuePropName="checked"
                    style={{ marginBottom: danger ? 12 : 0 }}
                  >
                    <Checkbox data-testid="immediate-danger">
                      {t("report.immediateDanger")}
                    </Checkbox>
                  </Form.Item>
                  {danger && <Call110 detail={t("report.call110Detail")} />}
                </Panel>

                <Panel size="small" title={t("report.whatToReport")} style={{ marginBottom: 12 }}>
                  {guide ? (
                    <ReporterGuide
                      onDanger={() => {
                        form.setFieldValue(["incident", "immediateDanger"], true);
                        keepDraft();
                        window.scrollTo({ top: 0 });
                      }}
                      onDone={(categories) => {
                        form.setFieldValue(["incident", "categories"], categories);
                        keepDraft();
                        setGuide(false);
                        window.setTimeout(
                          () => form.scrollToField(["incident", "categories"], { block: "start" }),
                          0,
                        );
                      }}
                    />
                  ) : (
                    <Button
                      block
                      onClick={() => setGuide(true)}
                      style={{ marginBottom: 12 }}
                      data-testid="guide-open"
                    >
                      {t("guide.open")}
                    </Button>
                  )}
                  <CategoriesField
                    name={["incident", "categories"]}
                    label={t("report.categories")}
                    legalNames
                  />
                  {severityAsked.length > 0 && (
                    <Form.Item
                      name={["incident", "severityYes"]}
                      label={t("report.severityTitle")}
                      extra={t("report.severityHelp")}
                      style={{ marginBottom: 0 }}
                    >
                      <Checkbox.Group
                        style={{ display: "flex", flexDirection: "column", gap: 4 }}
                        data-testid="severity"
                      >
                        {severityAsked.map((f) => (
                          <Checkbox key={f} value={f} data-testid={`severity-${f}`}>
                            {t(`severity.${f}`)}
                          </Checkbox>
                        ))}
                      </Checkbox.Group>
                    </Form.Item>
                  )}
                </Panel>

                <Form.List name="children">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((field, i) => (
                        <Panel
                          key={field.key}
                          size="small"
                          title={t("report.child", { n: i + 1 })}
                          style={{ marginBottom: 12 }}
                          extra={
                            fields.length > 1 ? (
                              <Button
                                onClick={() => {
                                  remove(field.name);
                                  keepDraft();
                                }}
                              >
                                {t("report.removeChild")}
                              </Button>
                            ) : null
                          }
                        >
                          {privateField(t, [field.name, "name"], "childName", 50)}
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
                          <Form.Item
                            name={[field.name, "birthDate"]}
                            label={t("report.birthDate")}
                            extra={t("report.ageHelp")}
                          >
                            <Input type="date" max={localNow().slice(0, 10)} />
                          </Form.Item>
                          <Form.Item name={[field.name, "ageYears"]} label={t("report.ageYears")}>
                            <InputNumber
                              min={0}
                              max={17}
                              precision={0}
                              inputMode="numeric"
                              style={{ width: "100%" }}
                            />
                          </Form.Item>
                          {privateField(t, [field.name, "idNumber"], "idNumber", 18)}
                          <Form.Item
                            name={[field.name, "township"]}
                            label={t("report.township")}
                            rules={[
                              {
                                required: true,
                                whitespace: true,
                                message: t("validation.required"),
                              },
                            ]}
                          >
                            <Input maxLength={50} enterKeyHint="next" />
                          </Form.Item>
                          <Form.Item name={[field.name, "village"]} label={t("report.village")}>
                            <Input maxLength={50} enterKeyHint="next" />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, "circumstances"]}
                            label={t("report.circumstances")}
                          >
                            <Checkbox.Group
                              options={CHILD_CIRCUMSTANCES.map((c) => ({
                                value: c,
                                label: t(`circumstance.${c}`),
                              }))}
                            />
                          </Form.Item>
                        </Panel>
                      ))}
                      {fields.length < 10 && (
                        <Button
                          block
                          onClick={() => {
                            add(EMPTY_CHILD);
                            keepDraft();
                          }}
                          style={{ marginBottom: 12 }}
                        >
                          {t("report.addChild")}
                        </Button>
                      )}
                    </>
                  )}
                </Form.List>

                <Panel size="small" title={t("report.incident")} style={{ marginBottom: 12 }}>
                  <Form.Item
                    name={["incident", "description"]}
                    label={t("report.description")}
                    extra={t("report.descriptionHelp")}
                    rules={[
                      { required: true, whitespace: true, message: t("validation.required") },
                    ]}
                  >
                    <Input.TextArea rows={5} maxLength={5000} showCount />
                  </Form.Item>
                  <Form.Item
                    name={["incident", "occurredAt"]}
                    label={t("report.occurredAt")}
                    extra={t("report.occurredAtHelp")}
                  >
                    <Input type="datetime-local" max={localNow()} />
                  </Form.Item>
                  <Form.Item name={["incident", "location"]} label={t("report.location")}>
                    <Input maxLength={200} enterKeyHint="next" />
                  </Form.Item>
                  <TickField name={["incident", "atSchool"]}>{t("report.atSchool")}</TickField>
                </Panel>

                <Panel size="small" title={t("report.reporter")} style={{ marginBottom: 12 }}>
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
                </Panel>

                {error && !review && (
                  <Alert type="error" title={error} role="alert" style={{ marginBottom: 12 }} />
                )}
                <Typography.Paragraph type="secondary">
                  {t("report.draftNote")}
                </Typography.Paragraph>
                <Button
                  type="primary"
                  size="large"
                  block
                  onClick={() => form.submit()}
                  data-testid="to-review"
                >
                  {t("report.toReview")}
                </Button>
              </Form>
            </div>
          </>
        )}
      </div>
    </ConfigProvider>
  );
}
