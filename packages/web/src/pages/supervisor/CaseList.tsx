/**
 * The supervisors' case list (`GET /v1/cases`): filters by status, agency and township, or only
 * the tickets past their clock, each naming the clock, linking to its ticket and offering 催办.
 * Cards on a phone, a table on a desk; the case opens on its audit page (masked, as a supervisor
 * sees it). "加载更多" follows the API's cursor: a filtered page may hold fewer rows.
 */
import { AGENCY_CODES } from "@cp/domain/agencies";
import { Alert, Button, Checkbox, Grid, Select, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import type { TFunction } from "i18next";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, getOptional } from "../../api/client.ts";
import type { CaseListRow, Page, ResponseTimes } from "../../api/types.ts";
import { CardList } from "../../components/CardList.tsx";
import { formatDuration, formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { problemMessage } from "../../components/problems.ts";
import { TONE } from "../../components/tones.ts";
import { UrgeButton } from "./UrgeButton.tsx";

export interface CaseFilters {
  readonly status?: "open" | "closed";
  readonly agency?: string;
  readonly township?: string;
  readonly overdue: boolean;
}

function caseListQuery(f: CaseFilters, cursor?: string): string {
  const q = new URLSearchParams({ limit: "50" });
  if (f.overdue) q.set("overdue", "true");
  else if (f.status) q.set("status", f.status);
  if (f.agency) q.set("agency", f.agency);
  if (f.township) q.set("township", f.township);
  if (cursor) q.set("cursor", cursor);
  return `/v1/cases?${q}`;
}

const CASE_TONE = { open: TONE.active, closed: TONE.done } as const;

const names = (codes: readonly string[], t: TFunction, prefix: string) =>
  codes.map((c) => t(`${prefix}.${c}`, { defaultValue: c })).join("、") || "—";

function CaseLink({ r }: { readonly r: CaseListRow }) {
  return (
    <Link to={`/cases/${r.caseId}/audit`} data-testid="case-link">
      {r.referenceNo}
    </Link>
  );
}

function Tags({ r, t }: { readonly r: CaseListRow; readonly t: TFunction }) {
  return (
    <Space size={4} wrap>
      <Tag color={CASE_TONE[r.status]}>{t(`caseStatus.${r.status}`)}</Tag>
      {r.immediateDanger && <Tag color={TONE.danger}>{t("inbox.danger")}</Tag>}
    </Space>
  );
}

/** Which clock ran out, how late, a link to the ticket and 催办. */
function OverdueCell({ r, t }: { readonly r: CaseListRow; readonly t: TFunction }) {
  const o = r.overdue;
  if (!o) return <span>{t("cases.openAt", { agencies: names(r.openAgencies, t, "agency") })}</span>;
  return (
    <Space direction="vertical" size={2}>
      <Typography.Text>
        {t(`agency.${o.agency}`)} · {t(`clock.${o.clock}`, { defaultValue: o.clock })}
      </Typography.Text>
      <Typography.Text strong style={{ color: "#c41d1d" }} data-testid="late-by">
        {t("inbox.overdue", { time: formatDuration(o.lateMs, t) })}
      </Typography.Text>
      <Space size={8} wrap>
        <Link to={`/tickets/${o.ticketId}`} data-testid="overdue-ticket-link">
          {t("cases.ticket")}
        </Link>
        <UrgeButton overdue={o} />
      </Space>
    </Space>
  );
}

export default function CaseList() {
  const { t, i18n } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [filters, setFilters] = useState<CaseFilters>({ overdue: false });
  const [rows, setRows] = useState<CaseListRow[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [townships, setTownships] = useState<string[]>([]);

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      try {
        const page = await api.get<Page<CaseListRow>>(caseListQuery(filters, from));
        setRows((before) => [...(from ? before : []), ...page.items]);
        setCursor(page.nextCursor);
        setError(undefined);
      } catch (e) {
        setError(problemMessage(e, t));
      } finally {
        setLoading(false);
      }
    },
    [filters, t],
  );

  useEffect(() => {
    void load();
  }, [load]);

  // The townships with any ticket in the last two years, for the filter.
  useEffect(() => {
    const q = new URLSearchParams({
      from: dayjs().subtract(730, "day").format("YYYY-MM-DD"),
      to: dayjs().format("YYYY-MM-DD"),
      groupBy: "township",
    });
    getOptional<ResponseTimes>(`/v1/metrics/response-times?${q}`).then(
      (m) => setTownships((m?.rows ?? []).map((r) => r.key)),
      () => setTownships([]),
    );
  }, []);

  const set = (change: Partial<CaseFilters>) => setFilters((f) => ({ ...f, ...change }));
  const filtered = Boolean(filters.agency || filters.township);

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t("cases.title")}
      </Typography.Title>
      <Space wrap data-testid="case-filters">
        <Select
          aria-label={t("cases.status")}
          value={filters.overdue ? "" : (filters.status ?? "")}
          disabled={filters.overdue}
          onChange={(v) => set({ status: v === "" ? undefined : (v as "open" | "closed") })}
          options={[
            { value: "", label: t("cases.anyStatus") },
            { value: "open", label: t("caseStatus.open") },
            { value: "closed", label: t("caseStatus.closed") },
          ]}
          style={{ minWidth: 120 }}
        />
        <Select
          aria-label={t("cases.agency")}
          value={filters.agency ?? ""}
          onChange={(v) => set({ agency: v === "" ? undefined : v })}
          options={[
            { value: "", label: t("cases.anyAgency") },
            ...AGENCY_CODES.map((c) => ({ value: c, label: t(`agency.${c}`) })),
          ]}
          popupMatchSelectWidth={false}
          style={{ minWidth: 120 }}
        />
        <Select
          aria-label={t("cases.township")}
          value={filters.township ?? ""}
          onChange={(v) => set({ township: v === "" ? undefined : v })}
          options={[
            { value: "", label: t("cases.anyTownship") },
            ...townships.map((w) => ({ value: w, label: w })),
          ]}
          popupMatchSelectWidth={false}
          style={{ minWidth: 120 }}
        />
        <Checkbox
          checked={filters.overdue}
          onChange={(e) => set({ overdue: e.target.checked })}
          data-testid="overdue-only"
        >
          {t("cases.overdueOnly")}
        </Checkbox>
      </Space>
      {error && <Alert type="error" title={error} />}
      {phone ? (
        <CardList
          loading={loading}
          rows={rows}
          testId="case-cards"
          empty={t("cases.empty")}
          card={(r) => ({
            title: <CaseLink r={r} />,
            extra: <Tags r={r} t={t} />,
            overdue: Boolean(r.overdue),
            body: (
              <>
                <div>{names(r.categories, t, "category")}</div>
                <Typography.Text type="secondary">
                  {r.townships.join("、") || "—"} · {formatTime(r.createdAt, i18n.language)}
                </Typography.Text>
                <OverdueCell r={r} t={t} />
              </>
            ),
          })}
        />
      ) : (
        <Table<CaseListRow>
          rowKey={(r) => r.overdue?.ticketId ?? r.caseId}
          loading={loading}
          dataSource={rows}
          pagination={false}
          data-testid="case-table"
          locale={{ emptyText: <EmptyText>{t("cases.empty")}</EmptyText> }}
          rowClassName={(r) => (r.overdue ? "cp-overdue" : "")}
          columns={[
            { title: t("inbox.ref"), key: "ref", render: (_, r) => <CaseLink r={r} /> },
            { title: t("cases.status"), key: "status", render: (_, r) => <Tags r={r} t={t} /> },
            {
              title: t("cases.situations"),
              key: "situations",
              render: (_, r) => names(r.categories, t, "category"),
            },
            {
              title: t("cases.township"),
              key: "township",
              render: (_, r) => r.townships.join("、") || "—",
            },
            {
              title: t("cases.agencies"),
              key: "agencies",
              render: (_, r) => names(r.agencies, t, "agency"),
            },
            {
              title: t("cases.reported"),
              key: "reported",
              render: (_, r) => formatTime(r.createdAt, i18n.language),
            },
            {
              title: filters.overdue ? t("cases.clock") : t("ticket.status"),
              key: "clock",
              render: (_, r) => <OverdueCell r={r} t={t} />,
            },
          ]}
        />
      )}
      {cursor && (
        <Space direction="vertical">
          {filtered && (
            <Typography.Text type="secondary">{t("cases.filteredShort")}</Typography.Text>
          )}
          <Button onClick={() => void load(cursor)} loading={loading} data-testid="load-more">
            {t("cases.more")}
          </Button>
        </Space>
      )}
    </Space>
  );
}
