/**
 * The short reference a reporter quotes on the phone: `<prefix>-<YYYYMMDD>-<6 chars>`, the date in
 * China Standard Time (the reporter's calendar), the suffix random in Crockford base32 (no I, L, O,
 * U to misread). Uniqueness is enforced where it is stored, not assumed.
 */
import { randomInt } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CST_OFFSET_MS = 8 * 3600_000;

export function referenceDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
}

export function newReferenceNo(prefix: string, at: Date, random = randomInt): string {
  let suffix = "";
  for (let i = 0; i < 6; i++) suffix += CROCKFORD[random(32)];
  return `${prefix}-${referenceDate(at)}-${suffix}`;
}
