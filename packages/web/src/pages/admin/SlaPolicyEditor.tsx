/**
 * The administrator's editor for a new SLA-policy version, as a form: each rule and event clock
 * with its times (number and unit), the statutory floor beside the fields the law sets, and its
 * basis. Saving first shows what changes (before → after) for confirmation; the API then checks
 * the floor, and a change below it comes back as 400 with the statute named, shown at the field.
 */
import type { SlaPolicy } from "@cp/domain/sla/clocks";
import { Alert, Button, Input, Modal, Space, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client.ts";
import { problemMessage } from "../../components/problems.ts";
import { BasisCell } from "./BasisCell.tsx";
import { DurationInput } from "./DurationInput.tsx";
import { rowLabel, spanLabel } from "./sla-labels.ts";
import {
  type SlaCell,
  type SlaField,
  type SlaRow,
  slaChanges,
  slaPolicyBody,
  slaRows,
  withValue,
} from "./sla-rows.ts";

export function SlaPolicyEditor({
  policy,
  onSaved,
  onCancel,
}: {
  readonly policy: SlaPolicy;
  readonly onSaved: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(policy);
  const [note, setNote] = useState("");
  const [step, setStep] = useState<"edit" | "review">("edit");
  /** The API's problems by field path; `""` holds those not tied to a field. */
  const [problems, setProblems] = useState<ReadonlyMap<string, string[]>>(new Map());
  const [busy, setBusy] = useState(false);
  const rows = useMemo(() => slaRows(draft), [draft]);
  const changes = useMemo(() => slaChanges(policy, draft), [policy, draft]);
  const duration = (ms: number | null) => spanLabel(ms, t);

  const save = async () => {
    setBusy(true);
    try {
      await api.put("/v1/sla-policy", slaPolicyBody(draft, note.trim() || undefined));
      onSaved();
    } catch (e) {
      const byPath = new Map<string, string[]>();
      const paths = new Set(rows.flatMap((r) => r.cells.map((c) => c.path)));
      if (e instanceof ApiError && e.errors.length > 0) {
        for (const x of e.errors) {
          const key = paths.has(x.path) ? x.path : "";
          byPath.set(key, [...(byPath.get(key) ?? []), x.message]);
        }
      } else {
        byPath.set("", [problemMessage(e, t)]);
      }
      setProblems(byPath);
      setStep("edit");
    } finally {
      setBusy(false);
    }
  };

  const cell = (row: SlaRow, field: SlaField) => {
    const c = row.cells.find((x) => x.field === field);
    if (!c) return t("admin.none");
    return (
      <FieldCell
        label={`${rowLabel(row, t)} · ${t(`admin.field.${c.field}`)}`}
        cell={c}
        errors={problems.get(c.path) ?? []}
        onChange={(ms) => {
          setDraft((d) => withValue(d, c.path, ms));
          setProblems((p) => {
            const next = new Map(p);
            next.delete(c.path);
            return next;
          });
        }}
      />
    );
  };

  const general = problems.get("") ?? [];
  const fieldProblems = [...problems.entries()].filter(([k]) => k !== "").length;

  return (
    <Modal
      open
      width={1100}
      title={step === "edit" ? t("admin.slaEdit") : t("admin.confirmTitle")}
      onCancel={onCancel}
      footer={
        step === "edit" ? (
          <Space>
            <Button onClick={onCancel}>{t("ticket.cancel")}</Button>
            <Button
              type="primary"
              disabled={changes.length === 0}
              onClick={() => setStep("review")}
              data-testid="sla-review"
            >
              {changes.length === 0
                ? t("admin.noChanges")
                : t("admin.review", { n: changes.length })}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={() => setStep("edit")}>{t("admin.back")}</Button>
            <Button
              type="primary"
              loading={busy}
              onClick={() => void save()}
              data-testid="sla-confirm"
            >
              {t("admin.confirm")}
            </Button>
          </Space>
        )
      }
    >
      {/* The form stays mounted while reviewing: going back keeps every unit as the admin left it. */}
      <div hidden={step !== "edit"}>
        <Alert type="info" title={t("admin.slaEditHelp")} style={{ marginBottom: 12 }} />
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
        <Table<SlaRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows.filter((r) => r.type === "rule")}
          scroll={{ x: true }}
          columns={[
            {
              title: t("admin.match"),
              key: "match",
              render: (_, r) => rowLabel(r, t),
              width: 220,
            },
            {
              title: t("admin.acceptWithin"),
              key: "a",
              render: (_, r) => cell(r, "acceptWithinMs"),
            },
            {
              title: t("admin.closeWithin"),
              key: "c",
              render: (_, r) => cell(r, "closeWithinMs"),
            },
            {
              title: t("admin.extendableTo"),
              key: "e",
              render: (_, r) => cell(r, "extendableToMs"),
            },
            {
              title: t("admin.basis"),
              key: "b",
              render: (_, r) => <BasisCell basis={r.basis} />,
            },
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 16, margin: "16px 0 8px" }}>
          {t("admin.clocks")}
        </Typography.Title>
        <Table<SlaRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows.filter((r) => r.type === "clock")}
          scroll={{ x: true }}
          columns={[
            {
              title: t("admin.clock"),
              key: "clock",
              render: (_, r) => rowLabel(r, t),
              width: 220,
            },
            { title: t("admin.field.withinMs"), key: "w", render: (_, r) => cell(r, "withinMs") },
            {
              title: t("admin.field.emergencyWithinMs"),
              key: "x",
              render: (_, r) => cell(r, "emergencyWithinMs"),
            },
            {
              title: t("admin.basis"),
              key: "b",
              render: (_, r) => <BasisCell basis={r.basis} />,
            },
          ]}
        />
        <Typography.Text strong style={{ display: "block", margin: "16px 0 4px" }}>
          <label htmlFor="sla-note">{t("admin.note")}</label>
        </Typography.Text>
        <Input.TextArea
          id="sla-note"
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          placeholder={t("admin.notePlaceholder")}
        />
      </div>
      {step === "review" && (
        <>
          <Typography.Paragraph>{t("admin.confirmHelp")}</Typography.Paragraph>
          <Table
            size="small"
            rowKey={(c) => c.cell.path}
            pagination={false}
            dataSource={changes}
            data-testid="sla-diff"
            columns={[
              { title: t("admin.match"), key: "row", render: (_, c) => rowLabel(c.row, t) },
              {
                title: t("admin.fieldName"),
                key: "field",
                render: (_, c) => t(`admin.field.${c.cell.field}`),
              },
              { title: t("admin.before"), key: "from", render: (_, c) => duration(c.from) },
              { title: t("admin.after"), key: "to", render: (_, c) => duration(c.to) },
              {
                title: t("admin.basis"),
                key: "b",
                render: (_, c) => <BasisCell basis={c.row.basis} />,
              },
            ]}
          />
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

/** One time field: its input, the statutory floor when the law sets one, and the API's problem. */
function FieldCell({
  label,
  cell: c,
  errors,
  onChange,
}: {
  readonly label: string;
  readonly cell: SlaCell;
  readonly errors: readonly string[];
  readonly onChange: (ms: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={2} data-field={c.path}>
      {c.ms === null ? (
        <span>{t("admin.none")}</span>
      ) : (
        <DurationInput label={label} value={c.ms} invalid={errors.length > 0} onChange={onChange} />
      )}
      {c.floor && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("admin.floor", { time: spanLabel(c.floor.maxMs, t) })}
        </Typography.Text>
      )}
      {errors.map((m) => (
        <Typography.Text key={m} type="danger" role="alert" style={{ fontSize: 12 }}>
          {t("admin.fieldProblem", { message: m })}
        </Typography.Text>
      ))}
    </Space>
  );
}
