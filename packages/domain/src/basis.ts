/**
 * Where a rule, clock or measure comes from: the law (with its citation) or a local policy
 * choice. Every routing rule, SLA rule, clock and measure carries one, and screens show it in
 * Chinese beside the row (docs/domain.md, "Law or policy").
 */
import * as z from "zod";

const BASIS_SOURCES = ["law", "policy"] as const;
type BasisSource = (typeof BASIS_SOURCES)[number];

/** Chinese labels shown beside each row. */
const BASIS_LABELS: Readonly<Record<BasisSource, string>> = {
  law: "法律规定",
  policy: "本地政策",
};

export const BasisSchema = z.discriminatedUnion("source", [
  z.strictObject({
    source: z.literal("law"),
    /** The statute and article, e.g. "反家暴法 Art. 28". */
    citation: z.string().trim().min(1).max(300),
    /** What is not verified, or which figure is a policy reading of the law's words. */
    note: z.string().trim().min(1).max(500).optional(),
  }),
  z.strictObject({
    source: z.literal("policy"),
    /** Why the platform chose this, in a sentence; may name the law it serves. */
    note: z.string().trim().min(1).max(500),
  }),
]);

export type Basis = z.infer<typeof BasisSchema>;

export const law = (citation: string, note?: string): Basis =>
  note === undefined ? { source: "law", citation } : { source: "law", citation, note };

export const policy = (note: string): Basis => ({ source: "policy", note });

/** One line for a reason string or a screen: "法律规定：反家暴法 Art. 28" / "本地政策：…". */
export function basisText(basis: Basis): string {
  return basis.source === "law"
    ? `${BASIS_LABELS.law}：${basis.citation}${basis.note ? `（${basis.note}）` : ""}`
    : `${BASIS_LABELS.policy}：${basis.note}`;
}
