/**
 * The router's work for one report: tickets from the routing rules, written with the report's
 * new state and the audit events in one case transaction, then one notice per agency.
 *
 * Idempotent: ticket ids derive from the report and the agency, the report is marked routed in
 * the same transaction, and a repeat only re-sends the notices (deduplicated by the queue and by
 * the dispatcher's delivery record).
 */
import {
  type AgencyMessage,
  agencyMessageOf,
  childWithoutCarer,
  clocksStartedBy,
  DEFAULT_ROUTING_TABLE,
  DEFAULT_SLA_POLICY,
  newTicket,
  type RoutingSubject,
  type RoutingTable,
  routeReport,
  routingSubjectOf,
  type SlaPolicy,
  SYSTEM_ACTOR,
  startClock,
  type TicketClock,
  type TicketDecision,
  type TicketKind,
  withTicket,
} from "@cp/domain";
import { commitCaseChange } from "../case-transaction.ts";
import type { EventDraft } from "../change.ts";
import type { StoreContext } from "../context.ts";
import { reportItem } from "../crypto/sealed-records.ts";
import { derivedId } from "../ids.ts";
import type { CaseRecord, ReportRecord, TicketRecord } from "../records.ts";
import { readLiveReport } from "./reports.ts";
import { routingTableAt } from "./routing-rules.ts";
import { slaPolicyAt } from "./sla-policy.ts";
import { putNewTicket, putTicketUpdate, readTickets, sendToAgency } from "./tickets.ts";

interface RoutingOutcome {
  readonly duplicate: boolean;
  readonly notices: readonly AgencyMessage[];
}

interface RoutingConfig {
  readonly table: RoutingTable;
  readonly policy: SlaPolicy;
}

export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  table: DEFAULT_ROUTING_TABLE,
  policy: DEFAULT_SLA_POLICY,
};

/** The routing table and SLA policy in force when a report was filed (versioned data). */
async function routingConfigAt(ctx: StoreContext, receivedAt: string): Promise<RoutingConfig> {
  const [table, policy] = await Promise.all([
    routingTableAt(ctx, receivedAt),
    slaPolicyAt(ctx, receivedAt),
  ]);
  return { table, policy };
}

class AlreadyRouted extends Error {}

const KIND_STRENGTH: Readonly<Record<TicketKind, number>> = { lead: 3, support: 2, oversight: 1 };

interface Upgrade {
  readonly before: TicketRecord;
  readonly after: TicketRecord;
  readonly ruleId: string;
  readonly slaRules: readonly string[];
}

const earlier = (a: string | null, b: string | null) =>
  a === null ? b : b === null ? a : b < a ? b : a;

/**
 * An open ticket made stronger by a new decision: a stronger kind, or tighter clocks from now
 * (the accept clock only while still pending). Never weaker; undefined when nothing tightens.
 */
function upgradeOf(
  current: TicketRecord,
  decision: TicketDecision,
  kase: CaseRecord,
): Upgrade | undefined {
  const kind =
    KIND_STRENGTH[decision.kind] > KIND_STRENGTH[current.kind] ? decision.kind : current.kind;
  const acceptDueAt =
    current.status === "pending"
      ? (earlier(current.acceptDueAt, decision.acceptDueAt) as string)
      : current.acceptDueAt;
  // A ticket that gains a close clock (oversight → support) takes the decision's.
  const closeDueAt = earlier(current.closeDueAt, decision.closeDueAt);
  const extendableUntil =
    current.extendableUntil === null || decision.extendableUntil === null
      ? (decision.extendableUntil ?? current.extendableUntil)
      : earlier(current.extendableUntil, decision.extendableUntil);
  if (
    kind === current.kind &&
    acceptDueAt === current.acceptDueAt &&
    closeDueAt === current.closeDueAt
  ) {
    return undefined;
  }
  return {
    before: current,
    after: {
      ...current,
      kind,
      acceptDueAt,
      closeDueAt,
      extendableUntil,
      routingRule: kind !== current.kind ? decision.routingRule : current.routingRule,
      slaRules: [...new Set([...current.slaRules, ...decision.slaRules])],
      categories: kase.categories,
      immediateDanger: kase.immediateDanger,
      version: current.version + 1,
    },
    ruleId: decision.routingRule.ruleId,
    slaRules: decision.slaRules,
  };
}

/** Clocks a new ticket starts with: civil affairs' first placement for a child without a carer. */
function creationClocks(
  decision: TicketDecision,
  kase: CaseRecord,
  subject: RoutingSubject,
  now: Date,
  policy: SlaPolicy,
): TicketClock[] {
  if (decision.kind === "oversight") return [];
  if (!childWithoutCarer([...kase.categories, ...subject.categories], subject.severity)) return [];
  return clocksStartedBy(decision.agency, { on: "created_without_carer" }).map((id) =>
    startClock(id, now, subject.immediateDanger, policy),
  );
}

async function noticesForRouted(ctx: StoreContext, report: ReportRecord) {
  const tickets = await readTickets(ctx, report.ticketIds ?? []);
  return tickets.map((t) => agencyMessageOf(t, "ticket_created", t.ticketId));
}

export async function routeStoredReport(
  ctx: StoreContext,
  reportId: string,
  given?: RoutingConfig,
): Promise<RoutingOutcome> {
  const report = await readLiveReport(ctx, reportId);
  if (!report) throw new Error(`report ${reportId} does not exist`);
  // The routing table in force when the report was filed (versioned data, cached briefly).
  const routing = given ?? (await routingConfigAt(ctx, report.receivedAt));
  let notices: AgencyMessage[];
  let duplicate = false;
  if (report.routedAt) {
    duplicate = true;
    notices = await noticesForRouted(ctx, report);
  } else {
    try {
      notices = await commitCaseChange(
        ctx,
        report.caseId,
        async (kase, now) => {
          // The case's categories routed again with this report's facts: tickets now required
          // are created, open tickets upgraded, nothing downgraded (docs/domain.md, "Re-routing").
          const subject = routingSubjectOf(report.input);
          const decisions = routeReport(
            { ...subject, categories: [...new Set([...kase.categories, ...subject.categories])] },
            now,
            routing.table,
            routing.policy,
          );
          const existing = new Map(
            (
              await readTickets(
                ctx,
                decisions.flatMap((d) => {
                  const ref = kase.openTickets[d.agency];
                  return ref ? [ref.ticketId] : [];
                }),
              )
            ).map((t) => [t.agency, t]),
          );
          const created: TicketRecord[] = [];
          const upgrades: Upgrade[] = [];
          const linked: TicketRecord[] = [];
          let openTickets = kase.openTickets;
          for (const decision of decisions) {
            const current = existing.get(decision.agency);
            if (current) {
              const upgrade = upgradeOf(current, decision, kase);
              if (upgrade) {
                upgrades.push(upgrade);
                openTickets = withTicket(openTickets, upgrade.after);
              } else linked.push(current);
              continue;
            }
            const ticket = newTicket(
              kase,
              derivedId(now, report.reportId, decision.agency),
              decision,
              now,
              undefined,
              creationClocks(decision, kase, subject, now, routing.policy),
            );
            created.push(ticket);
            openTickets = withTicket(openTickets, ticket);
          }
          const routed: ReportRecord = {
            ...report,
            routedAt: now.toISOString(),
            ticketIds: created.map((t) => t.ticketId),
          };
          const events: EventDraft[] = [
            ...created.map((t) => ({
              actor: SYSTEM_ACTOR,
              action: "ticket_created",
              ticketId: t.ticketId,
              details: {
                reportId: report.reportId,
                agency: t.agency,
                kind: t.kind,
                acceptDueAt: t.acceptDueAt,
                closeDueAt: t.closeDueAt,
                routingRule: t.routingRule,
                slaRules: t.slaRules,
                ...(t.clocks ? { clocks: t.clocks } : {}),
              },
            })),
            ...upgrades.map((u) => ({
              actor: SYSTEM_ACTOR,
              action: "ticket_upgraded",
              ticketId: u.after.ticketId,
              details: {
                reportId: report.reportId,
                agency: u.after.agency,
                ruleId: u.ruleId,
                slaRules: u.slaRules,
                ...(u.before.kind !== u.after.kind
                  ? { kind: { from: u.before.kind, to: u.after.kind } }
                  : {}),
                ...(u.before.acceptDueAt !== u.after.acceptDueAt
                  ? { acceptDueAt: { from: u.before.acceptDueAt, to: u.after.acceptDueAt } }
                  : {}),
                ...(u.before.closeDueAt !== u.after.closeDueAt
                  ? { closeDueAt: { from: u.before.closeDueAt, to: u.after.closeDueAt } }
                  : {}),
              },
            })),
            ...linked.map((l) => ({
              actor: SYSTEM_ACTOR,
              action: "report_linked_to_ticket",
              ticketId: l.ticketId,
              details: { reportId: report.reportId, agency: l.agency },
            })),
            {
              actor: SYSTEM_ACTOR,
              action: "report_routed",
              details: {
                reportId: report.reportId,
                tickets: created.length,
                upgradedTickets: upgrades.length,
                linkedTickets: linked.length,
                routingTableVersion: routing.table.version,
                slaPolicyVersion: routing.policy.version,
              },
            },
          ];
          return {
            next: {
              ...kase,
              agencies: [...new Set([...kase.agencies, ...created.map((t) => t.agency)])],
              openTickets,
            },
            items: [
              {
                Put: {
                  TableName: ctx.config.mainTableName,
                  Item: await reportItem(ctx.cipher, routed, kase.dataKey),
                  ConditionExpression: "attribute_not_exists(routedAt)",
                },
              },
              ...created.map((t) => putNewTicket(ctx, t)),
              ...upgrades.map((u) => putTicketUpdate(ctx, u.before, u.after)),
            ],
            events,
            tickets: [
              ...created.map((after) => ({ after })),
              ...upgrades.map((u) => ({ before: u.before, after: u.after })),
            ],
            result: {
              created,
              upgraded: upgrades.map((u) => u.after),
              linked,
              categories: kase.categories,
            },
          };
        },
        () => new AlreadyRouted(),
      ).then(({ created, upgraded, linked, categories }) => [
        ...created.map((t) => agencyMessageOf(t, "ticket_created", t.ticketId)),
        ...upgraded.map((t) =>
          agencyMessageOf(t, "ticket_upgraded", `${t.ticketId}:${report.reportId}`),
        ),
        // The agency learns the case's current categories, not those its ticket was made with.
        ...linked.map((t) =>
          agencyMessageOf(
            { ...t, categories },
            "report_linked",
            `${t.ticketId}:${report.reportId}`,
          ),
        ),
      ]);
    } catch (error) {
      if (!(error instanceof AlreadyRouted)) throw error;
      duplicate = true;
      const again = await readLiveReport(ctx, reportId);
      notices = again ? await noticesForRouted(ctx, again) : [];
    }
  }
  // Each agency has a queue of its own: the agencies' notices go out at once, one agency's in order.
  const byAgency = new Map<string, AgencyMessage[]>();
  for (const notice of notices) {
    byAgency.set(notice.agency, [...(byAgency.get(notice.agency) ?? []), notice]);
  }
  await Promise.all(
    [...byAgency.values()].map(async (queue) => {
      for (const notice of queue) await sendToAgency(ctx, notice);
    }),
  );
  return { duplicate, notices };
}
