/**
 * Visits (走访记录): recorded once per visit made on the device (the client's visit id is the
 * key, so a visit sent again after a lost answer or from the offline queue is stored once), and
 * moving the file's clocks, counters and problems in the same transaction. A problem a visit
 * finds can become a mandatory report in one step, pre-filled from the file.
 */
import {
  actorOf,
  ConflictError,
  type Identity,
  InvalidInputError,
  localDate,
  NotFoundError,
  type RecordedVisitAnswer,
  type ReportFromVisit,
  ReportInputSchema,
  type VisitInput,
  visitTimeIssue,
} from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { fileReport } from "../repos/reports.ts";
import { ChangeItemConflict, commitChildChange, fileForReader } from "./files.ts";
import { careKeys } from "./keys.ts";
import { type ChildFileRecord, clocksOf, type ProblemRecord } from "./records.ts";

const later = (a: string | undefined, b: string) => (a && a > b ? a : b);

/** What a visit does to a file (pure apart from the ids it is given). */
function applyVisit(
  file: ChildFileRecord,
  visit: VisitInput,
): { next: ChildFileRecord; late: boolean; problems: ProblemRecord[] } {
  const on = localDate(visit.occurredAt);
  const clocks = clocksOf(file, on);
  const late =
    visit.kind === "home_visit" ? on > clocks.homeVisit.dueOn : on > clocks.contact.dueOn;
  const problems: ProblemRecord[] = [];
  if (visit.problem) {
    problems.push({
      problemId: visit.clientVisitId,
      foundOn: on,
      kind: "harm",
      summary: visit.problem.summary,
      categories: visit.problem.categories,
      immediateDanger: visit.problem.immediateDanger,
      status: "open",
    });
  }
  if (visit.carerUnableOrUnwilling) {
    // Item 2: tell the parents, report to the village committee, have the carer act or be replaced.
    problems.push({
      problemId: `${visit.clientVisitId}-carer`,
      foundOn: on,
      kind: "carer",
      summary:
        "受委托照护人缺乏照护能力或怠于履行照护职责: 告知父母, 报告村(居)委会, 督促履责或重新选择被委托人",
      categories: [],
      immediateDanger: false,
      status: "open",
    });
  }
  const help = { ...file.counts.help };
  for (const h of visit.help) help[h.kind] = (help[h.kind] ?? 0) + 1;
  return {
    late,
    problems,
    next: {
      ...file,
      lastContactOn: later(file.lastContactOn, on),
      ...(visit.kind === "home_visit" ? { lastHomeVisitOn: later(file.lastHomeVisitOn, on) } : {}),
      counts: {
        contacts: file.counts.contacts + (visit.kind === "contact" ? 1 : 0),
        homeVisits: file.counts.homeVisits + (visit.kind === "home_visit" ? 1 : 0),
        lateVisits: file.counts.lateVisits + (late ? 1 : 0),
        help,
      },
      problems: [...file.problems, ...problems],
    },
  };
}

export async function recordVisit(
  ctx: StoreContext,
  who: Identity,
  childId: string,
  visit: VisitInput,
): Promise<RecordedVisitAnswer> {
  const file = await fileForReader(ctx, who, childId, "keep");
  // The schema judged the future by the API's clock; the store judges it by its own, and by the child's birth.
  const problem = visitTimeIssue(visit.occurredAt, ctx.clock.now().getTime(), file.input.birthDate);
  if (problem) {
    throw new InvalidInputError("The visit's time cannot be true.", [
      { path: "occurredAt", message: problem },
    ]);
  }
  let recorded: RecordedVisitAnswer;
  try {
    recorded = await commitChildChange(ctx, childId, async (current, now) => {
      const { next, late, problems } = applyVisit(current, visit);
      const { fileReport: _f, ...details } = visit;
      return {
        next,
        items: [
          {
            Put: {
              TableName: ctx.config.mainTableName,
              Item: {
                ...careKeys.visit(childId, visit.clientVisitId),
                visitId: visit.clientVisitId,
                kind: visit.kind,
                occurredAt: visit.occurredAt,
                recordedAt: now.toISOString(),
                sealed: await ctx.cipher.seal(
                  { ...details, by: who.sub, late, recordedAt: now.toISOString() },
                  `childfile:${childId}:visit`,
                ),
              },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
        events: [
          {
            actor: actorOf(who),
            action: "visit_recorded",
            details: {
              visitId: visit.clientVisitId,
              kind: visit.kind,
              channel: visit.channel,
              occurredOn: localDate(visit.occurredAt),
              late,
              problems: problems.map((p) => p.kind),
              help: visit.help.map((h) => h.kind),
            },
          },
        ],
        result: { visitId: visit.clientVisitId, created: true, late },
      };
    });
  } catch (error) {
    if (!(error instanceof ChangeItemConflict)) throw error;
    recorded = { visitId: visit.clientVisitId, created: false, late: false };
  }
  if (visit.fileReport && visit.problem) {
    const report = await reportFromVisit(ctx, who, childId, visit.clientVisitId, {});
    return { ...recorded, report };
  }
  return recorded;
}

/**
 * File a visit's problem as a mandatory report: the child from the file, the 主任 as reporter,
 * the problem as the incident. Idempotent per visit (the visit id is the Idempotency-Key).
 */
export async function reportFromVisit(
  ctx: StoreContext,
  who: Identity,
  childId: string,
  visitId: string,
  extra: ReportFromVisit,
): Promise<{ reportId: string; referenceNo: string }> {
  const file = await fileForReader(ctx, who, childId, "keep");
  const problem = file.problems.find((p) => p.problemId === visitId && p.kind === "harm");
  if (!problem) throw new NotFoundError("Problem found on this visit");
  if (problem.reportId && problem.referenceNo) {
    return { reportId: problem.reportId, referenceNo: problem.referenceNo };
  }
  const categories = extra.categories ?? problem.categories;
  if (categories.length === 0) {
    throw new InvalidInputError("Say what kind of harm the report is about.", [
      { path: "categories", message: "required: the visit recorded none" },
    ]);
  }
  const f = file.input;
  const input = ReportInputSchema.parse({
    reporter: { relationship: "child_director" },
    children: [
      {
        name: f.name,
        gender: f.gender,
        birthDate: f.birthDate,
        ...(f.idNumber ? { idNumber: f.idNumber } : {}),
        township: f.township,
        village: f.village,
        circumstances: f.circumstances,
      },
    ],
    incident: {
      categories,
      description: [problem.summary, extra.description].filter(Boolean).join("\n"),
      immediateDanger: extra.immediateDanger ?? problem.immediateDanger,
      location: `${f.township} ${f.village}`,
    },
  });
  const filed = await fileReport(ctx, who, input, `visit-${visitId}`);
  await commitChildChange(ctx, childId, (current) => {
    const at = current.problems.findIndex((p) => p.problemId === visitId);
    if (at < 0) throw new ConflictError("The problem is gone from the file.");
    const problems = current.problems.map((p, i) =>
      i === at ? { ...p, reportId: filed.reportId, referenceNo: filed.referenceNo } : p,
    );
    return {
      next: { ...current, problems },
      items: [],
      events: [
        {
          actor: actorOf(who),
          action: "report_filed_from_visit",
          details: { visitId, reportId: filed.reportId, referenceNo: filed.referenceNo },
        },
      ],
      result: undefined,
    };
  });
  return { reportId: filed.reportId, referenceNo: filed.referenceNo };
}

/** Close a problem with its solution (发现问题和解决方案). */
export async function solveProblem(
  ctx: StoreContext,
  who: Identity,
  childId: string,
  problemId: string,
  solution: string,
) {
  await fileForReader(ctx, who, childId, "keep");
  return commitChildChange(ctx, childId, (current, now) => {
    const at = current.problems.findIndex((p) => p.problemId === problemId);
    if (at < 0) throw new NotFoundError("Problem");
    if (current.problems[at]?.status === "solved") throw new ConflictError("Already solved.");
    const problems = current.problems.map((p, i) =>
      i === at ? { ...p, status: "solved" as const, solution, solvedOn: localDate(now) } : p,
    );
    return {
      next: { ...current, problems },
      items: [],
      events: [{ actor: actorOf(who), action: "problem_solved", details: { problemId } }],
      result: { problemId, status: "solved" },
    };
  });
}
