import {
  type AcceptTicket,
  type AgencyCode,
  type CloseTicket,
  type DeclineRuling,
  type DeclineTicket,
  decideTicketCommand,
  type Identity,
  inboxAgencyFor,
  isOverdue,
  mayHandleTicket,
  mayReadTicket,
  NotFoundError,
  type ReferTicket,
  relatedTicketIds,
  type TicketAction,
  type TicketCommandInput,
  type TicketStatus,
} from "@cp/domain";
import { recordAccessDenied } from "../audit/access-log.ts";
import { commitCaseChange } from "../case-transaction.ts";
import type { TransactItem } from "../change.ts";
import type { StoreContext } from "../context.ts";
import { newId } from "../ids.ts";
import { INDEX, inboxStatusPrefix, keys, partitions } from "../keys.ts";
import type { Page } from "../pages.ts";
import { mainItem, mainItems, queryPage } from "../query.ts";
import { type CaseRecord, type TicketRecord, ticketHeadline } from "../records.ts";
import { type Triage, triageFrom, triageKeys } from "./inbox-triage.ts";
import { slaPolicyNow } from "./sla-policy.ts";
import {
  putNewTicket,
  putTicketUpdate,
  readTicket,
  readTickets,
  sendToAgency,
  sendToSupervisors,
} from "./tickets.ts";

/** The contract's fields of a ticket, and whether it is overdue at the moment of reading. */
export type TicketView = Omit<
  TicketRecord,
  "slaRules" | "categories" | "townships" | "immediateDanger"
> & { readonly overdue: boolean };

/** A ticket as the API shows it: the contract's fields only; `overdue` judged at reading time. */
export function ticketView(t: TicketRecord, now: Date): TicketView {
  const optional = <K extends keyof TicketRecord>(k: K) =>
    t[k] !== undefined ? { [k]: t[k] } : {};
  return {
    ...ticketHeadline(t),
    acceptDueAt: t.acceptDueAt,
    closeDueAt: t.closeDueAt,
    extendableUntil: t.extendableUntil,
    extended: t.extended,
    ...optional("acceptedAt"),
    ...optional("closedAt"),
    ...optional("declinedAt"),
    ...optional("outcome"),
    overdue: isOverdue(t, now),
    version: t.version,
    routingRule: t.routingRule,
    ...optional("referredFrom"),
    ...optional("clocks"),
    ...optional("ruling"),
  };
}

/** The ticket, if the caller may see it: their agency's, or any for a supervisor. */
export async function visibleTicket(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
): Promise<TicketRecord> {
  const ticket = await readTicket(ctx, ticketId);
  if (!ticket) {
    await recordAccessDenied(ctx, who, undefined, { via: "ticket", ticketId });
    throw new NotFoundError("Ticket");
  }
  if (!mayReadTicket(who, ticket)) {
    await recordAccessDenied(ctx, who, ticket.caseId, { via: "ticket", ticketId });
    throw new NotFoundError("Ticket", true);
  }
  return ticket;
}

interface InboxQuery {
  readonly status?: TicketStatus;
  readonly agency?: AgencyCode;
  readonly limit: number;
  readonly cursor?: string;
}

/** A ticket in an agency's inbox, with what its officer triages it by. */
export type InboxRow = TicketView & { readonly triage?: Triage };

/** An agency's tickets, pending first, then by the due time that runs now, soonest first. */
export async function inbox(
  ctx: StoreContext,
  who: Identity,
  query: InboxQuery,
): Promise<Page<InboxRow>> {
  const agency = inboxAgencyFor(who, query.agency);
  const partition = { gsi1pk: partitions.inbox(agency) };
  const now = ctx.clock.now();
  return queryPage(
    ctx,
    {
      TableName: ctx.config.mainTableName,
      IndexName: INDEX.inbox,
      KeyConditionExpression: query.status
        ? "gsi1pk = :pk AND begins_with(gsi1sk, :status)"
        : "gsi1pk = :pk",
      ExpressionAttributeValues: {
        ":pk": partition.gsi1pk,
        ...(query.status ? { ":status": inboxStatusPrefix(query.status) } : {}),
      },
    },
    query,
    partition,
    // The inbox index carries keys and each ticket's case (decision 0018): the page's tickets,
    // their cases and the cases' children come in one batch.
    async (entries) => {
      const caseIds = new Set(
        entries.flatMap((e) => (typeof e.caseId === "string" ? [e.caseId] : [])),
      );
      const items = await mainItems(ctx, [
        ...entries.map((e) => ({ pk: e.pk, sk: e.sk })),
        ...[...caseIds].flatMap(triageKeys),
      ]);
      const triage = await triageFrom(ctx, items);
      const tickets = new Map(
        items.filter((i) => i.sk === keys.ticket("").sk).map((i) => [String(i.pk), i] as const),
      );
      return entries.flatMap((e): InboxRow[] => {
        const ticket = tickets.get(String(e.pk)) as TicketRecord | undefined;
        if (!ticket) return [];
        const found = triage.get(ticket.caseId);
        const view = ticketView(ticket, now);
        return [found ? { ...view, triage: found } : view];
      });
    },
  );
}

interface CommandOptions {
  /** The version the caller last saw (If-Match); a stale one is a conflict. */
  readonly expectedVersion?: number;
}

type CommandOf<T extends TicketCommandInput["type"]> = Extract<TicketCommandInput, { type: T }>;

/**
 * Run one command on a ticket: check the caller may act on it (an officer on their own
 * agency's tickets; a supervisor's ruling on any), load the ticket, its case and the tickets the
 * command needs, let the domain decide the change (decideTicketCommand), record it with the
 * case in one transaction, then send the change's notices.
 */
async function runCommand<T extends TicketCommandInput["type"]>(
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  type: T,
  body: CommandOf<T>["body"],
  options: CommandOptions,
) {
  const first = await readTicket(ctx, ticketId);
  if (!first) {
    await recordAccessDenied(ctx, who, undefined, { via: "ticket_command", ticketId });
    throw new NotFoundError("Ticket");
  }
  const mayAct = type === "rule" ? mayReadTicket : mayHandleTicket;
  if (!mayAct(who, first)) {
    await recordAccessDenied(ctx, who, first.caseId, { via: "ticket_command", ticketId });
    throw new NotFoundError("Ticket", true);
  }
  const policy = await slaPolicyNow(ctx);
  const command = { type, body, who, ...options } as TicketCommandInput;
  // The ticket read for the access check serves the first attempt: its write is conditioned on
  // the version read, so a ticket changed since fails the transaction, and a rebuild reads again.
  let fresh: TicketRecord | undefined = first;
  const change = await commitCaseChange(ctx, first.caseId, async (kase, now) => {
    const ticket = fresh ?? ((await readTicket(ctx, ticketId)) as TicketRecord);
    fresh = undefined;
    const relatedIds = relatedTicketIds(command, kase);
    const related = relatedIds.length > 0 ? await readTickets(ctx, relatedIds) : [];
    const c = decideTicketCommand({ ticket, kase, related }, command, policy, { now, newId });
    const { before, after } = c.ticket;
    return {
      next: c.kase,
      items: [
        putTicketUpdate(ctx, before, after),
        ...(c.created ? [putNewTicket(ctx, c.created)] : []),
        ...(c.upgraded ? [putTicketUpdate(ctx, c.upgraded.before, c.upgraded.after)] : []),
        ...(c.caseStatus === "reopening" ? await reclaimChildPointers(ctx, kase) : []),
      ],
      events: c.events,
      tickets: [
        c.ticket,
        ...(c.created ? [{ after: c.created }] : []),
        ...(c.upgraded ? [c.upgraded] : []),
      ],
      rebuildOnItemConflict: options.expectedVersion === undefined,
      result: { ...c, now },
    };
  });
  for (const n of change.notices) {
    if (n.to === "agency") await sendToAgency(ctx, n.message);
    else await sendToSupervisors(ctx, n.notice);
  }
  return {
    ticket: ticketView(change.ticket.after, change.now),
    ...(change.created ? { created: ticketView(change.created, change.now) } : {}),
  };
}

/**
 * On reopening, the child points at this case again, so that a new report joins it; unless the
 * child already has another open case, which keeps the pointer.
 */
async function reclaimChildPointers(ctx: StoreContext, kase: CaseRecord): Promise<TransactItem[]> {
  const items: TransactItem[] = [];
  for (const f of kase.fingerprints) {
    const item = await mainItem(ctx, keys.child(f));
    if (item) continue;
    items.push({
      Put: {
        TableName: ctx.config.mainTableName,
        Item: { ...keys.child(f), caseId: kase.caseId },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
  }
  return items;
}

export const acceptTicket = (
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: AcceptTicket,
  options: CommandOptions = {},
) => runCommand(ctx, who, ticketId, "accept", body, options);

export const declineTicket = (
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: DeclineTicket,
  options: CommandOptions = {},
) => runCommand(ctx, who, ticketId, "decline", body, options);

/** A supervisor's ruling on a declined Art. 4 lead ticket (the domain's ruling.ts). */
export const ruleOnDeclinedTicket = (
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: DeclineRuling,
  options: CommandOptions = {},
) => runCommand(ctx, who, ticketId, "rule", body, options);

/** A measure, a note, reporter feedback, or `extend`. */
export const recordAction = (
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: TicketAction,
  options: CommandOptions = {},
) => runCommand(ctx, who, ticketId, "action", body, options);

export const referTicket = (
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: ReferTicket,
  options: CommandOptions = {},
) => runCommand(ctx, who, ticketId, "refer", body, options);

export const closeTicket = (
  ctx: StoreContext,
  who: Identity,
  ticketId: string,
  body: CloseTicket,
  options: CommandOptions = {},
) => runCommand(ctx, who, ticketId, "close", body, options);
