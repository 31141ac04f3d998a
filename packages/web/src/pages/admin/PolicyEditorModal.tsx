/**
 * What the routing-rule and SLA-policy editors share: a form, then the changes listed before →
 * after for confirmation, then the API. The form stays mounted while reviewing (going back keeps
 * every choice); a 400 returns to the form with each problem at its field (by the API's path) and
 * the rest above it; nothing is stored unless the API accepted the whole version.
 */
import { Alert, Button, Input, Modal, Space, Typography } from "antd";
import type { TFunction } from "i18next";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client.ts";
import { apiPathToField, fieldMessage, problemMessage } from "../../components/problems.ts";

/**
 * The API's problems by field path, each in the reader's language (never the API's English);
 * `""` holds those not tied to a field the form shows.
 */
export type Problems = ReadonlyMap<string, readonly string[]>;

function problemsByPath(e: unknown, fields: ReadonlySet<string>, t: TFunction): Problems {
  const byPath = new Map<string, string[]>();
  if (e instanceof ApiError && e.errors.length > 0) {
    for (const x of e.errors) {
      const key = fields.has(x.path) ? x.path : "";
      byPath.set(key, [
        ...(byPath.get(key) ?? []),
        fieldMessage(apiPathToField(x.path), "", t, x.message),
      ]);
    }
  } else {
    byPath.set("", [problemMessage(e, t)]);
  }
  return byPath;
}

/** The problems without those of one field (it was just changed). */
export function without(problems: Problems, path: string): Problems {
  const next = new Map(problems);
  next.delete(path);
  return next;
}

export function PolicyEditorModal({
  testId,
  title,
  confirmTitle,
  confirmHelp,
  help,
  notePlaceholder,
  changes,
  blocked,
  path,
  body,
  fields,
  problems,
  setProblems,
  onSaved,
  onCancel,
  form,
  diff,
}: {
  /** `sla` → data-testid sla-review, sla-confirm. */
  readonly testId: string;
  readonly title: string;
  readonly confirmTitle: string;
  /** Above the list of changes: what saving them does. */
  readonly confirmHelp: string;
  readonly help: string;
  readonly notePlaceholder?: string;
  /** How many fields differ from the version in force. */
  readonly changes: number;
  /** The form itself finds a problem (e.g. an agency listed twice): no review until it is fixed. */
  readonly blocked?: boolean;
  /** Where the new version is PUT. */
  readonly path: string;
  readonly body: (note: string | undefined) => unknown;
  /** The field paths the form shows, so the API's problems land on them. */
  readonly fields: ReadonlySet<string>;
  readonly problems: Problems;
  readonly setProblems: (p: Problems) => void;
  readonly onSaved: () => void;
  readonly onCancel: () => void;
  readonly form: ReactNode;
  readonly diff: ReactNode;
}) {
  const { t } = useTranslation();
  const [step, setStep] = useState<"edit" | "review">("edit");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      await api.put(path, body(note.trim() || undefined));
      onSaved();
    } catch (e) {
      setProblems(problemsByPath(e, fields, t));
      setStep("edit");
    } finally {
      setBusy(false);
    }
  };

  const general = problems.get("") ?? [];
  const fieldProblems = [...problems.keys()].filter((k) => k !== "").length;
  const noteId = `${testId}-note`;

  return (
    <Modal
      open
      width={1100}
      title={step === "edit" ? title : confirmTitle}
      onCancel={onCancel}
      // An edited policy is left only by its buttons: not by Escape (which also closes an
      // open picker) nor by a click beside the dialog.
      keyboard={false}
      mask={{ closable: false }}
      footer={
        step === "edit" ? (
          <Space>
            <Button onClick={onCancel}>{t("ticket.cancel")}</Button>
            <Button
              type="primary"
              disabled={changes === 0 || blocked}
              onClick={() => setStep("review")}
              data-testid={`${testId}-review`}
            >
              {changes === 0 ? t("admin.noChanges") : t("admin.review", { n: changes })}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={() => setStep("edit")}>{t("admin.back")}</Button>
            <Button
              type="primary"
              loading={busy}
              onClick={() => void save()}
              data-testid={`${testId}-confirm`}
            >
              {t("admin.confirm")}
            </Button>
          </Space>
        )
      }
    >
      <div hidden={step !== "edit"}>
        <Alert type="info" title={help} style={{ marginBottom: 12 }} />
        {(general.length > 0 || fieldProblems > 0) && (
          <Alert
            type="error"
            role="alert"
            style={{ marginBottom: 12 }}
            title={t("admin.notSaved")}
            description={
              general.length > 0 ? (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {general.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : (
                t("admin.seeFields", { n: fieldProblems })
              )
            }
          />
        )}
        {form}
        <Typography.Text strong style={{ display: "block", margin: "16px 0 4px" }}>
          <label htmlFor={noteId}>{t("admin.note")}</label>
        </Typography.Text>
        <Input.TextArea
          id={noteId}
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          placeholder={notePlaceholder}
        />
      </div>
      {step === "review" && (
        <>
          <Typography.Paragraph>{confirmHelp}</Typography.Paragraph>
          {diff}
          {note.trim() && (
            <Typography.Paragraph style={{ marginTop: 12 }}>
              {t("admin.note")}：{note.trim()}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Modal>
  );
}
