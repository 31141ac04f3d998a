/**
 * The administrator's editor for a new routing-table version, as a form: for each category the
 * lead agency (and the one that leads when it is switched off), the agencies that lead or support
 * under a condition, and the overseers, picked by their Chinese names, with the basis beside each
 * row. An agency listed twice in one place is marked at once and blocks saving; saving first
 * lists what changes (before → after) for confirmation; the API then checks the law's floor and
 * its problems come back to their fields. A stored version routes reports filed after it.
 */
import { AGENCY_CODES, type AgencyCode } from "@cp/domain/agencies";
import {
  ROUTING_CONDITIONS,
  type RoutingRule,
  type RoutingTable,
  type SupportCondition,
} from "@cp/domain/routing/rules";
import { Button, Select, Space, Table, Typography } from "antd";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { BasisCell } from "./BasisCell.tsx";
import { PolicyEditorModal, type Problems, without } from "./PolicyEditorModal.tsx";
import { RoutingRulesTable } from "./RoutingRulesTable.tsx";
import {
  type AgencyPair,
  fieldPath,
  ROUTING_FIELDS,
  type RoutingChange,
  type RoutingField,
  repeatedAgencies,
  routingBody,
  routingChanges,
  withField,
} from "./routing-rows.ts";

const FIELD_LABEL: Record<RoutingField, string> = {
  lead: "admin.lead",
  leadFallback: "admin.leadFallback",
  conditionalLeads: "admin.conditionalLeads",
  support: "admin.support",
  oversight: "admin.oversight",
};

/** A field's value in words: "民政、公安（情节严重时）", or "—". */
function describe(rule: RoutingRule, field: RoutingField, t: TFunction): string {
  const name = (a: AgencyCode) => t(`agency.${a}`);
  const v = rule[field];
  if (v === undefined) return t("admin.none");
  if (typeof v === "string") return name(v);
  const words = (v as readonly (AgencyCode | AgencyPair)[]).map((x) =>
    typeof x === "string" ? name(x) : `${name(x.agency)}${t(`admin.when.${x.when}`)}`,
  );
  return words.length ? words.join("、") : t("admin.none");
}

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
  const [rules, setRules] = useState<readonly RoutingRule[]>(table.rules);
  const [problems, setProblems] = useState<Problems>(new Map());
  const repeated = useMemo(() => repeatedAgencies(rules), [rules]);
  const changes = useMemo(() => routingChanges(table.rules, rules), [table.rules, rules]);
  const fields = useMemo(
    () =>
      new Set(
        rules.flatMap((r, i) =>
          ROUTING_FIELDS.flatMap((f) => {
            const v = r[f];
            return [
              fieldPath(i, f),
              ...(Array.isArray(v) ? v.map((_, j) => fieldPath(i, f, j)) : []),
            ];
          }),
        ),
      ),
    [rules],
  );
  const agencies = AGENCY_CODES.map((c) => ({ value: c, label: t(`agency.${c}`) }));

  const set = <F extends RoutingField>(i: number, field: F, value: RoutingRule[F]) => {
    setRules((all) => all.map((r, j) => (j === i ? withField(r, field, value) : r)));
    setProblems(
      [...problems.keys()]
        .filter((k) => k === fieldPath(i, field) || k.startsWith(`${fieldPath(i, field)}.`))
        .reduce(without, problems),
    );
  };

  /** The problems at a path: an agency listed twice, and what the API said. */
  const said = (path: string) => {
    const twice = repeated.get(path);
    return [
      ...(twice ? [t("admin.listedTwice", { agency: t(`agency.${twice}`) })] : []),
      ...(problems.get(path) ?? []),
    ].map((m) => (
      <Typography.Text key={m} type="danger" role="alert" style={{ fontSize: 12 }}>
        {m}
      </Typography.Text>
    ));
  };

  const category = (r: RoutingRule) => t(`category.${r.category}`);

  const pairs = (r: RoutingRule, i: number, field: "conditionalLeads" | "support") => {
    const list = r[field] ?? [];
    const what = `${category(r)} · ${t(FIELD_LABEL[field])}`;
    const replace = (j: number, p: AgencyPair) =>
      set(
        i,
        field,
        list.map((x, k) => (k === j ? p : x)),
      );
    return (
      <Space direction="vertical" size={4} data-field={fieldPath(i, field)}>
        <Typography.Text type="secondary">{t(FIELD_LABEL[field])}</Typography.Text>
        {list.map((p, j) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a pair is its place in the list
          <Space key={j} direction="vertical" size={0} data-field={fieldPath(i, field, j)}>
            <Space.Compact>
              <Select<AgencyCode>
                aria-label={t("admin.pickAgency", { what, n: j + 1 })}
                value={p.agency}
                options={agencies}
                onChange={(agency) => replace(j, { ...p, agency })}
                popupMatchSelectWidth={false}
                status={repeated.has(fieldPath(i, field, j)) ? "error" : undefined}
                style={{ width: 110 }}
              />
              <Select<SupportCondition>
                aria-label={t("admin.pickWhen", { what, n: j + 1 })}
                value={p.when}
                options={ROUTING_CONDITIONS.map((c) => ({
                  value: c,
                  label: t(`admin.whenPicker.${c}`),
                }))}
                onChange={(when) => replace(j, { ...p, when })}
                popupMatchSelectWidth={false}
                style={{ width: 130 }}
              />
              <Button
                aria-label={t("admin.removeItem", { what, n: j + 1 })}
                onClick={() =>
                  set(
                    i,
                    field,
                    list.filter((_, k) => k !== j),
                  )
                }
              >
                {t("admin.remove")}
              </Button>
            </Space.Compact>
            {said(fieldPath(i, field, j))}
          </Space>
        ))}
        <Button
          size="small"
          aria-label={t("admin.addTo", { what })}
          onClick={() => {
            const free =
              AGENCY_CODES.find((a) => !list.some((p) => p.agency === a) && a !== r.lead) ?? r.lead;
            set(i, field, [...list, { agency: free, when: "always" }]);
          }}
        >
          {t("admin.add")}
        </Button>
      </Space>
    );
  };

  const form = (
    <RoutingRulesTable
      rules={rules}
      testId="routing-form"
      cell={(r, i, column) => {
        if (column === "lead")
          return (
            <Space direction="vertical" size={4}>
              <Select<AgencyCode>
                aria-label={`${category(r)} · ${t("admin.lead")}`}
                value={r.lead}
                options={agencies}
                onChange={(a) => set(i, "lead", a)}
                popupMatchSelectWidth={false}
                style={{ width: 120 }}
              />
              {said(fieldPath(i, "lead"))}
              <Typography.Text type="secondary">{t("admin.leadFallback")}</Typography.Text>
              <Select<AgencyCode | "">
                aria-label={`${category(r)} · ${t("admin.leadFallback")}`}
                value={r.leadFallback ?? ""}
                options={[{ value: "", label: t("admin.noFallback") }, ...agencies]}
                onChange={(a) => set(i, "leadFallback", a === "" ? undefined : a)}
                popupMatchSelectWidth={false}
                status={repeated.has(fieldPath(i, "leadFallback")) ? "error" : undefined}
                style={{ width: 120 }}
              />
              {said(fieldPath(i, "leadFallback"))}
            </Space>
          );
        if (column === "support")
          return (
            <Space direction="vertical" size={8}>
              {pairs(r, i, "conditionalLeads")}
              {pairs(r, i, "support")}
            </Space>
          );
        return (
          <Space direction="vertical" size={4} data-field={fieldPath(i, "oversight")}>
            <Select<AgencyCode[]>
              mode="multiple"
              aria-label={`${category(r)} · ${t("admin.oversight")}`}
              value={[...r.oversight]}
              options={agencies}
              onChange={(list) => set(i, "oversight", list)}
              popupMatchSelectWidth={false}
              style={{ minWidth: 140 }}
            />
            {said(fieldPath(i, "oversight"))}
            {r.oversight.map((_, j) => said(fieldPath(i, "oversight", j)))}
          </Space>
        );
      }}
    />
  );

  return (
    <PolicyEditorModal
      testId="routing"
      title={t("admin.edit")}
      confirmTitle={t("admin.routingConfirmTitle")}
      confirmHelp={t("admin.routingConfirmHelp")}
      help={t("admin.editHelp")}
      notePlaceholder={t("admin.routingNotePlaceholder")}
      changes={changes.length}
      blocked={repeated.size > 0}
      path="/v1/routing-rules"
      body={(note) => routingBody(table, rules, note)}
      fields={fields}
      problems={problems}
      setProblems={setProblems}
      onSaved={onSaved}
      onCancel={onCancel}
      form={form}
      diff={
        <Table<RoutingChange>
          size="small"
          rowKey={(c) => fieldPath(c.index, c.field)}
          pagination={false}
          dataSource={changes}
          data-testid="routing-diff"
          columns={[
            { title: t("admin.category"), key: "c", render: (_, c) => category(c.after) },
            { title: t("admin.fieldName"), key: "f", render: (_, c) => t(FIELD_LABEL[c.field]) },
            {
              title: t("admin.before"),
              key: "from",
              render: (_, c) => describe(c.before, c.field, t),
            },
            { title: t("admin.after"), key: "to", render: (_, c) => describe(c.after, c.field, t) },
            {
              title: t("admin.basis"),
              key: "b",
              render: (_, c) => (
                <BasisCell basis={c.after.basis} of={{ kind: "routing", id: c.after.id }} />
              ),
            },
          ]}
        />
      }
    />
  );
}
