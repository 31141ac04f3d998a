/**
 * A rule's, clock's or measure's basis: 法律规定 with its citation (cited the Chinese way on a
 * Chinese or Tibetan screen: 第28条), or 本地政策 with why.
 */
import type { Basis } from "@cp/domain/basis";
import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { basisZh } from "../../components/basis.ts";
import { TONE } from "../../components/tones.ts";

export function BasisCell({ basis }: { readonly basis: Basis }) {
  const { t, i18n } = useTranslation();
  const cite = (s: string) => (i18n.language === "en" ? s : basisZh(s));
  return (
    <span data-basis={basis.source}>
      <Tag color={basis.source === "law" ? TONE.active : undefined}>
        {t(`admin.basisSource.${basis.source}`)}
      </Tag>
      <Typography.Text>
        {basis.source === "law" ? cite(basis.citation) : cite(basis.note)}
      </Typography.Text>
      {basis.source === "law" && basis.note && (
        <Typography.Text type="secondary">（{basis.note}）</Typography.Text>
      )}
    </span>
  );
}
