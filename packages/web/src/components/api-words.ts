/**
 * The API's problems in the reader's language. The API answers problem+json whose field
 * problems (`errors[]`: path and message) are worded in English by the domain's rules (the
 * policy checks, the statutory floor, a child's circumstances), or in Chinese by the shared input
 * rules. The screen never shows those words raw on a Chinese or Tibetan screen: each known
 * wording is matched here and said through the catalogue (`problem.api.*`), with the agencies,
 * situations, clocks and durations it names in words and its statute cited the Chinese way. A
 * wording not known here is said by the caller's own fallback (e.g. by the field's name), never
 * as the API wrote it.
 */
import type { TFunction } from "i18next";
import { basisZh } from "./basis.ts";
import { formatDuration } from "./duration.ts";

/**
 * "0.25 h" (the domain's way of writing a limit) in words, in the unit the policy editor writes
 * it: "15分钟", "72小时", "30天".
 */
function hours(h: string | undefined, t: TFunction): string {
  const n = Number(h);
  if (n < 1 && Number.isInteger(n * 60)) return t("duration.m", { n: n * 60 });
  if (Number.isInteger(n) && (n <= 72 || n % 24 !== 0)) return t("duration.h", { n });
  if (Number.isInteger(n / 24)) return t("duration.d", { n: n / 24 });
  return formatDuration(n * 3_600_000, t);
}

/** The wording's parts ("" for one absent), statutes already cited the reader's way. */
type Words = (m: readonly string[], t: TFunction) => string;

/** Each wording the API uses, with what it says. The statute in brackets ends the floor's. */
const WORDINGS: readonly (readonly [RegExp, Words])[] = [
  [/^unknown field$/, (_, t) => t("problem.api.unknownField")],
  [/^listed twice$/, (_, t) => t("problem.api.listedTwice")],
  [/^duplicate rule id$/, (_, t) => t("problem.api.duplicateRule")],
  [/^this category already has a rule$/, (_, t) => t("problem.api.categoryTwice")],
  [
    /^no rule for category (\w+)$/,
    (m, t) => t("problem.api.noRule", { category: t(`category.${m[1]}`) }),
  ],
  [
    /^(\w+) is required and cannot be switched off$/,
    (m, t) => t("problem.api.agencyRequired", { agency: t(`agency.${m[1]}`) }),
  ],
  [/^same conditions as rule \S+$/, (_, t) => t("problem.api.sameConditions")],
  [/^the default rule matches everything: no conditions$/, (_, t) => t("problem.api.defaultRule")],
  [
    /^(\w+) needs a rule \((.+)\)$/,
    (m, t) => t("problem.api.floorNeedsRule", { category: t(`category.${m[1]}`), law: m[2] }),
  ],
  [
    /^(\w+) must route (\w+) as (\w+)(?: when (\w+))? \((.+)\)$/,
    (m, t) =>
      t("problem.api.floorRoute", {
        category: t(`category.${m[1]}`),
        agency: t(`agency.${m[2]}`),
        kind: t(`kind.${m[3]}`),
        when: m[4] ? t(`admin.when.${m[4]}`) : "",
        law: m[5],
      }),
  ],
  [
    /^police lead must be accepted within ([\d.]+) h \(rules .+ give ([\d.]+) h\) \((.+)\)$/,
    (m, t) =>
      t("problem.api.floorPoliceAccept", {
        max: hours(m[1], t),
        now: hours(m[2], t),
        law: m[3],
      }),
  ],
  [
    /^police lead must decide on filing within ([\d.]+) h \(rules .*\) \((.+)\)$/,
    (m, t) => t("problem.api.floorPoliceClose", { max: hours(m[1], t), law: m[2] }),
  ],
  [
    /^police lead may be extended to at most ([\d.]+) h \(rules .*\) \((.+)\)$/,
    (m, t) => t("problem.api.floorPoliceExtend", { max: hours(m[1], t), law: m[2] }),
  ],
  [
    /^(\w+) in an emergency may run at most ([\d.]+) h \((.+)\)$/,
    (m, t) =>
      t("problem.api.floorClockEmergency", {
        clock: t(`admin.clockName.${m[1]}`),
        max: hours(m[2], t),
        law: m[3],
      }),
  ],
  [
    /^(\w+) may run at most ([\d.]+) h \((.+)\)$/,
    (m, t) =>
      t("problem.api.floorClock", {
        clock: t(`admin.clockName.${m[1]}`),
        max: hours(m[2], t),
        law: m[3],
      }),
  ],
  [/^required$/, (_, t) => t("validation.required")],
  [/^is in the future$/, (_, t) => t("problem.api.future")],
  [
    /^(\w+) applies under (\d+) years of age; the child is (\d+)$/,
    (m, t) =>
      t("problem.api.circumstanceAge", {
        circumstance: t(`circumstance.${m[1]}`),
        limit: m[2],
        age: m[3],
      }),
  ],
  [/^required for a left-behind child$/, (_, t) => t("problem.api.leftBehindRequired")],
  [
    /^parents must have been away at least (\d+) months$/,
    (m, t) => t("problem.api.awayMonths", { n: m[1] }),
  ],
];

/**
 * What a field problem of the API says, in the language shown; undefined for a wording this
 * module does not know (the caller says it by the field or the status instead).
 */
export function apiProblemWords(
  message: string,
  t: TFunction,
  language: string,
): string | undefined {
  for (const [pattern, words] of WORDINGS) {
    const m = message.match(pattern);
    if (!m) continue;
    // A statute named in the wording is cited the Chinese way except on an English screen.
    const parts = [...m].map((p = "") => (language === "en" ? p : basisZh(p)));
    return words(parts, t);
  }
  return undefined;
}
