/**
 * Filing a mandatory report: the report, its case (new, or the open case of the same child), the
 * reference number, the idempotency record and the first audit event are one transaction; the
 * intake message follows. Should the message fail, the report is still durable and the outbox
 * sweep publishes it.
 */
import { createHash, createHmac } from "node:crypto";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  actorOf,
  type ChildInput,
  ConflictError,
  childFingerprint,
  EMPTY_HEAD,
  type Identity,
  IntakeMessageSchema,
  mayReadReportStatus,
  NotFoundError,
  newReferenceNo,
  type ReportInput,
  type ReportStatus,
  sealNext,
} from "@cp/domain";
import canonicalize from "canonicalize";
import { recordAccessDenied } from "../audit/access-log.ts";
import { careKeys } from "../care/keys.ts";
import { childFilesIn, reportLinkItems } from "../care/links.ts";
import { auditItem, caseKeyRef, commitCaseChange } from "../case-transaction.ts";
import type { EventDraft } from "../change.ts";
import { queueUrls } from "../config.ts";
import type { StoreContext } from "../context.ts";
import {
  type CaseKeyRef,
  caseItems,
  reportFromItem,
  reportItem,
} from "../crypto/sealed-records.ts";
import { newId } from "../ids.ts";
import { keys, partitions } from "../keys.ts";
import type { Page } from "../pages.ts";
import { byParentPage, mainItem, mainItems } from "../query.ts";
import type { CaseRecord, ErasedReportRecord, ReportRecord } from "../records.ts";
import { feedbackClockItem } from "./reporter-feedback.ts";
import { slaPolicyAt } from "./sla-policy.ts";

/**
 * What the filer is told: the report's id, its reference number, when it was received and a
 * receipt. Never the case it joined or whether the child already had one: any officer holds the
 * reporter role, and "linked to an existing case" would tell them a child is already known to
 * the agencies (未保法 Art. 103). Agencies and supervisors see the linkage on the case.
 */
export interface FiledReport {
  readonly reportId: string;
  readonly referenceNo: string;
  readonly receivedAt: string;
  /** `r1.<base64url HMAC>` over the report id, reference number, time and the body's digest. */
  readonly receipt: string;
}

/**
 * The filing as the store knows it: the answer, and the case it went to. Only `FiledReport`'s
 * fields leave the API (`filedReportAnswer`).
 */
export interface Filing extends FiledReport {
  readonly caseId: string;
  readonly linkedToExistingCase: boolean;
}

interface ReportStatusView {
  readonly reportId: string;
  readonly referenceNo: string;
  readonly receivedAt: string;
  readonly status: ReportStatus;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

interface IdempotencyRecord {
  readonly requestHash: string;
  readonly response: Filing;
}

/** The filer's answer: exactly the fields of `FiledReport`, whatever else the filing holds. */
export const filedReportAnswer = ({
  reportId,
  referenceNo,
  receivedAt,
  receipt,
}: FiledReport): FiledReport => ({ reportId, referenceNo, receivedAt, receipt });

const requestHash = (input: unknown) =>
  createHash("sha256")
    .update(canonicalize(input) ?? "")
    .digest("hex");

async function readIdempotency(ctx: StoreContext, sub: string, key: string) {
  const item = await mainItem(ctx, keys.idempotency(sub, key));
  return item as IdempotencyRecord | undefined;
}

function replay(record: IdempotencyRecord, hash: string): Filing {
  if (record.requestHash !== hash) {
    throw new ConflictError("This Idempotency-Key was already used with a different body.");
  }
  return record.response;
}

/**
 * A receipt the platform can later recognise as its own: HMAC-SHA256 under a key derived from the
 * deployment's fingerprint key (a separate purpose label, so neither MAC can stand for the other)
 * over what was received. A reporter who must show they reported (强制报告) shows it with the
 * reference number; it names no one.
 */
function filingReceipt(
  secret: string,
  filed: Omit<FiledReport, "receipt">,
  bodyDigest: string,
): string {
  const key = createHmac("sha256", secret).update("cp-filing-receipt").digest();
  const mac = createHmac("sha256", key)
    .update([filed.reportId, filed.referenceNo, filed.receivedAt, bodyDigest].join("|"))
    .digest("base64url");
  return `r1.${mac}`;
}

/** The open case of any of these children, if one exists. */
/**
 * What the table knows of these children, in one read: the open case of any of them (its
 * fingerprint item) and the care files they have (theirs), both consistent.
 */
async function childrenOnRecord(ctx: StoreContext, fingerprints: readonly string[]) {
  const found = await mainItems(
    ctx,
    [...fingerprints.map(keys.child), ...fingerprints.map(careKeys.fingerprint)],
    { consistent: true },
  );
  const caseLink = keys.child("").sk;
  const isCaseLink = (item: Record<string, unknown>) => item.sk === caseLink;
  return {
    openCaseId: found.find(isCaseLink)?.caseId as string | undefined,
    childFiles: childFilesIn(found.filter((item) => !isCaseLink(item))),
  };
}

const union = <T>(a: readonly T[], b: readonly T[]) => [...new Set([...a, ...b])];

function childFingerprints(ctx: StoreContext, children: readonly ChildInput[]) {
  return children.map((c) => childFingerprint(c, ctx.config.fingerprintKey));
}

export async function fileReport(
  ctx: StoreContext,
  who: Identity,
  input: ReportInput,
  idempotencyKey?: string,
): Promise<Filing> {
  const hash = requestHash(input);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (idempotencyKey) {
      const previous = await readIdempotency(ctx, who.sub, idempotencyKey);
      if (previous) return replay(previous, hash);
    }
    const fingerprints = childFingerprints(ctx, input.children);
    const known = fingerprints.filter((f): f is string => f !== undefined);
    const { openCaseId, childFiles } = await childrenOnRecord(ctx, known);
    // A new case gets its own data key; a report joining a case is sealed under that case's.
    const caseKey = openCaseId
      ? (await caseKeyRef(ctx, openCaseId))?.dataKey
      : await ctx.cipher.newSubjectKey();
    const now = ctx.clock.now();
    const answer = {
      reportId: newId(),
      referenceNo: newReferenceNo(ctx.config.referencePrefix, now),
      receivedAt: now.toISOString(),
    };
    const response: FiledReport = {
      ...answer,
      receipt: filingReceipt(ctx.config.fingerprintKey, answer, hash),
    };
    const filed: Filing = {
      ...response,
      caseId: openCaseId ?? newId(),
      linkedToExistingCase: openCaseId !== undefined,
    };
    const report: ReportRecord = {
      reportId: filed.reportId,
      caseId: filed.caseId,
      referenceNo: filed.referenceNo,
      receivedAt: filed.receivedAt,
      reporterSub: who.sub,
      linkedToExistingCase: filed.linkedToExistingCase,
      ...(who.org ? { reporterOrg: who.org } : {}),
      input,
    };
    const items = [
      put(ctx, await reportItem(ctx.cipher, report, caseKey)),
      put(ctx, { ...keys.reference(filed.referenceNo), reportId: filed.reportId }),
      feedbackClockItem(ctx, report, await slaPolicyAt(ctx, filed.receivedAt)),
      ...reportLinkItems(ctx, childFiles, filed),
      ...(idempotencyKey
        ? [
            put(ctx, {
              ...keys.idempotency(who.sub, idempotencyKey),
              requestHash: hash,
              response: filed,
              expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
            }),
          ]
        : []),
    ];
    const event: EventDraft = {
      actor: actorOf(who),
      action: "report_received",
      details: {
        reportId: filed.reportId,
        referenceNo: filed.referenceNo,
        categories: input.incident.categories,
        immediateDanger: input.incident.immediateDanger,
        children: input.children.length,
        linkedToExistingCase: filed.linkedToExistingCase,
      },
    };
    try {
      if (openCaseId) {
        await linkToCase(ctx, openCaseId, filed, input, fingerprints, items, event);
      } else {
        await openCase(ctx, filed, input, known, items, event, now, caseKey as string);
      }
    } catch (error) {
      // A lost race (the same child's case opened meanwhile, a reference number taken,
      // the same Idempotency-Key in flight): start again from a fresh read.
      if (error instanceof TransactionCanceledException) {
        continue;
      }
      if (error instanceof ConflictError) continue;
      throw error;
    }
    await publishIntake(ctx, filed.reportId, filed.caseId).catch(() => {
      // The report is stored; the outbox sweep publishes what was not sent.
    });
    return filed;
  }
  throw new ConflictError("The report could not be stored for contention; send it again.");
}

function put(ctx: StoreContext, item: Record<string, unknown>) {
  return {
    Put: {
      TableName: ctx.config.mainTableName,
      Item: item,
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

async function openCase(
  ctx: StoreContext,
  filed: Filing,
  input: ReportInput,
  fingerprints: readonly string[],
  items: readonly ReturnType<typeof put>[],
  draft: EventDraft,
  now: Date,
  dataKey: string,
) {
  const first = sealNext(EMPTY_HEAD, { ...draft, at: now.toISOString() });
  const record: CaseRecord = {
    caseId: filed.caseId,
    status: "open",
    createdAt: filed.receivedAt,
    referenceNo: filed.referenceNo,
    reportIds: [filed.reportId],
    children: input.children,
    fingerprints,
    categories: input.incident.categories,
    townships: [...new Set(input.children.map((c) => c.township))],
    immediateDanger: input.incident.immediateDanger,
    agencies: [],
    openTickets: {},
    dataKey,
    auditSeq: first.seq,
    auditHash: first.hash,
    version: 1,
  };
  const caseAndChildren = await caseItems(ctx.cipher, record);
  await ctx.clients.ddb.send(
    new TransactWriteCommand({
      TransactItems: [
        put(ctx, caseAndChildren.kase),
        ...(caseAndChildren.children ? [put(ctx, caseAndChildren.children)] : []),
        ...items,
        ...fingerprints.map((f) => put(ctx, { ...keys.child(f), caseId: filed.caseId })),
        auditItem(ctx, filed.caseId, first),
      ],
    }),
  );
}

async function linkToCase(
  ctx: StoreContext,
  caseId: string,
  filed: Filing,
  input: ReportInput,
  fingerprints: readonly (string | undefined)[],
  items: readonly ReturnType<typeof put>[],
  draft: EventDraft,
) {
  await commitCaseChange(ctx, caseId, (current) => {
    // A new report on a closed case reopens it (docs/domain.md, "Reopen"): the child's history
    // stays in one case, and the reporters' statuses follow the case again.
    const reopening = current.status === "closed";
    const newChildren = input.children.filter((_, i) => {
      const f = fingerprints[i];
      return f === undefined || !current.fingerprints.includes(f);
    });
    const newFingerprints = fingerprints.filter(
      (f): f is string => f !== undefined && !current.fingerprints.includes(f),
    );
    const { closedAt: _closedAt, ...open } = current;
    return {
      next: {
        ...open,
        status: "open" as const,
        reportIds: [...current.reportIds, filed.reportId],
        children: [...current.children, ...newChildren],
        fingerprints: [...current.fingerprints, ...newFingerprints],
        categories: union(current.categories, input.incident.categories),
        townships: union(
          current.townships,
          input.children.map((c) => c.township),
        ),
        immediateDanger: current.immediateDanger || input.incident.immediateDanger,
      },
      items: [...items, ...newFingerprints.map((f) => put(ctx, { ...keys.child(f), caseId }))],
      events: reopening
        ? [
            {
              actor: draft.actor,
              action: "case_reopened",
              details: { byReportId: filed.reportId, closedAt: current.closedAt },
            },
            draft,
          ]
        : [draft],
      result: undefined,
    };
  });
}

/** Put a report on the intake queue. Safe to repeat: FIFO deduplication on the report id, and the router is idempotent. */
export async function publishIntake(ctx: StoreContext, reportId: string, caseId: string) {
  await ctx.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrls(ctx.config).intake,
      MessageBody: JSON.stringify(IntakeMessageSchema.parse({ reportId, caseId })),
      MessageGroupId: caseId,
      MessageDeduplicationId: reportId,
    }),
  );
}

/**
 * A report as stored: with its input, or without it once its case was erased. `kase`: its case's
 * key as the caller already read it (otherwise read here).
 */
export async function readReport(
  ctx: StoreContext,
  reportId: string,
  kase?: CaseKeyRef & { readonly caseId: string },
): Promise<ReportRecord | ErasedReportRecord | undefined> {
  const item = await mainItem(ctx, keys.report(reportId));
  if (!item) return undefined;
  const caseKey =
    kase?.caseId === item.caseId ? kase : await caseKeyRef(ctx, item.caseId as string);
  return reportFromItem(ctx.cipher, item, caseKey);
}

/** A report whose input is needed (routing it): one of an erased case is an error. */
export async function readLiveReport(
  ctx: StoreContext,
  reportId: string,
): Promise<ReportRecord | undefined> {
  const report = await readReport(ctx, reportId);
  if (report && !("input" in report)) throw new Error(`report ${reportId} was erased`);
  return report;
}

/** What a reporter may know of their report: its status, derived from the case's progress. */
function statusOf(
  report: ReportRecord | ErasedReportRecord,
  kase: CaseRecord | undefined,
): ReportStatus {
  if (!report.routedAt) return "received";
  if (kase?.status === "closed") return "closed";
  if (kase?.firstAcceptedAt) return "in_progress";
  return "routed";
}

const viewOf = (
  report: ReportRecord | ErasedReportRecord,
  kase: CaseRecord | undefined,
): ReportStatusView => ({
  reportId: report.reportId,
  referenceNo: report.referenceNo,
  receivedAt: report.receivedAt,
  status: statusOf(report, kase),
});

async function readCases(ctx: StoreContext, caseIds: readonly string[]) {
  const found = (await mainItems(ctx, caseIds.map(keys.case), {
    projection: "caseId, #s, firstAcceptedAt",
    names: { "#s": "status" },
  })) as CaseRecord[];
  return new Map(found.map((c) => [c.caseId, c]));
}

/** The reporter who filed it, or a supervisor, sees its status; to anyone else it does not exist. */
export async function getReportStatus(
  ctx: StoreContext,
  who: Identity,
  reportId: string,
): Promise<ReportStatusView> {
  const report = await readReport(ctx, reportId);
  if (!report) {
    await recordAccessDenied(ctx, who, undefined, { via: "report", reportId });
    throw new NotFoundError("Report");
  }
  if (!mayReadReportStatus(who, report)) {
    await recordAccessDenied(ctx, who, report.caseId, { via: "report", reportId });
    throw new NotFoundError("Report", true);
  }
  const cases = await readCases(ctx, [report.caseId]);
  return viewOf(report, cases.get(report.caseId));
}

export async function listMyReports(
  ctx: StoreContext,
  who: Identity,
  page: { limit: number; cursor?: string },
): Promise<Page<ReportStatusView>> {
  const partition = { gsi2pk: partitions.reporterReports(who.sub) };
  return byParentPage(ctx, partition.gsi2pk, page, async (items) => {
    const reports = items as ReportRecord[];
    const cases = await readCases(
      ctx,
      reports.map((r) => r.caseId),
    );
    return reports.map((r) => viewOf(r, cases.get(r.caseId)));
  });
}
