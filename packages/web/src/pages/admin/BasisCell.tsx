/** A rule's, clock's or measure's basis: 法律规定 with its citation, or 本地政策 with why. */
import type { Basis } from "@cp/domain/basis";
import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { TONE } from "../../components/tones.ts";

export function BasisCell({ basis }: { readonly basis: Basis }) {
  const { t } = useTranslation();
  return (
    <span data-basis={basis.source}>
      <Tag color={basis.source === "law" ? TONE.active : undefined}>
        {t(`admin.basisSource.${basis.source}`)}
      </Tag>
      <Typography.Text>{basis.source === "law" ? basis.citation : basis.note}</Typography.Text>
      {basis.source === "law" && basis.note && (
        <Typography.Text type="secondary">（{basis.note}）</Typography.Text>
      )}
    </span>
  );
}
