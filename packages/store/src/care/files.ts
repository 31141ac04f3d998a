/**
 * Children's files: opened, changed, read and listed. Every change goes through
 * `commitChildChange`, which — as `commitCaseChange` does for cases — writes the file guarded by
 * its version, the change's own items, its audit events on the file's hash chain and the roll-up
 * deltas in one TransactWriteItems, and rebuilds the change on fresh state when the file moved.
 * Every read of a file is logged on its access log before it is served; a caller outside the
 * file's area gets 404, as for a file that does not exist, and the refusal is logged too.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  type AuditEvent,
  actorOf,
  ageOn,
  type ChildFileAnswer,
  type ChildFileInput,
  type ChildListItem,
  ConflictError,
  careScopeOf,
  childFingerprint,
  circumstanceIssues,
  circumstancesOn,
  EMPTY_HEAD,
  fileGaps,
  type Identity,
  InvalidInputError,
  localDate,
  mayKeepChildFile,
  mayReadChildFile,
  NotFoundError,
  sealAll,
} from "@cp/domain";
import { type EventDraft, putItem, type TransactItem } from "../change.ts";
import type { StoreContext } from "../context.ts";
import { newId } from "../ids.ts";
import { keys } from "../keys.ts";
import { nextCursor, startKey } from "../pages.ts";
import { indexedItems, mainItem, mainItems, partitionItems } from "../query.ts";
import { careKeys } from "./keys.ts";
import { type ChildFileRecord, clocksOf, fileFromItem, fileItem } from "./records.ts";
import { areaItems, rollupItems } from "./rollups.ts";

export async function readChildFile(ctx: StoreContext, childId: string) {
  const item = await mainItem(ctx, careKeys.file(childId));
  return item ? fileFromItem(ctx.cipher, item) : undefined;
}

function auditPut(ctx: StoreContext, childId: string, event: AuditEvent): TransactItem {
  return putItem(
    ctx.config.auditTableName,
    { ...careKeys.audit(childId, event.seq), childId, event },
    "new",
  );
}

interface ChildChange<R> {
  readonly next: Omit<ChildFileRecord, "version" | "auditSeq" | "auditHash">;
  readonly items: readonly TransactItem[];
  readonly events: readonly EventDraft[];
  readonly result: R;
}

/** A failed condition on one of the change's own items (index into `items`). */
export class ChangeItemConflict extends Error {
  constructor(readonly index: number) {
    super("A condition of the change failed.");
  }
}

const MAX_ATTEMPTS = 10;

export async function commitChildChange<R>(
  ctx: StoreContext,
  childId: string,
  build: (current: ChildFileRecord, now: Date) => Promise<ChildChange<R>> | ChildChange<R>,
): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const current = await readChildFile(ctx, childId);
    if (!current) throw new NotFoundError("Child file");
    const now = ctx.clock.now();
    const change = await build(current, now);
    const events = sealAll(
      { seq: current.auditSeq, hash: current.auditHash },
      change.events.map((e) => ({ ...e, at: now.toISOString() })),
    );
    const head = events.at(-1) ?? { seq: current.auditSeq, hash: current.auditHash };
    const next: ChildFileRecord = {
      ...change.next,
      auditSeq: head.seq,
      auditHash: head.hash,
      version: current.version + 1,
    };
    try {
      await ctx.clients.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            putItem(ctx.config.mainTableName, await fileItem(ctx.cipher, next), {
              version: current.version,
            }),
            ...change.items,
            ...events.map((e) => auditPut(ctx, childId, e)),
            ...rollupItems(ctx, current, next),
          ],
        }),
      );
      return change.result;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const own = reasons.findIndex((r, i) => i > 0 && r.Code === "ConditionalCheckFailed");
      if (own > 0 && own <= change.items.length) throw new ChangeItemConflict(own - 1);
      if (attempt < MAX_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
        continue;
      }
      throw new ConflictError("The file is busy; try again.");
    }
  }
}

/** Input that the plan's definitions refuse on `today` (an age limit passed, parents not away long enough). */
function checkCircumstances(input: ChildFileInput, today: string) {
  const issues = circumstanceIssues(input, today);
  if (issues.length > 0) {
    throw new InvalidInputError(
      "The circumstances do not hold under the plan's definitions.",
      issues,
    );
  }
}

interface OpenFileOptions {
  /** A fixed id (a survey import derives it from the import and the row, so a resumed import repeats no file). */
  readonly childId?: string;
  readonly importId?: string;
}

interface OpenedFile {
  readonly childId: string;
  /** False when the file existed already (a repeated import row). */
  readonly created: boolean;
}

class DuplicateChild extends ConflictError {
  constructor(readonly existingChildId: string | undefined) {
    super("This child already has a file.");
  }
}

/**
 * Open a file: the file, the fingerprint that lets reports about the child find it, links to the
 * child's open case if there is one, the area registry, the roll-ups and the first audit event,
 * in one transaction.
 */
export async function openChildFile(
  ctx: StoreContext,
  who: Identity,
  input: ChildFileInput,
  options: OpenFileOptions = {},
): Promise<OpenedFile> {
  const area = { township: input.township, village: input.village };
  const scope = careScopeOf(who);
  const allowed = options.importId
    ? scope !== undefined && scope.level !== "village"
    : mayKeepChildFile(who, area);
  if (!allowed || (scope && scope.level !== "city" && scope.township !== area.township)) {
    throw new InvalidInputError("This file is outside the caller's area.", [
      { path: "village", message: "not in your area" },
    ]);
  }
  const now = ctx.clock.now();
  const today = localDate(now);
  checkCircumstances(input, today);
  const childId = options.childId ?? newId();
  const fingerprint = childFingerprint(
    { ...input, circumstances: input.circumstances, gender: input.gender },
    ctx.config.fingerprintKey,
  );
  const openCase = fingerprint ? await openCaseOf(ctx, fingerprint) : undefined;
  const first = sealAll(EMPTY_HEAD, [
    {
      actor: actorOf(who),
      action: "child_file_opened",
      details: {
        childId,
        township: input.township,
        village: input.village,
        ...(options.importId ? { importId: options.importId } : {}),
        gaps: fileGaps(input),
      },
      at: now.toISOString(),
    },
  ])[0] as AuditEvent;
  const record: ChildFileRecord = {
    childId,
    status: "active",
    openedAt: now.toISOString(),
    openedOn: today,
    township: input.township,
    village: input.village,
    householdNo: input.household.householdNo,
    input,
    problems: [],
    counts: { contacts: 0, homeVisits: 0, lateVisits: 0, help: {} },
    escalations: {},
    ...(fingerprint ? { fingerprint } : {}),
    ...(options.importId ? { importId: options.importId } : {}),
    version: 1,
    auditSeq: first.seq,
    auditHash: first.hash,
  };
  try {
    await ctx.clients.ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          putItem(ctx.config.mainTableName, await fileItem(ctx.cipher, record), "new"),
          ...(fingerprint
            ? [
                putItem(
                  ctx.config.mainTableName,
                  { ...careKeys.fingerprint(fingerprint), childId },
                  "new",
                ),
              ]
            : []),
          ...(openCase
            ? [
                putItem(ctx.config.mainTableName, {
                  ...careKeys.link(childId, openCase.createdAt, `case-${openCase.caseId}`),
                  caseId: openCase.caseId,
                  linkedAt: now.toISOString(),
                }),
              ]
            : []),
          ...areaItems(ctx, record),
          ...rollupItems(ctx, undefined, record),
          auditPut(ctx, childId, first),
        ],
      }),
    );
    return { childId, created: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [fileReason, fpReason] = error.CancellationReasons ?? [];
    if (fileReason?.Code === "ConditionalCheckFailed") return { childId, created: false };
    if (fpReason?.Code === "ConditionalCheckFailed" && fingerprint) {
      throw new DuplicateChild(await childIdOfFingerprint(ctx, fingerprint));
    }
    throw new ConflictError("The file could not be stored for contention; send it again.");
  }
}

async function openCaseOf(ctx: StoreContext, fingerprint: string) {
  const out = await ctx.clients.ddb.send(
    new GetCommand({ TableName: ctx.config.mainTableName, Key: keys.child(fingerprint) }),
  );
  const caseId = out.Item?.caseId as string | undefined;
  if (!caseId) return undefined;
  const kase = await ctx.clients.ddb.send(
    new GetCommand({
      TableName: ctx.config.mainTableName,
      Key: keys.case(caseId),
      ProjectionExpression: "caseId, createdAt",
    }),
  );
  return kase.Item as { caseId: string; createdAt: string } | undefined;
}

async function childIdOfFingerprint(ctx: StoreContext, fingerprint: string) {
  const out = await ctx.clients.ddb.send(
    new GetCommand({ TableName: ctx.config.mainTableName, Key: careKeys.fingerprint(fingerprint) }),
  );
  return out.Item?.childId as string | undefined;
}

/** Log one access to one file (a read, or a refusal), before anything is served. */
async function logAccess(
  ctx: StoreContext,
  who: Identity,
  childIds: readonly string[],
  action: "child_file_viewed" | "child_file_listed" | "child_file_exported" | "access_denied",
) {
  const at = ctx.clock.now().toISOString();
  const items = childIds.map((childId) => ({
    PutRequest: {
      Item: {
        pk: careKeys.accessPartition(childId),
        sk: `${at}#${newId()}`,
        childId,
        at,
        action,
        actor: actorOf(who),
      },
    },
  }));
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, unknown[]> = {
      [ctx.config.auditTableName]: items.slice(i, i + 25),
    };
    while (Object.keys(request).length > 0) {
      const out = await ctx.clients.ddb.send(
        new BatchWriteCommand({ RequestItems: request as never }),
      );
      request = (out.UnprocessedItems ?? {}) as typeof request;
    }
  }
}

/** A file as its area allows, or NotFound (with the refusal logged) — the one way files are read. */
export async function fileForReader(
  ctx: StoreContext,
  who: Identity,
  childId: string,
  purpose: "read" | "keep" = "read",
) {
  const file = await readChildFile(ctx, childId);
  if (!file) throw new NotFoundError("Child file");
  const area = { township: file.township, village: file.village };
  const allowed = purpose === "read" ? mayReadChildFile(who, area) : mayKeepChildFile(who, area);
  if (!allowed) {
    await logAccess(ctx, who, [childId], "access_denied");
    throw new NotFoundError("Child file");
  }
  return file;
}

/**
 * Circumstances recorded on the file that no longer apply today (left-behind ends at 16, every
 * circumstance at 18): shown so the 主任 updates or closes the file; the file keeps what was recorded.
 */
function endedCircumstances(input: ChildFileInput, today: string): string[] {
  const inForce = new Set(circumstancesOn(input, today));
  return input.circumstances.filter((c) => !inForce.has(c));
}

/** The file itself, without the parts kept beside it (visits, work log, cases). */
type ChildFileView = Omit<ChildFileAnswer, "visits" | "workLog" | "cases">;

function viewOf(file: ChildFileRecord, today: string): ChildFileView {
  return {
    childId: file.childId,
    status: file.status,
    openedAt: file.openedAt,
    file: file.input,
    gaps: fileGaps(file.input),
    endedCircumstances: endedCircumstances(file.input, today),
    clocks: clocksOf(file, today),
    ...(file.lastContactOn ? { lastContactOn: file.lastContactOn } : {}),
    ...(file.lastHomeVisitOn ? { lastHomeVisitOn: file.lastHomeVisitOn } : {}),
    counts: file.counts,
    problems: file.problems,
    escalations: file.escalations,
    version: file.version,
  };
}

/** Everything kept under the file: visits, links to reports and cases, work log lines. */
async function allParts(ctx: StoreContext, childId: string) {
  const items = await partitionItems(
    ctx,
    ctx.config.mainTableName,
    careKeys.filePartition(childId),
  );
  return items.filter((i) => i.sk !== "FILE");
}

type CaseHistoryEntry = ChildFileAnswer["cases"][number];

/** The child's reports and cases over time, with each case's status now (kept after it closes). */
async function caseHistory(ctx: StoreContext, links: readonly Record<string, unknown>[]) {
  const caseIds = [...new Set(links.map((l) => l.caseId as string))];
  const found = await mainItems(ctx, caseIds.map(keys.case), {
    projection: "caseId, #s, createdAt, closedAt, referenceNo, categories",
    names: { "#s": "status" },
  });
  const cases = new Map<string, Record<string, unknown>>(found.map((c) => [c.caseId as string, c]));
  return links.map((l): CaseHistoryEntry => {
    const c = cases.get(l.caseId as string) ?? {};
    return {
      caseId: l.caseId as string,
      linkedAt: (l.receivedAt ?? l.linkedAt) as string,
      ...(l.reportId ? { reportId: l.reportId as string } : {}),
      ...((l.referenceNo ?? c.referenceNo)
        ? { referenceNo: (l.referenceNo ?? c.referenceNo) as string }
        : {}),
      ...(c.status ? { status: c.status as CaseHistoryEntry["status"] } : {}),
      ...(c.createdAt ? { createdAt: c.createdAt as string } : {}),
      ...(c.closedAt ? { closedAt: c.closedAt as string } : {}),
      ...(c.categories ? { categories: c.categories as CaseHistoryEntry["categories"] } : {}),
    };
  });
}

export async function getChildFile(
  ctx: StoreContext,
  who: Identity,
  childId: string,
): Promise<ChildFileAnswer> {
  const file = await fileForReader(ctx, who, childId);
  await logAccess(ctx, who, [childId], "child_file_viewed");
  const parts = await allParts(ctx, childId);
  const visits = await Promise.all(
    parts
      .filter((p) => (p.sk as string).startsWith("VISIT#"))
      .map((p) =>
        ctx.cipher.open<ChildFileAnswer["visits"][number]>(
          p.sealed as string,
          `childfile:${childId}:visit`,
        ),
      ),
  );
  const log = await Promise.all(
    parts
      .filter((p) => (p.sk as string).startsWith("LOG#"))
      .map(async (p) => ({
        at: p.at as string,
        by: p.by as string,
        note: await ctx.cipher.open<string>(p.note as string, `childfile:${childId}:log`),
      })),
  );
  const links = parts.filter((p) => (p.sk as string).startsWith("LINK#"));
  return {
    ...viewOf(file, localDate(ctx.clock.now())),
    visits: visits.sort((a, b) => String(b.occurredAt).localeCompare(String(a.occurredAt))),
    workLog: log.sort((a, b) => b.at.localeCompare(a.at)),
    cases: await caseHistory(ctx, links),
  };
}

/**
 * The caller's children, ordered by what is due first: a 主任 their village; a 督导员 their
 * township (or one village of it); 民政 a township or a village it names. Each listed file is a
 * read and is logged.
 */
export async function listChildren(
  ctx: StoreContext,
  who: Identity,
  area: { township?: string | undefined; village?: string | undefined },
  page: { limit: number; cursor?: string | undefined },
) {
  const scope = careScopeOf(who);
  if (!scope) throw new NotFoundError("Area");
  let township: string | undefined;
  let village: string | undefined;
  if (scope.level === "village") {
    const other =
      (area.township && area.township !== scope.township) ||
      (area.village && area.village !== scope.village);
    if (other) throw new NotFoundError("Area");
    township = scope.township;
    village = scope.village;
  } else if (scope.level === "township") {
    if (area.township && area.township !== scope.township) throw new NotFoundError("Area");
    township = scope.township;
    village = area.village;
  } else {
    township = area.township;
    village = area.village;
  }
  if (!township) {
    throw new InvalidInputError("Name the township to list.", [
      { path: "township", message: "required" },
    ]);
  }
  const byVillage = village !== undefined;
  const partition: Record<string, string> = byVillage
    ? { gsi1pk: `CAREVILLAGE#${township}#${village}` }
    : { gsi2pk: `CARETOWNSHIP#${township}` };
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      IndexName: byVillage ? "gsi1" : "gsi2",
      KeyConditionExpression: byVillage ? "gsi1pk = :p" : "gsi2pk = :p",
      ExpressionAttributeValues: { ":p": Object.values(partition)[0] },
      Limit: page.limit,
      ExclusiveStartKey: startKey(page.cursor, partition),
    }),
  );
  // Both lists' indexes carry only keys and ids: the files are read by key.
  const found = await indexedItems(ctx, out.Items ?? []);
  const files = await Promise.all(found.map((i) => fileFromItem(ctx.cipher, i)));
  await logAccess(
    ctx,
    who,
    files.map((f) => f.childId),
    "child_file_listed",
  );
  const today = localDate(ctx.clock.now());
  const items: ChildListItem[] = files.map((f) => {
    const clocks = clocksOf(f, today);
    return {
      childId: f.childId,
      name: f.input.name,
      gender: f.input.gender,
      age: ageOn(f.input.birthDate, today),
      township: f.township,
      village: f.village,
      householdNo: f.householdNo,
      circumstances: f.input.circumstances,
      endedCircumstances: endedCircumstances(f.input, today),
      risk: f.input.risk.level,
      nextDueOn: [clocks.contact.dueOn, clocks.homeVisit.dueOn].sort()[0] as string,
      contact: clocks.contact,
      homeVisit: clocks.homeVisit,
      openProblems: f.problems.filter((p) => p.status === "open").length,
    };
  });
  const cursor = nextCursor(out.LastEvaluatedKey);
  return { items, ...(cursor ? { nextCursor: cursor } : {}) };
}

/** Change a file's contents (the 主任 or 督导员 of its area): validated as a new file would be. */
export async function updateChildFile(
  ctx: StoreContext,
  who: Identity,
  childId: string,
  input: ChildFileInput,
  expectedVersion?: number,
) {
  await fileForReader(ctx, who, childId, "keep");
  return commitChildChange(ctx, childId, (current, now) => {
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictError("The file changed meanwhile; read it again.");
    }
    if (!mayKeepChildFile(who, { township: input.township, village: input.village })) {
      throw new InvalidInputError("The new area is outside the caller's area.", [
        { path: "village", message: "not in your area" },
      ]);
    }
    checkCircumstances(input, localDate(now));
    const next = {
      ...current,
      input,
      township: input.township,
      village: input.village,
      householdNo: input.household.householdNo,
    };
    const moved =
      next.township !== current.township ||
      next.village !== current.village ||
      next.householdNo !== current.householdNo;
    return {
      next,
      items: moved ? areaItems(ctx, next as ChildFileRecord) : [],
      events: [
        {
          actor: actorOf(who),
          action: "child_file_updated",
          details: { risk: input.risk.level, circumstances: input.circumstances.length, moved },
        },
      ],
      result: { childId, version: current.version + 1 },
    };
  });
}

/** A line of the work log (工作日志), sealed. */
export async function addWorkLog(ctx: StoreContext, who: Identity, childId: string, note: string) {
  await fileForReader(ctx, who, childId, "keep");
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.clients.ddb.send(
    new PutCommand({
      TableName: ctx.config.mainTableName,
      Item: {
        ...careKeys.log(childId, at, id),
        at,
        by: who.sub,
        note: await ctx.cipher.seal(note, `childfile:${childId}:log`),
      },
    }),
  );
  return { at, id };
}

export { logAccess };
