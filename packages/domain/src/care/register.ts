/**
 * The 儿童主任 register and training records (item 18), and the coverage civil affairs watches:
 * every village with at least one 主任; more where a village has over 30 children in care; every
 * 主任 trained every year (民政部门要确保实现每年对儿童主任培训全覆盖).
 */
import * as z from "zod";
import { CalendarDateSchema } from "../bounds.ts";
import {
  cleanString,
  localToday,
  MESSAGES,
  phoneNumber,
  nameText as text,
} from "../input-rules.ts";

/** Children per 主任 above which the plan asks for another (item 18: 超过30人的村…增配). */
const CHILDREN_PER_DIRECTOR = 30;

export const DirectorInputSchema = z.strictObject({
  /** The 主任's sign-in id: their token carries it as `sub`. */
  sub: cleanString(1, 64).regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, dot, dash, underscore"),
  name: text(50),
  township: text(50),
  village: text(50),
  phone: phoneNumber().optional(),
  appointedOn: CalendarDateSchema,
});
export type DirectorInput = z.infer<typeof DirectorInputSchema>;

export const TrainingInputSchema = z.strictObject({
  /** A training that took place: not after today. */
  on: CalendarDateSchema.refine((d) => d <= localToday(Date.now()), {
    message: MESSAGES.dateInFuture,
  }),
  course: text(200),
  hours: z.number().positive().max(200),
});
export type TrainingInput = z.infer<typeof TrainingInputSchema>;

export interface DirectorRecord extends DirectorInput {
  readonly trainings: readonly TrainingInput[];
}

interface VillageLoad {
  readonly township: string;
  readonly village: string;
  readonly children: number;
}

export interface Coverage {
  readonly year: number;
  readonly villagesWithoutDirector: readonly VillageLoad[];
  /** Villages with more than 30 children per 主任. */
  readonly overloaded: readonly (VillageLoad & { readonly directors: number })[];
  readonly untrainedThisYear: readonly {
    readonly sub: string;
    readonly name: string;
    readonly township: string;
    readonly village: string;
  }[];
  readonly directors: number;
  readonly trainedThisYear: number;
}

const villageKey = (v: { township: string; village: string }) => `${v.township}/${v.village}`;

/**
 * Coverage for `year` over the villages that have children in care (and any village with a
 * 主任). A village the roll-ups do not know and no 主任 serves cannot be seen here: the register
 * of villages is the survey's.
 */
export function coverageOf(
  villages: readonly VillageLoad[],
  directors: readonly DirectorRecord[],
  year: number,
): Coverage {
  const perVillage = new Map<string, number>();
  for (const d of directors)
    perVillage.set(villageKey(d), (perVillage.get(villageKey(d)) ?? 0) + 1);
  const trained = (d: DirectorRecord) => d.trainings.some((t) => t.on.startsWith(`${year}-`));
  return {
    year,
    villagesWithoutDirector: villages.filter(
      (v) => v.children > 0 && !perVillage.has(villageKey(v)),
    ),
    overloaded: villages
      .map((v) => ({ ...v, directors: perVillage.get(villageKey(v)) ?? 0 }))
      .filter((v) => v.directors > 0 && v.children > CHILDREN_PER_DIRECTOR * v.directors),
    untrainedThisYear: directors
      .filter((d) => !trained(d))
      .map(({ sub, name, township, village }) => ({ sub, name, township, village })),
    directors: directors.length,
    trainedThisYear: directors.filter(trained).length,
  };
}
