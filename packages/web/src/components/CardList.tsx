/**
 * A list as a phone shows it: one card per row, the width of the screen, its title (a link),
 * a tag on the right, and a few lines beneath. The inbox, the case list and my children use it
 * below 768 px where a desk shows a table.
 */
import { Card, List, Space } from "antd";
import type { CSSProperties, ReactNode } from "react";
import { EmptyText } from "./EmptyText.tsx";

export interface CardParts {
  readonly title: ReactNode;
  readonly extra?: ReactNode;
  /** A row past its clock: marked as the table marks it. */
  readonly overdue?: boolean;
  readonly testId?: string;
  readonly body: ReactNode;
}

export function CardList<T>({
  rows,
  loading,
  testId,
  empty,
  style,
  card,
}: {
  readonly rows: readonly T[];
  readonly loading: boolean;
  readonly testId: string;
  readonly empty: string;
  readonly style?: CSSProperties;
  readonly card: (row: T) => CardParts;
}) {
  return (
    <List
      style={style}
      loading={loading}
      dataSource={[...rows]}
      data-testid={testId}
      locale={{ emptyText: <EmptyText>{empty}</EmptyText> }}
      renderItem={(r) => {
        const c = card(r);
        return (
          <List.Item style={{ padding: "6px 0" }}>
            <Card
              size="small"
              style={{ width: "100%" }}
              className={c.overdue ? "cp-overdue" : ""}
              data-testid={c.testId}
              title={c.title}
              extra={c.extra}
            >
              <Space direction="vertical" size={4} style={{ width: "100%" }}>
                {c.body}
              </Space>
            </Card>
          </List.Item>
        );
      }}
    />
  );
}
