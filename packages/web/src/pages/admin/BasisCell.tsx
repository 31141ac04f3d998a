/**
 * A rule's, clock's or measure's basis: 法律规定 with its citation (cited the Chinese way on a
 * Chinese or Tibetan screen: 第28条), or 本地政策 with why, in the reader's language when it is
 * the domain's own note (basis-notes.ts); a note written otherwise shows as written.
 */
import type { Basis } from "@cp/domain/basis";
import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { basisZh } from "../../components/basis.ts";
import { TONE } from "../../components/tones.ts";
import { type BasisOf, basisNoteKey } from "./basis-notes.ts";

export function BasisCell({ basis, of }: { readonly basis: Basis; readonly of: BasisOf }) {
  const { t, i18n } = useTranslation();
  const cite = (s: string) => (i18n.language === "en" ? s : basisZh(s));
  const key = basisNoteKey(of, basis);
  const note = basis.note && (
    <span data-basis-note={key ? "catalogue" : "as-written"}>
      {key ? t(key) : <span translate="no">{basis.note}</span>}
    </span>
  );
  return (
    <span data-basis={basis.source}>
      <Tag color={basis.source === "law" ? TONE.active : undefined}>
        {t(`admin.basisSource.${basis.source}`)}
      </Tag>
      {basis.source === "law" ? (
        <>
          <Typography.Text>{cite(basis.citation)}</Typography.Text>
          {note && <Typography.Text type="secondary">（{note}）</Typography.Text>}
        </>
      ) : (
        <Typography.Text>{note}</Typography.Text>
      )}
    </span>
  );
}
