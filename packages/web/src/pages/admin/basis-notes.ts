/**
 * Which catalogue entry says a basis note in the reader's language. The domain's default rules
 * and clocks write their notes in English for developers (routing/rules.ts, sla/clocks.ts); the
 * screens say them through the catalogue (`basisNote.<routing|sla|clock>.<id>`), keyed by the
 * rule or clock. A note that is not the default's own (an administrator wrote another through
 * the API) has no translation: it is shown as written.
 */
import type { Basis } from "@cp/domain/basis";
import type { ClockId } from "@cp/domain/clock-ids";
import { DEFAULT_ROUTING_TABLE } from "@cp/domain/routing/rules";
import { DEFAULT_SLA_POLICY } from "@cp/domain/sla/clocks";

/** What a basis belongs to: a routing rule, an SLA rule or an event clock, by its id. */
export type BasisOf =
  | { readonly kind: "routing"; readonly id: string }
  | { readonly kind: "sla"; readonly id: string }
  | { readonly kind: "clock"; readonly id: ClockId };

function defaultBasis(of: BasisOf): Basis | undefined {
  switch (of.kind) {
    case "routing":
      return DEFAULT_ROUTING_TABLE.rules.find((r) => r.id === of.id)?.basis;
    case "sla":
      return [...DEFAULT_SLA_POLICY.rules, DEFAULT_SLA_POLICY.defaultRule].find(
        (r) => r.id === of.id,
      )?.basis;
    case "clock":
      return DEFAULT_SLA_POLICY.clocks[of.id]?.basis;
  }
}

/** The catalogue key of the basis's note, when it is the default's note for that rule or clock. */
export function basisNoteKey(of: BasisOf, basis: Basis): string | undefined {
  if (!basis.note || defaultBasis(of)?.note !== basis.note) return undefined;
  return `basisNote.${of.kind}.${of.id}`;
}
