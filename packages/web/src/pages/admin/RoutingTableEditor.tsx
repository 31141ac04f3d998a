/**
 * The administrator's editor for a new routing-table version: the table as JSON, checked for
 * syntax here and for meaning by the API (every category covered, no duplicate rule, known
 * agencies); the API's field errors are listed by path. A stored version routes reports filed
 * after it.
 */
import type { RoutingTable } from "@cp/domain/routing/rules";
import { Alert, Input, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client.ts";
import { problemMessage } from "../../components/problems.ts";

export function RoutingTableEditor({
  table,
  onSaved,
  onCancel,
}: {
  readonly table: RoutingTable;
  readonly onSaved: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() =>
    JSON.stringify(
      { rules: table.rules, enabledAgencies: table.enabledAgencies, note: "" },
      null,
      2,
    ),
  );
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      setProblems([t("admin.badJson")]);
      return;
    }
    if (body.note === "") delete body.note;
    setBusy(true);
    try {
      await api.put("/v1/routing-rules", body);
      onSaved();
    } catch (e) {
      setProblems(
        e instanceof ApiError && e.errors.length > 0
          ? e.errors.map((x) => `${x.path}: ${x.message}`)
          : [problemMessage(e, t)],
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={820}
      title={t("admin.edit")}
      okText={t("admin.save")}
      cancelText={t("ticket.cancel")}
      onOk={() => void save()}
      onCancel={onCancel}
      confirmLoading={busy}
    >
      <Alert type="info" title={t("admin.editHelp")} style={{ marginBottom: 12 }} />
      <Input.TextArea
        aria-label={t("admin.routing")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={18}
        spellCheck={false}
        style={{ fontFamily: "monospace", fontSize: 12 }}
      />
      {problems.length > 0 && (
        <Alert
          type="error"
          role="alert"
          style={{ marginTop: 12 }}
          title={t("problem.400")}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
    </Modal>
  );
}
