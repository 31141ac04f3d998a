/**
 * Helpers shared by the SLA, sweeper and notification tests: driving the store directly with a
 * ManualClock against the stack's DynamoDB and SQS, so tickets get due times the test controls.
 *
 * Each test file works in its own year (tickets due long before the wall clock), and a sweep at
 * year Y only sees items due before Y, so files never escalate each other's recent tickets.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AuditEvent,
  type Identity,
  ManualClock,
  type ReportInput,
  ReportInputSchema,
  type SeverityFacts,
} from "@cp/domain";
import {
  caseKeyRef,
  type EscalationRecord,
  type Filing,
  fileReport,
  keys,
  openStatements,
  routeStoredReport,
  type StoreContext,
  type TicketRecord,
} from "@cp/store";
import { exampleReport, storeContext, uniqueIdNumber } from "../support/api.ts";

export const TEACHER: Identity = {
  sub: "teacher.li",
  name: "李老师",
  roles: ["reporter"],
  org: "建塘镇中心小学",
};

export const officerOf = (agency: NonNullable<Identity["agency"]>): Identity => ({
  sub: `officer.${agency}`,
  name: agency,
  roles: ["officer", "reporter"],
  agency,
});

/** The same store context, but its SQS client points at a closed port: every send fails. */
export function withBrokenQueues(ctx: StoreContext): StoreContext {
  const sqs = new SQSClient({
    endpoint: "http://127.0.0.1:9",
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  return { ...ctx, clients: { ...ctx.clients, sqs } };
}

export function reportInput(
  overrides: {
    categories?: string[];
    immediateDanger?: boolean;
    severity?: SeverityFacts;
    /** The same child in two reports: pass the same identity number. */
    idNumber?: string;
    relationship?: string;
  } = {},
): ReportInput {
  const { severity, idNumber, relationship, ...rest } = overrides;
  const example = exampleReport(idNumber ?? uniqueIdNumber(), rest);
  return ReportInputSchema.parse({
    ...example,
    reporter: { ...example.reporter, ...(relationship ? { relationship } : {}) },
    incident: { ...example.incident, ...(severity ? { severity } : {}) },
  });
}

/**
 * File a report and route it at the clock's time, with no intake message (so the stack's own
 * router, on the wall clock, never sees it).
 */
export async function fileAndRoute(
  clock: ManualClock,
  input: ReportInput,
  reporter: Identity = TEACHER,
): Promise<{ filed: Filing; tickets: TicketRecord[] }> {
  const ctx = storeContext(clock);
  const filed = await fileReport(withBrokenQueues(ctx), reporter, input);
  await routeStoredReport(ctx, filed.reportId);
  return { filed, tickets: await ticketsOfCase(ctx, filed.caseId) };
}

/** The case's tickets: their keys from the case's ticket index (gsi2), each then by its key. */
export async function ticketsOfCase(ctx: StoreContext, caseId: string) {
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk AND begins_with(gsi2sk, :t)",
      ExpressionAttributeValues: { ":pk": `CASE#${caseId}`, ":t": "TICKET#" },
      ConsistentRead: false,
    }),
  );
  return Promise.all(
    (out.Items ?? []).map(async ({ pk, sk }) => {
      const got = await ctx.clients.ddb.send(
        new GetCommand({ TableName: ctx.config.mainTableName, Key: { pk, sk } }),
      );
      return got.Item as TicketRecord;
    }),
  );
}

export const byAgency = (tickets: readonly TicketRecord[], agency: string) => {
  const t = tickets.find((x) => x.agency === agency);
  if (!t) throw new Error(`no ${agency} ticket among ${tickets.map((x) => x.agency).join(", ")}`);
  return t;
};

/** The case's audit events, oldest first. */
export async function auditEvents(ctx: StoreContext, caseId: string) {
  const events: AuditEvent[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.auditTableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    events.push(...((out.Items ?? []) as { event: AuditEvent }[]).map((i) => i.event));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return events;
}

/** The case's audit events with their statements opened (stored sealed under the case's key), as a reader of the trail gets them. */
export async function readableAuditEvents(ctx: StoreContext, caseId: string) {
  const kase = await caseKeyRef(ctx, caseId);
  return Promise.all(
    (await auditEvents(ctx, caseId)).map(async (e) => ({
      ...e,
      details: await openStatements(ctx.cipher, caseId, kase, e.details),
    })),
  );
}

/** The escalation record of (ticket or report, due time), if any. */
export async function escalationRecord(ctx: StoreContext, subjectId: string, dueAt: string) {
  const out = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.escalation(subjectId, dueAt),
      ConsistentRead: true,
    }),
  );
  return out.Item as EscalationRecord | undefined;
}

/** The ledger entry (inbox notification) of a notice id, if dispatch recorded it. */
export async function ledgerEntry(ctx: StoreContext, noticeId: string) {
  const out = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.delivery(`inbox#${noticeId}`),
      ConsistentRead: true,
    }),
  );
  return out.Item as Record<string, unknown> | undefined;
}

export { ManualClock };
