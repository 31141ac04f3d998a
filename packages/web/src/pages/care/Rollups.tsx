/**
 * The roll-ups (item 6): 一市一库 for civil affairs, 一乡一账 for a township's 督导员, and a
 * village's households (一户一档) one level down. Counts only — children, circumstances, risk,
 * overdue visits, needs, help given, problems found and solved — read from the aggregates each
 * change to a file writes, so the page costs the same whatever the number of children.
 */
import { nextProgressDeadline } from "@cp/domain/care/progress-deadline";
import { CHILD_CIRCUMSTANCES } from "@cp/domain/schemas";
import { Alert, Card, Descriptions, Space, Spin, Statistic, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { RollupFigures, RollupView } from "../../api/care.ts";
import { api } from "../../api/client.ts";
import { useSession } from "../../auth/useSession.ts";
import { problemMessage } from "../../components/problems.ts";

/** A part's figures as a table row: `children` renamed, as antd reads `children` as sub-rows. */
type Row = { readonly name: string; readonly childCount: number } & Omit<RollupFigures, "children">;

const asRow = ({ children, ...rest }: { readonly name: string } & RollupFigures): Row => ({
  ...rest,
  childCount: children,
});

const nonZero = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts).filter(([, n]) => n > 0);

export default function Rollups() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  // A 督导员's roll-up is their township's; civil affairs start at the city and go down.
  const township = session?.township ?? params.get("township") ?? undefined;
  const village = params.get("village") ?? undefined;
  const [view, setView] = useState<RollupView>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const q = new URLSearchParams();
    if (township) q.set("township", township);
    if (township && village) q.set("village", village);
    setView(undefined);
    api.get<RollupView>(`/v1/care/rollups${q.size ? `?${q}` : ""}`).then(
      (v) => {
        setView(v);
        setError(undefined);
      },
      (e) => setError(problemMessage(e, t)),
    );
  }, [township, village, t]);

  if (error) return <Alert type="error" title={error} />;
  if (!view) return <Spin aria-label={t("app.loading")} />;

  const title =
    view.level === "city"
      ? t("care.rollup.city")
      : view.level === "township"
        ? t("care.rollup.township", { name: view.township })
        : t("care.rollup.village", { name: `${view.township} ${view.village}` });
  const up =
    view.level === "village"
      ? `/care/rollups?township=${encodeURIComponent(view.township ?? "")}`
      : view.level === "township" && !session?.township
        ? "/care/rollups"
        : undefined;
  const drill = (name: string) =>
    view.level === "city"
      ? `/care/rollups?township=${encodeURIComponent(name)}`
      : view.level === "township"
        ? `/care/rollups?township=${encodeURIComponent(view.township ?? "")}&village=${encodeURIComponent(name)}`
        : undefined;
  const total = view.total;
  const deadline = nextProgressDeadline(view.asOf);

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      {up && <Link to={up}>{t("care.rollup.up")}</Link>}
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }} data-testid="rollup-title">
        {title}
      </Typography.Title>
      <Typography.Text type="secondary">
        {t("care.rollup.asOf", { date: view.asOf })}
      </Typography.Text>
      {deadline.remind && (
        <Alert
          type="warning"
          showIcon
          data-testid="progress-due"
          title={t("care.rollup.progressDue", { date: deadline.dueOn, n: deadline.daysLeft })}
        />
      )}
      <Space size="large" wrap data-testid="rollup-total">
        <Statistic title={t("care.rollup.children")} value={total.children} />
        <Statistic title={t("care.rollup.contactOverdue")} value={total.visits.contactOverdue} />
        <Statistic
          title={t("care.rollup.homeVisitOverdue")}
          value={total.visits.homeVisitOverdue}
        />
        <Statistic title={t("care.rollup.problemsOpen")} value={total.problems.open} />
      </Space>
      <Card size="small" title={t(`care.rollup.part.${view.level}`)}>
        <Table<Row>
          rowKey="name"
          size="small"
          pagination={false}
          scroll={{ x: "max-content" }}
          dataSource={view.parts.map(asRow)}
          data-testid="rollup-parts"
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t("care.rollup.total")}</Table.Summary.Cell>
              <Table.Summary.Cell index={1}>{total.children}</Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{total.visits.contactOverdue}</Table.Summary.Cell>
              <Table.Summary.Cell index={3}>{total.visits.homeVisitOverdue}</Table.Summary.Cell>
              <Table.Summary.Cell index={4}>
                {total.problems.open}/{total.problems.found}
              </Table.Summary.Cell>
              {CHILD_CIRCUMSTANCES.map((c, i) => (
                <Table.Summary.Cell key={c} index={5 + i}>
                  {total.byCircumstance[c] ?? 0}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )}
          columns={[
            {
              title: t(`care.rollup.part.${view.level}`),
              dataIndex: "name",
              fixed: "left",
              render: (name: string) => {
                const to = drill(name);
                return to ? <Link to={to}>{name}</Link> : name;
              },
            },
            { title: t("care.rollup.children"), dataIndex: "childCount" },
            {
              title: t("care.rollup.contactOverdue"),
              key: "co",
              render: (_, r) => r.visits.contactOverdue,
            },
            {
              title: t("care.rollup.homeVisitOverdue"),
              key: "ho",
              render: (_, r) => r.visits.homeVisitOverdue,
            },
            {
              title: `${t("care.rollup.problemsOpen")}/${t("care.rollup.problemsFound")}`,
              key: "p",
              render: (_, r) => `${r.problems.open}/${r.problems.found}`,
            },
            ...CHILD_CIRCUMSTANCES.map((c) => ({
              title: t(`circumstance.${c}`),
              key: c,
              render: (_: unknown, r: Row) => r.byCircumstance[c] ?? 0,
            })),
          ]}
        />
      </Card>
      <Card size="small" title={t("care.rollup.total")}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t("care.rollup.byRisk")}>
            {nonZero(total.byRisk)
              .map(([k, n]) => `${t(`care.risk.${k}`)} ${n}`)
              .join("，") || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("care.rollup.byNeed")}>
            {nonZero(total.byNeed)
              .map(([k, n]) => `${t(`care.need.${k}`)} ${n}`)
              .join("，") || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("care.rollup.helpGiven")}>
            {nonZero(total.helpGiven)
              .map(([k, n]) => `${t(`care.help.${k}`)} ${n}`)
              .join("，") || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("care.rollup.visits")}>
            {`${t("care.rollup.contacts")} ${total.visits.contacts}，${t("care.rollup.homeVisits")} ${total.visits.homeVisits}，${t("care.rollup.lateVisits")} ${total.visits.late}`}
          </Descriptions.Item>
          <Descriptions.Item label={t("care.rollup.problemsFound")}>
            {total.problems.found}（{t("care.file.solved")} {total.problems.solved}）
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
