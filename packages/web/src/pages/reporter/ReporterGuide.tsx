/**
 * The guide on the report form: danger first (110), then one plain question at a time; the
 * answers tick the situations on the form, which the reporter can still change.
 */
import type { HarmCategory } from "@cp/domain/categories";
import { Alert, Button, Progress, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Panel } from "../../components/Panel.tsx";
import { GUIDE_QUESTIONS, guideResult } from "./guide.ts";

export function ReporterGuide({
  onDanger,
  onDone,
}: {
  readonly onDanger: () => void;
  readonly onDone: (categories: HarmCategory[]) => void;
}) {
  const { t } = useTranslation();
  const [step, setStep] = useState(-1);
  const [yes, setYes] = useState<ReadonlySet<string>>(new Set());
  const [danger, setDanger] = useState(false);

  const answer = (id: string | undefined, isYes: boolean) => {
    const next = new Set(yes);
    if (id && isYes) next.add(id);
    setYes(next);
    if (step + 1 >= GUIDE_QUESTIONS.length) {
      onDone(guideResult(next));
      setStep(-1);
      setYes(new Set());
    } else setStep(step + 1);
  };

  if (step === -1 && !danger) {
    return (
      <Panel size="small" title={t("guide.title")} style={{ marginBottom: 12 }} data-testid="guide">
        <Typography.Paragraph strong>{t("guide.dangerQuestion")}</Typography.Paragraph>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Button
            danger
            block
            onClick={() => {
              setDanger(true);
              onDanger();
            }}
          >
            {t("guide.dangerYes")}
          </Button>
          <Button block onClick={() => setStep(0)} data-testid="guide-start">
            {t("guide.dangerNo")}
          </Button>
        </Space>
      </Panel>
    );
  }
  if (step === -1 && danger) {
    return (
      <Panel size="small" title={t("guide.title")} style={{ marginBottom: 12 }} data-testid="guide">
        <Alert type="error" showIcon title={t("guide.dangerThen")} style={{ marginBottom: 12 }} />
        <Button block onClick={() => setStep(0)} data-testid="guide-start">
          {t("guide.continue")}
        </Button>
      </Panel>
    );
  }
  const q = GUIDE_QUESTIONS[step];
  return (
    <Panel size="small" title={t("guide.title")} style={{ marginBottom: 12 }} data-testid="guide">
      <Progress
        percent={Math.round((step / GUIDE_QUESTIONS.length) * 100)}
        showInfo={false}
        aria-label={t("guide.progress", { n: step + 1, of: GUIDE_QUESTIONS.length })}
      />
      <Typography.Paragraph strong style={{ fontSize: 17 }} data-testid="guide-question">
        {t(`guide.q.${q?.id}`)}
      </Typography.Paragraph>
      <Space style={{ width: "100%" }} direction="vertical">
        <Button block type="primary" onClick={() => answer(q?.id, true)}>
          {t("guide.yes")}
        </Button>
        <Button block onClick={() => answer(q?.id, false)}>
          {t("guide.no")}
        </Button>
        <Button
          block
          type="link"
          onClick={() => {
            setStep(-1);
            setYes(new Set());
          }}
        >
          {t("guide.stop")}
        </Button>
      </Space>
    </Panel>
  );
}
