/**
 * The 儿童主任's day on a phone: the children of their village, ordered by the visit that comes
 * due first (overdue in red at the top), each with its risk and open problems; a tap opens the
 * file, where a visit is recorded. A 督导员 sees their township's children the same way. Visits
 * waiting on the phone for a signal are counted at the top.
 */
import { Alert, Button, Space, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ChildListItem } from "../../api/care.ts";
import { api } from "../../api/client.ts";
import type { Page } from "../../api/types.ts";
import { useSession } from "../../auth/useSession.ts";
import { CardList } from "../../components/CardList.tsx";
import { formatTime } from "../../components/duration.ts";
import { problemMessage } from "../../components/problems.ts";
import { TONE } from "../../components/tones.ts";
import { fetchOrKept } from "../../offline/care-cache.ts";
import { onVisitOutboxChange, queuedVisits } from "../../offline/visit-outbox.ts";
import { byWhatIsDue, ClockTag, EndedTag, RiskTag } from "./care-labels.tsx";

/** Every page of the caller's children (a village holds tens, a township a few hundred). */
async function allChildren(): Promise<ChildListItem[]> {
  const out: ChildListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<ChildListItem>>(
      `/v1/children?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out.sort(byWhatIsDue);
}

export default function MyChildren() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [rows, setRows] = useState<ChildListItem[]>([]);
  const [keptAt, setKeptAt] = useState<string>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [waiting, setWaiting] = useState(0);

  const owner = session?.sub;
  const load = useCallback(async () => {
    if (!owner) return;
    try {
      const answer = await fetchOrKept(owner, "children", allChildren);
      setRows(answer.value);
      setKeptAt(answer.fromDevice ? answer.fetchedAt : undefined);
      setError(undefined);
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setLoading(false);
    }
  }, [owner, t]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!session) return;
    const count = () => void queuedVisits(session.sub).then((q) => setWaiting(q.length));
    count();
    return onVisitOutboxChange(count);
  }, [session]);

  const area = [session?.township, session?.village].filter(Boolean).join(" ");

  return (
    <>
      <Space style={{ justifyContent: "space-between", width: "100%", flexWrap: "wrap" }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t("care.myChildren")}
        </Typography.Title>
        <Space wrap>
          {area && <Tag color={TONE.active}>{area}</Tag>}
          <Button onClick={() => void load()}>{t("care.refresh")}</Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t("care.lead")}
      </Typography.Paragraph>
      {waiting > 0 && (
        <Alert
          type="warning"
          title={t("care.queued", { n: waiting })}
          data-testid="visits-queued"
          style={{ marginBottom: 12 }}
        />
      )}
      {keptAt && (
        <Alert
          type="info"
          title={t("care.keptOnDevice", { time: formatTime(keptAt, i18n.language) })}
          data-testid="kept-on-device"
          style={{ marginBottom: 12 }}
        />
      )}
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <CardList
        loading={loading}
        rows={rows}
        testId="children"
        empty={t("care.empty")}
        card={(c) => ({
          testId: "child-card",
          title: (
            <Link to={`/care/children/${encodeURIComponent(c.childId)}`}>
              <span data-testid="child-card-name">{c.name}</span>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontWeight: 400 }}>
                {t(`gender.${c.gender}`, { defaultValue: "" })} {t("care.age", { n: c.age })}
              </Typography.Text>
            </Link>
          ),
          extra: <RiskTag level={c.risk} t={t} />,
          body: (
            <>
              <Space size={[4, 4]} wrap>
                <ClockTag clock={c.contact} t={t} testId="contact-clock" />
                <ClockTag clock={c.homeVisit} t={t} testId="home-visit-clock" />
              </Space>
              <Typography.Text type="secondary">
                {c.circumstances.map((x) => t(`circumstance.${x}`)).join("、")}
                {session?.village ? "" : ` · ${c.village}`}
              </Typography.Text>
              <EndedTag ended={c.endedCircumstances ?? []} t={t} />
              {c.openProblems > 0 && (
                <Tag color={TONE.danger}>{t("care.openProblems", { n: c.openProblems })}</Tag>
              )}
            </>
          ),
        })}
      />
    </>
  );
}
