/**
 * Demo children's files for `npm start`: one township (尼西乡), three villages, their 儿童主任 in
 * the register, and two dozen children with made-up names. Ids are fixed, so a persisted stack
 * started again adds nothing twice.
 */
import {
  type ChildFileInput,
  CIRCUMSTANCES,
  type Circumstance,
  type Identity,
  localDate,
} from "@cp/domain";
import type { StoreContext } from "@cp/store";
import { derivedId } from "@cp/store";
import { openChildFile, putDirector } from "@cp/store/care";

const DEMO_TOWNSHIP = "尼西乡";
const VILLAGES = ["汤满村", "幸福村", "新阳村"] as const;
const NAMES = [
  "卓玛",
  "扎西",
  "次仁",
  "格桑",
  "拉姆",
  "多吉",
  "央金",
  "平措",
  "白玛",
  "达瓦",
  "尼玛",
  "曲珍",
];
const KINDS: readonly Circumstance[][] = [
  ["left_behind"],
  ["left_behind", "low_income"],
  ["orphan"],
  ["disabled"],
  ["low_income"],
  ["inadequate_guardianship"],
];

const SURVEYOR: Identity = {
  sub: "supervisor.nixi",
  name: "尼西乡儿童督导员",
  roles: ["child_supervisor"],
  township: DEMO_TOWNSHIP,
};

export async function seedCareDemo(store: StoreContext) {
  const today = localDate(store.clock.now());
  const year = Number(today.slice(0, 4));
  await putDirector(store, {
    sub: "director.dawa",
    name: "达瓦",
    township: DEMO_TOWNSHIP,
    village: "汤满村",
    appointedOn: "2024-03-01",
  });
  await putDirector(store, {
    sub: "director.yangjin",
    name: "央金",
    township: DEMO_TOWNSHIP,
    village: "幸福村",
    appointedOn: "2024-03-01",
  });
  for (let i = 0; i < 24; i++) {
    const village = VILLAGES[i % VILLAGES.length] as string;
    const circumstances = KINDS[i % KINDS.length] as Circumstance[];
    const leftBehind = circumstances.includes("left_behind");
    const age = leftBehind ? 4 + (i % 11) : 2 + (i % 15);
    const input: ChildFileInput = {
      name: `${NAMES[i % NAMES.length]}${String.fromCharCode(0x4e00 + i * 7)}`,
      gender: i % 2 === 0 ? "female" : "male",
      birthDate: `${year - age}-0${1 + (i % 9)}-1${i % 9}`,
      township: DEMO_TOWNSHIP,
      village,
      household: {
        householdNo: `${village.slice(0, 1)}-${String(1 + Math.floor(i / 2)).padStart(3, "0")}`,
      },
      circumstances,
      ...(leftBehind
        ? { leftBehind: { parentsAway: "both" as const, awaySince: `${year - 1}-03-01` } }
        : {}),
      guardians: [
        { relation: "grandparent", name: "奶奶", livesWithChild: true, ableToCare: i % 5 !== 0 },
      ],
      ...(leftBehind && i % 4 !== 1
        ? {
            entrustment: {
              carerName: "奶奶",
              relation: "grandparent" as const,
              signedOn: `${year - 1}-02-20`,
            },
          }
        : {}),
      parentsWork: leftBehind
        ? [{ parent: "father" as const, workPlace: "昆明市", leftOn: `${year - 1}-03-01` }]
        : [],
      attention: {
        parentSeriousDisability: false,
        childDisability: circumstances.includes("disabled"),
        psychologicalOrBehavioural: i % 7 === 3,
      },
      risk:
        i % 8 === 5
          ? { level: "high", reasons: ["照护人年老体弱"] }
          : i % 3 === 1
            ? {
                level: "medium",
                reasons: [`${CIRCUMSTANCES[circumstances[0] as Circumstance].zh}: 需求待跟进`],
              }
            : { level: "low", reasons: [] },
      needs: i % 2 === 0 ? ["education"] : ["daily_care"],
    };
    await openChildFile(store, SURVEYOR, input, {
      childId: derivedId(new Date("2024-06-01T00:00:00Z"), "care-demo", String(i)),
      importId: "demo",
    }).catch(() => undefined);
  }
}
