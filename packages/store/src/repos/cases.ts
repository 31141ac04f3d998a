/**
 * Reading a case and its audit trail. An officer reads a case only while their agency has held a
 * ticket on it, and that read of a child's personal data is itself an audit event; a supervisor
 * reads it with the child's personal fields masked. Anyone else is told it does not exist.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { AccessEntry, ChainVerdictAnswer } from "@cp/domain";
import {
  type AuditEvent,
  actorOf,
  agencyNeedsReporterContact,
  type BreakGlassRequest,
  type CaseAccess,
  type CaseViewAnswer,
  caseAccessOf,
  ForbiddenError,
  type Identity,
  maskChild,
  mayBreakGlass,
  NotFoundError,
  verifyChain,
  withoutStatements,
} from "@cp/domain";
import {
  accessLogOf,
  recordAccess,
  recordAccessDenied,
  verifyCaseAccessLog,
} from "../audit/access-log.ts";
import { auditPartitionPage, auditTrail } from "../audit/trail.ts";
import { caseKeyRef, commitCaseChange, readCase, sealPending } from "../case-transaction.ts";
import type { StoreContext } from "../context.ts";
import { openStatements } from "../crypto/sealed-records.ts";
import { INDEX, partitions } from "../keys.ts";
import { indexedItems } from "../query.ts";
import type { CaseRecord, ErasedReportRecord, ReportRecord, TicketRecord } from "../records.ts";
import { readReport } from "./reports.ts";
import { ticketView } from "./ticket-commands.ts";

/** The case and how the caller may read it; NotFound (and an audited denial) when they may not. */
async function readableCase(ctx: StoreContext, who: Identity, caseId: string) {
  const kase = await readCase(ctx, caseId);
  if (!kase) {
    await recordAccessDenied(ctx, who, undefined, { via: "case" });
    throw new NotFoundError("Case");
  }
  const access = caseAccessOf(who, kase);
  if (!access) {
    await recordAccessDenied(ctx, who, caseId, { via: "case" });
    throw new NotFoundError("Case", true);
  }
  return { kase, access };
}

/** The personal fields an unmasked view shows, as recorded in the audit trail. */
const PERSONAL_FIELDS_SHOWN = ["name", "birthDate", "idNumber", "village", "description"];

/** Audit the read of a child's personal fields, before they are served. */
async function recordPersonalDataRead(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
  via: string,
) {
  await recordAccess(ctx, who, caseId, { via, fields: PERSONAL_FIELDS_SHOWN });
}

/** The case's access log, for supervisors (who else viewed a child's data is not an agency's to know). */
export async function getAccessLog(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
): Promise<AccessEntry[]> {
  const { access } = await readableCase(ctx, who, caseId);
  if (access === "agency") throw new ForbiddenError("Only supervisors read a case's access log.");
  return accessLogOf(ctx, caseId);
}

export async function ticketsOfCase(ctx: StoreContext, caseId: string) {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: INDEX.byParent,
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": partitions.caseTickets(caseId) },
    }),
  );
  return (await indexedItems(ctx, out.Items ?? [])) as TicketRecord[];
}

/** A case as its reader may see it (the API's `Case` answer). */
export type CaseView = CaseViewAnswer;

/** Whether this view shows a child's personal fields and the incident's description. */
const unmasked = (access: CaseAccess) => access !== "supervisor";

function reportView(
  report: ReportRecord | ErasedReportRecord,
  access: CaseAccess,
  contact: boolean,
) {
  if (!("input" in report)) {
    return {
      reportId: report.reportId,
      referenceNo: report.referenceNo,
      receivedAt: report.receivedAt,
      erased: true,
    };
  }
  const incident = report.input.incident;
  return {
    reportId: report.reportId,
    referenceNo: report.referenceNo,
    receivedAt: report.receivedAt,
    categories: incident.categories,
    immediateDanger: incident.immediateDanger,
    reporter: {
      relationship: report.input.reporter.relationship,
      // The reporter's contact is for the agencies that need it to act, no one else.
      ...(contact && report.reporterOrg ? { org: report.reporterOrg } : {}),
      ...(contact && report.input.reporter.phone ? { phone: report.input.reporter.phone } : {}),
    },
    ...(unmasked(access)
      ? {
          description: incident.description,
          ...(incident.occurredAt ? { occurredAt: incident.occurredAt } : {}),
          ...(incident.location ? { location: incident.location } : {}),
        }
      : {}),
  };
}

export async function getCase(ctx: StoreContext, who: Identity, caseId: string): Promise<CaseView> {
  const { kase, access } = await readableCase(ctx, who, caseId);
  if (access === "agency") await recordPersonalDataRead(ctx, who, caseId, "case");
  return caseView(ctx, kase, access, who);
}

/**
 * Break-glass: a supervisor sees one case unmasked, having stated why. The reason and the fields
 * shown are sealed into the case's audit trail before anything is served. An officer has no
 * use for it (they see their own cases in full) and anyone else is told the case does not exist.
 */
export async function unmaskCase(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
  request: BreakGlassRequest,
): Promise<CaseView> {
  const { kase } = await readableCase(ctx, who, caseId);
  if (!mayBreakGlass(who, kase)) {
    throw new ForbiddenError(
      "Break-glass is for supervisors; an agency on the case reads it in full.",
    );
  }
  await commitCaseChange(ctx, caseId, (current) => ({
    next: current,
    items: [],
    events: [
      {
        actor: actorOf(who),
        action: "break_glass_unmask",
        details: { reason: request.reason, fields: PERSONAL_FIELDS_SHOWN },
      },
    ],
    result: undefined,
  }));
  return caseView(ctx, kase, "break_glass", who);
}

async function caseView(
  ctx: StoreContext,
  kase: CaseRecord,
  access: CaseAccess,
  who: Identity,
): Promise<CaseView> {
  const caseId = kase.caseId;
  const [reports, tickets] = await Promise.all([
    Promise.all(kase.reportIds.map((id) => readReport(ctx, id, kase))),
    ticketsOfCase(ctx, caseId),
  ]);
  const now = ctx.clock.now();
  const contact = access === "agency" && agencyNeedsReporterContact(who.agency, tickets);
  return {
    caseId: kase.caseId,
    status: kase.status,
    createdAt: kase.createdAt,
    ...(kase.closedAt ? { closedAt: kase.closedAt } : {}),
    referenceNo: kase.referenceNo,
    categories: kase.categories,
    townships: kase.townships,
    immediateDanger: kase.immediateDanger,
    childrenMasked: !unmasked(access),
    ...(kase.erasedAt ? { erasedAt: kase.erasedAt } : {}),
    children: unmasked(access) ? kase.children : kase.children.map((c) => maskChild(c, now)),
    reports: reports.filter((r) => r !== undefined).map((r) => reportView(r, access, contact)),
    tickets: tickets.map((t) => ticketView(t, now)),
    firstAcceptance: firstAcceptanceOf(kase, now),
  };
}

function firstAcceptanceOf(kase: CaseRecord, now: Date): CaseView["firstAcceptance"] {
  const opened = Date.parse(kase.createdAt);
  if (kase.firstAcceptedAt) {
    return {
      at: kase.firstAcceptedAt,
      waitedMs: Date.parse(kase.firstAcceptedAt) - opened,
      running: false,
    };
  }
  const until = kase.closedAt ? Date.parse(kase.closedAt) : now.getTime();
  return { waitedMs: Math.max(0, until - opened), running: kase.status === "open" };
}

const auditPage = (ctx: StoreContext, caseId: string, page: { limit: number; cursor?: string }) =>
  auditPartitionPage(ctx, partitions.caseAudit(caseId), page);

export const allAuditEvents = (ctx: StoreContext, caseId: string) =>
  auditTrail(ctx, partitions.caseAudit(caseId));

export async function getAudit(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
  page: { limit: number; cursor?: string },
) {
  const { access } = await readableCase(ctx, who, caseId);
  if (!page.cursor) await sealPending(ctx, caseId);
  const events = await auditPage(ctx, caseId, page);
  return { ...events, items: await eventsAsSeenBy(ctx, who, caseId, access, events.items) };
}

/**
 * Events as the caller may see them: a supervisor sees what was done and when, not what others
 * wrote (statements withheld) nor who reported — but sees their own statements, such as the
 * reason they gave for breaking the glass, which tell them nothing new; an agency sees the
 * reporter's user id only when it needs the reporter's contact. The chain is verified on the
 * server (`verifyAudit`).
 */
export async function eventsAsSeenBy(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
  access: CaseAccess,
  events: readonly AuditEvent[],
): Promise<AuditEvent[]> {
  // Statements are sealed under the case's key in the stored events: opened for the reader
  // (after withholding, so what is withheld is never opened), `[erased]` once the key is gone.
  const kase = await caseKeyRef(ctx, caseId);
  const opened = (e: AuditEvent) => openStatements(ctx.cipher, caseId, kase, e.details);
  if (access === "break_glass") {
    return Promise.all(events.map(async (e) => ({ ...e, details: await opened(e) })));
  }
  const reporterShown =
    access === "agency" && agencyNeedsReporterContact(who.agency, await ticketsOfCase(ctx, caseId));
  return Promise.all(
    events.map(async (e) => ({
      ...e,
      ...(e.action === "report_received" && !reporterShown
        ? { actor: { sub: "reporter", roles: ["reporter"] } }
        : {}),
      details:
        access === "supervisor" && e.actor.sub !== who.sub
          ? withoutStatements(e.details)
          : await opened(e),
    })),
  );
}

/** The case, readable by the caller, with every committed event sealed onto its chain. */
export async function sealedCase(ctx: StoreContext, who: Identity, caseId: string) {
  const { kase } = await readableCase(ctx, who, caseId);
  await sealPending(ctx, caseId);
  return (await readCase(ctx, caseId)) ?? kase;
}

/** The case's chain's verdict, and its access log's (chained on its own, audit/access-log.ts). */
type AuditVerdict = ChainVerdictAnswer;

/**
 * Verify the whole trail, and hold it against the head the case records, so a trail whose tail
 * was cut off is caught too; and the case's access log against its own head. `valid` holds
 * only when both do.
 */
export async function verifyAudit(
  ctx: StoreContext,
  who: Identity,
  caseId: string,
): Promise<AuditVerdict> {
  const kase = await sealedCase(ctx, who, caseId);
  const [events, accessLog] = await Promise.all([
    allAuditEvents(ctx, caseId),
    verifyCaseAccessLog(ctx, caseId),
  ]);
  const verdict = verifyChain(events);
  if (verdict.valid && (verdict.events !== kase.auditSeq || verdict.head !== kase.auditHash)) {
    return {
      valid: false,
      events: verdict.events,
      head: verdict.head,
      firstBadSeq: Math.min(verdict.events, kase.auditSeq) + 1,
      problem: `the case records ${kase.auditSeq} events ending in ${kase.auditHash}`,
      expectedEvents: kase.auditSeq,
      accessLog,
    };
  }
  if (verdict.valid && !accessLog.valid) {
    return {
      ...verdict,
      valid: false,
      problem: `access log: ${accessLog.problem}`,
      expectedEvents: kase.auditSeq,
      accessLog,
    };
  }
  return { ...verdict, expectedEvents: kase.auditSeq, accessLog };
}
