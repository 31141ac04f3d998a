/**
 * The administrator's editor for a new SLA-policy version, as a form: each rule and event clock
 * with its times (number and unit), the statutory floor beside the fields the law sets, and its
 * basis. Saving first shows what changes (before → after) for confirmation; the API then checks
 * the floor, and a change below it comes back as 400 with the statute named, shown at the field.
 */
import type { SlaPolicy } from "@cp/domain/sla/clocks";
import { Space, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { BasisCell } from "./BasisCell.tsx";
import { DurationInput } from "./DurationInput.tsx";
import { PolicyEditorModal, type Problems, without } from "./PolicyEditorModal.tsx";
import { SlaTables } from "./SlaTables.tsx";
import { rowLabel, spanLabel } from "./sla-labels.ts";
import {
  basisOf,
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
  const [problems, setProblems] = useState<Problems>(new Map());
  const rows = useMemo(() => slaRows(draft), [draft]);
  const changes = useMemo(() => slaChanges(policy, draft), [policy, draft]);
  const fields = useMemo(() => new Set(rows.flatMap((r) => r.cells.map((c) => c.path))), [rows]);

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
          setProblems(without(problems, c.path));
        }}
      />
    );
  };

  return (
    <PolicyEditorModal
      testId="sla"
      title={t("admin.slaEdit")}
      confirmTitle={t("admin.confirmTitle")}
      confirmHelp={t("admin.confirmHelp")}
      help={t("admin.slaEditHelp")}
      notePlaceholder={t("admin.notePlaceholder")}
      changes={changes.length}
      path="/v1/sla-policy"
      body={(note) => slaPolicyBody(draft, note)}
      fields={fields}
      problems={problems}
      setProblems={setProblems}
      onSaved={onSaved}
      onCancel={onCancel}
      form={<SlaTables rows={rows} cell={cell} />}
      diff={
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
            { title: t("admin.before"), key: "from", render: (_, c) => spanLabel(c.from, t) },
            { title: t("admin.after"), key: "to", render: (_, c) => spanLabel(c.to, t) },
            {
              title: t("admin.basis"),
              key: "b",
              render: (_, c) => <BasisCell basis={c.row.basis} of={basisOf(c.row)} />,
            },
          ]}
        />
      }
    />
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
          {m}
        </Typography.Text>
      ))}
    </Space>
  );
}
