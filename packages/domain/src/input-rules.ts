/**
 * Rules every piece of input passes before it can become a record: text that is what it looks
 * like, and dates that can be true. The schemas (schemas.ts) apply them, so the API and the web
 * form refuse the same things. Messages are Chinese: the web form shows them beside the field.
 *
 * Text: well-formed Unicode only (a lone surrogate is refused, not stored or crashed on), then
 * normalized, then format characters (Unicode category Cf: zero-width space and joiners,
 * direction marks, BOM) removed, then trimmed — and only then are lengths checked, so ten
 * zero-width spaces are an empty reason.
 *
 * Names, places, numbers and codes take NFKC: full-width digits become digits, compatibility
 * forms their plain letters, so a look-alike is the same value. Statements (a description, a note,
 * a reason) take NFC: NFKC would rewrite a reporter's full-width Chinese punctuation (，！？：)
 * into ASCII, and a statement in the record is kept as it was made
 * (docs/decisions/0010-hardening.md).
 */
import * as z from "zod";
import { ageOn, localDate } from "./care/calendar.ts";
import { DAY, HOUR, MINUTE } from "./clock.ts";
import { identityBirthDate } from "./report/identity-number.ts";

/** How far ahead of the server's clock a client's clock may be. */
const CLOCK_SKEW_MS = 5 * MINUTE;

/** A child is under 18 (未成年人保护法 Art. 2). */
const ADULT_AGE = 18;

/** Dates are judged in the deployment's local time: China Standard Time, UTC+8, no DST. */
const LOCAL_OFFSET_MS = 8 * HOUR;

const LONE_SURROGATE = /\p{Cs}/u;
const FORMAT_CHARACTER = /\p{Cf}/gu;

export const MESSAGES = {
  notWellFormed: "含有无效的字符（不成对的 Unicode 代理项）",
  birthInFuture: "出生日期不能晚于今天",
  adult: "儿童须未满 18 周岁",
  idBirthInFuture: "身份证号中的出生日期晚于今天",
  idAdult: "身份证号显示已满 18 周岁，不是儿童",
  birthDateMismatch: "出生日期与身份证号不一致",
  ageMismatch: "年龄与出生日期不一致",
  occurredInFuture: "事发时间不能晚于现在",
  occurredBeforeBirth: "事发时间不能早于儿童出生",
  measureInFuture: "措施时间不能晚于现在",
  measureBeforeTicket: "措施时间不能早于工单创建",
  dueAtNotExtend: "只有延期（extend）或签发保护令（protection_order_issued）才填写期限",
  visitInFuture: "走访时间不能晚于现在",
  visitBeforeBirth: "走访时间不能早于儿童出生",
  dateInFuture: "日期不能晚于今天",
  phone: "电话号码只能包含数字、空格和连字符",
} as const;

/** True when the string has no lone surrogate (String.prototype.isWellFormed). */
export const isWellFormedText = (value: string) => !LONE_SURROGATE.test(value);

/** Normalized (NFKC by default), format characters removed, trimmed. */
export const cleanText = (value: string, form: "NFKC" | "NFC" = "NFKC") =>
  value.normalize(form).replace(FORMAT_CHARACTER, "").trim();

/**
 * A string that is checked as the person meant it: well-formed, cleaned, then measured. Stays a
 * zod string, so the OpenAPI document carries its limits. `statement`: NFC instead of NFKC.
 */
export const cleanString = (min: number, max: number, kind: "value" | "statement" = "value") =>
  z
    .string()
    .refine(isWellFormedText, { message: MESSAGES.notWellFormed, abort: true })
    .overwrite((v) => cleanText(v, kind === "statement" ? "NFC" : "NFKC"))
    .min(min, { abort: true })
    .max(max, { abort: true });

/** A name, a place or a code: well-formed, NFKC, no format characters, 1..max code points after cleaning. */
export const nameText = (max: number) => cleanString(1, max);

/** A statement (description, note, reason, summary): as `nameText`, but NFC, keeping the writer's punctuation. */
export const statementText = (max: number) => cleanString(1, max, "statement");

/** A phone number: full-width digits count as digits (NFKC), then digits, spaces or dashes. */
export const phoneNumber = () =>
  cleanString(5, 20).regex(/^\+?[0-9][0-9 -]{4,19}$/, MESSAGES.phone);

/** Today's local date, as the rules judge it: with the clock skew a client may be ahead by. */
export const localToday = (now: number) => localDate(new Date(now + CLOCK_SKEW_MS));

/** The UTC instant at which a local date starts. */
const localDayStart = (date: string) => Date.parse(`${date}T00:00:00.000Z`) - LOCAL_OFFSET_MS;

interface ChildDates {
  readonly birthDate?: string | undefined;
  readonly ageYears?: number | undefined;
  readonly idNumber?: string | undefined;
}

interface DateIssue {
  readonly path: string;
  readonly message: string;
}

/** What is wrong with a child's dates now: future births, adults, a birth date the id contradicts. */
export function childDateIssues(child: ChildDates, now: number): DateIssue[] {
  const today = localToday(now);
  const issues: DateIssue[] = [];
  if (child.birthDate !== undefined) {
    if (child.birthDate > today) {
      issues.push({ path: "birthDate", message: MESSAGES.birthInFuture });
    } else if (ageOn(child.birthDate, today) >= ADULT_AGE) {
      issues.push({ path: "birthDate", message: MESSAGES.adult });
    }
  }
  const idBirth = child.idNumber ? identityBirthDate(child.idNumber) : undefined;
  if (idBirth !== undefined) {
    if (idBirth > today) issues.push({ path: "idNumber", message: MESSAGES.idBirthInFuture });
    else if (ageOn(idBirth, today) >= ADULT_AGE) {
      issues.push({ path: "idNumber", message: MESSAGES.idAdult });
    }
    if (child.birthDate !== undefined && child.birthDate !== idBirth) {
      issues.push({ path: "birthDate", message: MESSAGES.birthDateMismatch });
    }
  }
  const known = child.birthDate ?? idBirth;
  // An age is often an estimate: one year either way is accepted.
  if (known !== undefined && child.ageYears !== undefined && known <= today) {
    if (Math.abs(ageOn(known, today) - child.ageYears) > 1) {
      issues.push({ path: "ageYears", message: MESSAGES.ageMismatch });
    }
  }
  return issues;
}

/** The earliest instant the child can have been born: from a date, or from an age in years. */
function earliestBirth(child: ChildDates, now: number): number {
  const known = child.birthDate ?? (child.idNumber ? identityBirthDate(child.idNumber) : undefined);
  if (known !== undefined) return localDayStart(known);
  const years = (child.ageYears ?? ADULT_AGE - 1) + 1;
  return now - years * 366 * DAY;
}

/** An incident happened after the earliest-born child's birth and not after now (plus skew). */
export function incidentTimeIssue(
  occurredAt: string,
  children: readonly ChildDates[],
  now: number,
): string | undefined {
  const at = Date.parse(occurredAt);
  if (at > now + CLOCK_SKEW_MS) return MESSAGES.occurredInFuture;
  if (children.length === 0) return undefined;
  const born = Math.min(...children.map((c) => earliestBirth(c, now)));
  if (at < born) return MESSAGES.occurredBeforeBirth;
  return undefined;
}

/** A visit (care module) happened not after now (plus skew), and not before the child's birth when known. */
export function visitTimeIssue(
  occurredAt: string,
  now: number,
  birthDate?: string,
): string | undefined {
  const at = Date.parse(occurredAt);
  if (at > now + CLOCK_SKEW_MS) return MESSAGES.visitInFuture;
  if (birthDate !== undefined && at < localDayStart(birthDate)) return MESSAGES.visitBeforeBirth;
  return undefined;
}

/** A measure was taken after its ticket was created and not after now (plus skew). */
export function measureTimeIssue(
  occurredAt: string,
  ticketCreatedAt: string,
  now: number,
): string | undefined {
  const at = Date.parse(occurredAt);
  if (at > now + CLOCK_SKEW_MS) return MESSAGES.measureInFuture;
  if (at < Date.parse(ticketCreatedAt)) return MESSAGES.measureBeforeTicket;
  return undefined;
}
