/**
 * A versioned policy as the API serves it (GET /v1/routing-rules, GET /v1/sla-policy): a card
 * with the version in force, who changed it and when, its note, whether its change history
 * verifies, and — for administrators — the button that opens its editor; or, when the API does
 * not offer it, a note that the domain's defaults are shown.
 */
import { Alert, Button, Card, Space, Tag, Typography } from "antd";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { getOptional } from "../../api/client.ts";
import { hasRole } from "../../auth/session.ts";
import { useSession } from "../../auth/useSession.ts";
import { Identifier } from "../../components/Actor.tsx";
import { formatTime } from "../../components/duration.ts";
import { TONE } from "../../components/tones.ts";

export interface PolicyAnswer<T> {
  readonly current: {
    readonly version: number;
    readonly effectiveFrom: string;
    readonly changedBy: string;
    readonly note?: string;
    readonly table: T;
  };
  readonly audit: { readonly valid: boolean; readonly events: number };
}

/**
 * The answer (undefined while loading, null when the API does not offer it) and a reload.
 */
export function usePolicyAnswer<T>(path: string) {
  const [answer, setAnswer] = useState<PolicyAnswer<T> | null>();
  const load = useCallback(() => {
    getOptional<PolicyAnswer<T>>(path)
      .then((r) => setAnswer(r?.current?.table ? r : null))
      .catch(() => setAnswer(null));
  }, [path]);
  useEffect(load, [load]);
  return [answer, load] as const;
}

export function PolicyCard({
  title,
  version,
  answer,
  defaultsNote,
  editLabel,
  editTestId,
  onEdit,
  testId,
  children,
}: {
  readonly title: string;
  readonly version: number | undefined;
  /** Undefined while loading, null when the API does not offer the policy. */
  readonly answer: PolicyAnswer<unknown> | null | undefined;
  readonly defaultsNote: string;
  readonly editLabel: string;
  readonly editTestId: string;
  readonly onEdit: () => void;
  readonly testId?: string;
  readonly children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={`${title} · ${t("admin.routingVersion", { version: version ?? "" })}`}
      data-testid={testId}
    >
      {answer === null && <Alert type="info" title={defaultsNote} style={{ marginBottom: 12 }} />}
      {answer && (
        <PolicyVersion
          answer={answer}
          editLabel={editLabel}
          editTestId={editTestId}
          onEdit={onEdit}
        />
      )}
      {children}
    </Card>
  );
}

function PolicyVersion({
  answer,
  editLabel,
  editTestId,
  onEdit,
}: {
  readonly answer: PolicyAnswer<unknown>;
  readonly editLabel: string;
  readonly editTestId: string;
  readonly onEdit: () => void;
}) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Typography.Text>
        {t("admin.effective", { at: formatTime(answer.current.effectiveFrom, i18n.language) })}
        {t("admin.changedBy")}
        {answer.current.changedBy === "system" ? (
          t("audit.system")
        ) : (
          <Identifier>{answer.current.changedBy}</Identifier>
        )}
      </Typography.Text>
      {answer.current.note && (
        // the administrator's own words, as written
        <Typography.Text type="secondary" translate="no">
          {answer.current.note}
        </Typography.Text>
      )}
      <Tag color={answer.audit.valid ? TONE.done : TONE.danger}>
        {answer.audit.valid
          ? t("admin.auditValid", { events: answer.audit.events })
          : t("admin.auditInvalid")}
      </Tag>
      {hasRole(session, "admin") && (
        <Button onClick={onEdit} data-testid={editTestId}>
          {editLabel}
        </Button>
      )}
    </Space>
  );
}
