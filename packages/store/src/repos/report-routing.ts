/**
 * The router's work for one report: tickets from the routing rules, written with the report's
 * new state and the audit events in one case transaction, then one notice per agency.
 *
 * Idempotent: ticket ids derive from the report and the agency, the report is marked routed in
 * the same transaction, and a repeat only re-sends the notices (deduplicated by the queue and by
 * the dispatcher's delivery record).
 */
import { routeReport, routingSubjectOf, SYSTEM_ACTOR } from "@cp/domain";
import { commitCaseChange } from "../case-transaction.ts";
import type { EventDraft } from "../change.ts";
import type { StoreContext } from "../context.ts";
import { reportItem } from "../crypto/sealed-records.ts";
import { derivedId } from "../ids.ts";
import type { ReportRecord, TicketRecord } from "../records.ts";
import { readReport } from "./reports.ts";
import { type RoutingConfig, routingConfigAt } from "./routing-rules.ts";
import {
  type AgencyMessage,
  agencyMessageOf,
  newTicket,
  putNewTicket,
  readTickets,
  sendToAgency,
  withTicket,
} from "./tickets.ts";

export interface RoutingOutcome {
  readonly duplicate: boolean;
  readonly notices: readonly AgencyMessage[];
}

class AlreadyRouted extends Error {}

async function noticesForRouted(ctx: StoreContext, report: ReportRecord) {
  const tickets = await readTickets(ctx, report.ticketIds ?? []);
  return tickets.map((t) => agencyMessageOf(t, "ticket_created", t.ticketId));
}

export async function routeStoredReport(
  ctx: StoreContext,
  reportId: string,
  given?: RoutingConfig,
): Promise<RoutingOutcome> {
  const report = await readReport(ctx, reportId);
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
          const decisions = routeReport(
            routingSubjectOf(report.input),
            now,
            routing.table,
            routing.policy,
          );
          const created: TicketRecord[] = [];
          const linked: { ticketId: string; agency: string }[] = [];
          let openTickets = kase.openTickets;
          for (const decision of decisions) {
            const existing = kase.openTickets[decision.agency];
            if (existing) {
              linked.push({ ticketId: existing.ticketId, agency: decision.agency });
              continue;
            }
            const ticket = newTicket(
              kase,
              derivedId(now, report.reportId, decision.agency),
              decision,
              now,
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
                linkedTickets: linked.length,
                routingTableVersion: routing.table.version,
              },
            },
          ];
          const linkedTickets = linked.map((l) => l.ticketId);
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
                  Item: await reportItem(ctx.cipher, routed),
                  ConditionExpression: "attribute_not_exists(routedAt)",
                },
              },
              ...created.map((t) => putNewTicket(ctx, t)),
            ],
            events,
            tickets: created.map((after) => ({ after })),
            result: { created, linkedTickets },
          };
        },
        () => new AlreadyRouted(),
      ).then(async ({ created, linkedTickets }) => [
        ...created.map((t) => agencyMessageOf(t, "ticket_created", t.ticketId)),
        ...(await readTickets(ctx, linkedTickets)).map((t) =>
          agencyMessageOf(t, "report_linked", `${t.ticketId}:${report.reportId}`),
        ),
      ]);
    } catch (error) {
      if (!(error instanceof AlreadyRouted)) throw error;
      duplicate = true;
      const again = await readReport(ctx, reportId);
      notices = again ? await noticesForRouted(ctx, again) : [];
    }
  }
  for (const notice of notices) await sendToAgency(ctx, notice);
  return { duplicate, notices };
}
