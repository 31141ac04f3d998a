/** What the SLA policy and the statutory floor both speak of: a ticket and its due times. */
import type { AgencyCode } from "./agencies.ts";
import type { HarmCategory } from "./categories.ts";
import type { TicketKind } from "./schemas.ts";

export interface SlaSubject {
  readonly agency: AgencyCode;
  readonly kind: TicketKind;
  readonly immediateDanger: boolean;
  readonly categories: readonly HarmCategory[];
}

export interface DueTimes {
  readonly acceptDueAt: string;
  readonly closeDueAt: string | null;
  /** Latest close-due time one extension may set; null when the ticket cannot be extended. */
  readonly extendableUntil: string | null;
  /** The SLA rules that set these times (and `statutory_floor` when the floor capped them). */
  readonly slaRules: readonly string[];
}
