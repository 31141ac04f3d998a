/**
 * A child's file (一人一档) as the 儿童主任 needs it on a visit: who the child is, the two visit
 * clocks, what is missing from the file, the visits, the problems found (a harm problem not yet
 * reported can be filed as a mandatory report from here), and the child's reports and cases over
 * time. Opening it is a read the API records on the file's access log.
 */
import { Alert, Button, Card, Descriptions, List, Space, Spin, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { ChildFile, ChildListItem, ProblemOnFile } from "../../api/care.ts";
import { ApiError, api } from "../../api/client.ts";
import { useSession } from "../../auth/useSession.ts";
import { formatTime } from "../../components/duration.ts";
import { EmptyText } from "../../components/EmptyText.tsx";
import { problemMessage } from "../../components/problems.ts";
import { TONE } from "../../components/tones.ts";
import { fetchOrKept, kept } from "../../offline/care-cache.ts";
import type { VisitResult } from "../../offline/visit-outbox.ts";
import { ClockTag, EndedTag, RiskTag } from "./care-labels.tsx";
import { VisitForm } from "./VisitForm.tsx";

export default function ChildFilePage() {
  const { childId = "" } = useParams();
  const { t, i18n } = useTranslation();
  const owner = useSession()?.sub;
  const [file, setFile] = useState<ChildFile>();
  const [keptAt, setKeptAt] = useState<string>();
  /** No signal and this file never opened on the phone: the list's line, enough to record a visit. */
  const [listed, setListed] = useState<ChildListItem>();
  const [error, setError] = useState<string>();
  const [recording, setRecording] = useState(false);
  const [outcome, setOutcome] = useState<{ type: "success" | "warning"; text: string }>();
  const [reporting, setReporting] = useState<string>();

  const path = `/v1/children/${encodeURIComponent(childId)}`;
  const load = useCallback(async () => {
    if (!owner) return;
    try {
      const answer = await fetchOrKept(owner, `file:${childId}`, () => api.get<ChildFile>(path));
      setFile(answer.value);
      setKeptAt(answer.fromDevice ? answer.fetchedAt : undefined);
      setError(undefined);
    } catch (e) {
      const line =
        e instanceof ApiError && e.isNetwork
          ? (await kept<ChildListItem[]>(owner, "children"))?.value.find(
              (c) => c.childId === childId,
            )
          : undefined;
      if (line) setListed(line);
      else setError(problemMessage(e, t));
    }
  }, [owner, childId, path, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const visited = (result: VisitResult) => {
    setRecording(false);
    if (result.state === "queued") {
      setOutcome({ type: "warning", text: t("care.visit.queued") });
      return;
    }
    const ref = result.recorded.report?.referenceNo;
    setOutcome({
      type: "success",
      text: ref ? t("care.visit.reportFiled", { ref }) : t("care.visit.sent"),
    });
    void load();
  };

  const report = async (p: ProblemOnFile) => {
    setReporting(p.problemId);
    try {
      const filed = await api.post<{ referenceNo: string }>(
        `${path}/visits/${encodeURIComponent(p.problemId)}/report`,
        {},
      );
      setOutcome({
        type: "success",
        text: t("care.visit.reportFiled", { ref: filed.referenceNo }),
      });
      await load();
    } catch (e) {
      setOutcome({ type: "warning", text: problemMessage(e, t) });
    } finally {
      setReporting(undefined);
    }
  };

  if (error) {
    return (
      <>
        <Link to="/care">{t("care.file.back")}</Link>
        <Alert type="error" title={error} style={{ marginTop: 12 }} />
      </>
    );
  }
  const recorder = recording ? (
    <VisitForm childId={childId} onDone={visited} onCancel={() => setRecording(false)} />
  ) : (
    <Button type="primary" size="large" block onClick={() => setRecording(true)}>
      {t("care.visit.title")}
    </Button>
  );
  const result = outcome && (
    <Alert type={outcome.type} title={outcome.text} data-testid="visit-outcome" showIcon />
  );
  if (!file && listed) {
    return (
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Link to="/care">{t("care.file.back")}</Link>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }} data-testid="child-name">
          {listed.name}
        </Typography.Title>
        <Alert type="info" title={t("care.file.notOnDevice")} />
        {result}
        {recorder}
      </Space>
    );
  }
  if (!file) return <Spin aria-label={t("app.loading")} />;
  const f = file.file;

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <Link to="/care">{t("care.file.back")}</Link>
      <Space style={{ justifyContent: "space-between", width: "100%", flexWrap: "wrap" }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }} data-testid="child-name">
          {f.name}
        </Typography.Title>
        <RiskTag level={f.risk.level} t={t} />
      </Space>
      {keptAt && (
        <Alert
          type="info"
          title={t("care.keptOnDevice", { time: formatTime(keptAt, i18n.language) })}
          data-testid="kept-on-device"
        />
      )}
      {result}
      {recorder}
      <Card size="small" title={t("care.file.clocks")}>
        <Space direction="vertical" size={4}>
          <Space size={[4, 4]} wrap>
            <ClockTag clock={file.clocks.contact} t={t} testId="contact-clock" />
            <ClockTag clock={file.clocks.homeVisit} t={t} testId="home-visit-clock" />
          </Space>
          <Typography.Text type="secondary">
            {t("care.file.lastContact")}: {file.lastContactOn ?? t("care.file.never")} ·{" "}
            {t("care.file.lastHomeVisit")}: {file.lastHomeVisitOn ?? t("care.file.never")}
          </Typography.Text>
        </Space>
      </Card>
      <Card size="small" title={t("care.file.title")}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t("report.gender")}>
            {t(`gender.${f.gender}`, { defaultValue: f.gender })} · {f.birthDate}
          </Descriptions.Item>
          <Descriptions.Item label={t("care.file.area")}>
            {f.township} {f.village} · {t("care.file.household", { no: f.household.householdNo })}
          </Descriptions.Item>
          <Descriptions.Item label={t("care.file.circumstances")}>
            {f.circumstances.map((c) => t(`circumstance.${c}`)).join("、")}
          </Descriptions.Item>
          {f.risk.reasons.length > 0 && (
            <Descriptions.Item label={t("care.file.riskReasons")}>
              {f.risk.reasons.join("；")}
            </Descriptions.Item>
          )}
          {f.needs.length > 0 && (
            <Descriptions.Item label={t("care.file.needs")}>
              {f.needs.map((n) => t(`care.need.${n}`)).join("、")}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t("care.file.guardians")}>
            {f.guardians
              .map((g) => `${g.name ?? ""}（${t(`care.guardian.${g.relation}`)}）`)
              .join("、") || "—"}
          </Descriptions.Item>
        </Descriptions>
        <EndedTag ended={file.endedCircumstances ?? []} t={t} />
        {file.gaps.length > 0 && (
          <Space size={[4, 4]} wrap data-testid="file-gaps">
            {file.gaps.map((g) => (
              <Tag key={g} color={TONE.waiting}>
                {t(`care.gap.${g}`)}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
      <Card size="small" title={t("care.file.problems")}>
        <List
          dataSource={[...file.problems].reverse()}
          data-testid="problems"
          locale={{ emptyText: <EmptyText>{t("care.file.noProblems")}</EmptyText> }}
          renderItem={(p) => (
            <List.Item>
              <Space direction="vertical" size={2} style={{ width: "100%" }}>
                <Space size={[4, 4]} wrap>
                  <Tag color={p.status === "open" ? TONE.danger : TONE.done}>
                    {t(`care.file.${p.status === "open" ? "open" : "solved"}`)}
                  </Tag>
                  <Typography.Text type="secondary">{p.foundOn}</Typography.Text>
                </Space>
                <Typography.Text>{p.summary}</Typography.Text>
                {p.referenceNo ? (
                  <Tag color={TONE.active} data-testid="problem-reported">
                    {t("care.file.reported", { ref: p.referenceNo })}
                  </Tag>
                ) : (
                  p.kind === "harm" && (
                    <Button
                      danger
                      loading={reporting === p.problemId}
                      onClick={() => void report(p)}
                    >
                      {t("care.file.reportProblem")}
                    </Button>
                  )
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t("care.file.cases")}>
        <List
          dataSource={file.cases}
          data-testid="cases"
          locale={{ emptyText: <EmptyText>{t("care.file.noCases")}</EmptyText> }}
          renderItem={(c) => (
            <List.Item>
              <Space size={[4, 4]} wrap>
                <Typography.Text strong>{c.referenceNo ?? c.caseId}</Typography.Text>
                {c.status && <Tag>{t(`caseStatus.${c.status}`, c.status)}</Tag>}
                <Typography.Text type="secondary">
                  {formatTime(c.linkedAt, i18n.language)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t("care.file.visits")}>
        <List
          dataSource={file.visits}
          data-testid="visits"
          locale={{ emptyText: <EmptyText>{t("care.file.noVisits")}</EmptyText> }}
          renderItem={(v) => (
            <List.Item>
              <Space direction="vertical" size={2}>
                <Space size={[4, 4]} wrap>
                  <Tag>{t(`care.visit.${v.kind}`)}</Tag>
                  <Typography.Text type="secondary">
                    {formatTime(v.occurredAt, i18n.language)}
                  </Typography.Text>
                  {v.late && <Tag color={TONE.waiting}>{t("care.file.late")}</Tag>}
                </Space>
                {v.notes && <Typography.Text>{v.notes}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
