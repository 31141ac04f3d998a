/**
 * A child's file as the store keeps it. The file's contents (`input`: name, identity number,
 * circumstances, household, guardians, risk…) and its problems are sealed like case data
 * (docs/decisions/0007-access-and-privacy.md): circumstances such as HIV or disability are
 * sensitive personal information (个人信息保护法 Art. 28). Ids, the area, the household number,
 * due dates and counters stay plain: the indexes and the roll-ups need them, and they name no one.
 */
import {
  type ChildFileInput,
  DEFAULT_VISIT_POLICY,
  type EscalationsTaken,
  type HarmCategory,
  nextDueOn,
  nextEscalation,
  type RollupSubject,
  type VisitPolicy,
  visitClocks,
} from "@cp/domain";
import type { PersonalDataCipher } from "../crypto/personal-data-cipher.ts";
import { recordOf } from "../records.ts";
import { CARE_DUE_WORK_LIST, careKeys } from "./keys.ts";

export interface ProblemRecord {
  /** The visit that found it (its client id), or a generated id. */
  readonly problemId: string;
  readonly foundOn: string;
  /** harm: suspected harm or danger (a report may follow); carer: item 2's carer unable or unwilling. */
  readonly kind: "harm" | "carer";
  readonly summary: string;
  readonly categories: readonly HarmCategory[];
  readonly immediateDanger: boolean;
  readonly status: "open" | "solved";
  readonly solution?: string;
  readonly solvedOn?: string;
  readonly reportId?: string;
  readonly referenceNo?: string;
}

export interface ChildFileRecord {
  readonly childId: string;
  readonly status: "active" | "closed";
  readonly openedAt: string;
  readonly openedOn: string;
  readonly township: string;
  readonly village: string;
  readonly householdNo: string;
  readonly input: ChildFileInput;
  readonly problems: readonly ProblemRecord[];
  readonly lastContactOn?: string;
  readonly lastHomeVisitOn?: string;
  readonly counts: {
    readonly contacts: number;
    readonly homeVisits: number;
    readonly lateVisits: number;
    readonly help: Readonly<Record<string, number>>;
  };
  readonly escalations: EscalationsTaken;
  readonly fingerprint?: string;
  readonly importId?: string;
  readonly version: number;
  readonly auditSeq: number;
  readonly auditHash: string;
}

const sealedCareContext = {
  input: (childId: string) => `childfile:${childId}:input`,
  problems: (childId: string) => `childfile:${childId}:problems`,
};

/** The visit policy in force; one place to change when policy versions are stored. */
export const visitPolicyOf = (_record?: ChildFileRecord): VisitPolicy => DEFAULT_VISIT_POLICY;

/** The file's clocks (their due dates do not depend on the day of reading; their state does). */
export function clocksOf(r: ChildFileRecord, today: string) {
  return visitClocks(
    {
      risk: r.input.risk.level,
      attention: r.input.attention,
      circumstances: r.input.circumstances,
    },
    { openedOn: r.openedOn, lastContactOn: r.lastContactOn, lastHomeVisitOn: r.lastHomeVisitOn },
    today,
    visitPolicyOf(r),
  );
}

/** Index attributes derived from the file's state on every write, so they never drift from it. */
function fileIndexKeys(r: ChildFileRecord) {
  if (r.status !== "active") return {};
  const clocks = clocksOf(r, r.openedOn);
  const due = nextDueOn(clocks);
  const pending = nextEscalation(clocks, r.escalations, visitPolicyOf(r));
  return {
    gsi1pk: `CAREVILLAGE#${r.township}#${r.village}`,
    gsi1sk: `${due}#${r.childId}`,
    gsi2pk: `CARETOWNSHIP#${r.township}`,
    gsi2sk: `${due}#${r.childId}`,
    ...(pending ? { gsi3pk: CARE_DUE_WORK_LIST, gsi3sk: `${pending.at}#${r.childId}` } : {}),
  };
}

/** What of the file the roll-ups count. */
export function rollupSubjectOf(r: ChildFileRecord): RollupSubject {
  const clocks = clocksOf(r, r.openedOn);
  return {
    circumstances: r.input.circumstances,
    risk: r.input.risk.level,
    needs: r.input.needs,
    helpGiven: r.counts.help,
    problemsFound: r.problems.length,
    problemsSolved: r.problems.filter((p) => p.status === "solved").length,
    contacts: r.counts.contacts,
    homeVisits: r.counts.homeVisits,
    lateVisits: r.counts.lateVisits,
    contactDueOn: clocks.contact.dueOn,
    homeVisitDueOn: clocks.homeVisit.dueOn,
    active: r.status === "active",
  };
}

type Stored = Omit<ChildFileRecord, "input" | "problems"> & { input: string; problems: string };

export async function fileItem(cipher: PersonalDataCipher, r: ChildFileRecord) {
  const stored: Stored = {
    ...r,
    input: await cipher.seal(r.input, sealedCareContext.input(r.childId)),
    problems: await cipher.seal(r.problems, sealedCareContext.problems(r.childId)),
  };
  return { ...careKeys.file(r.childId), ...stored, ...fileIndexKeys(r) };
}

export async function fileFromItem(
  cipher: PersonalDataCipher,
  item: Record<string, unknown>,
): Promise<ChildFileRecord> {
  const stored = recordOf<Stored>(item);
  return {
    ...stored,
    input: await cipher.open<ChildFileInput>(stored.input, sealedCareContext.input(stored.childId)),
    problems: await cipher.open<ProblemRecord[]>(
      stored.problems,
      sealedCareContext.problems(stored.childId),
    ),
  };
}
