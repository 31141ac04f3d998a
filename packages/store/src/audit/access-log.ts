/**
 * Denied access is itself an audit event (个人信息保护法 Art. 51; 等级保护 level-3 audit): when a
 * caller reaches for a ticket, case or report that exists but is not theirs, the case it belongs
 * to records who tried, through what, and that it was refused — while the caller is told only
 * that it does not exist.
 */
import { actorOf, type Identity } from "@cp/domain";
import { commitCaseChange } from "../case-transaction.ts";
import type { StoreContext } from "../context.ts";

export interface DeniedAccess {
  /** What the caller reached for: "ticket", "ticket_command", "case", "report". */
  readonly via: string;
  readonly ticketId?: string;
  readonly reportId?: string;
}

export async function recordAccessDenied(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
  denied: DeniedAccess,
): Promise<void> {
  await commitCaseChange(ctx, caseId, (kase) => ({
    next: kase,
    items: [],
    events: [
      {
        actor: actorOf(who),
        action: "access_denied",
        ...(denied.ticketId ? { ticketId: denied.ticketId } : {}),
        details: {
          via: denied.via,
          ...(denied.reportId ? { reportId: denied.reportId } : {}),
        },
      },
    ],
    result: undefined,
  }));
}
