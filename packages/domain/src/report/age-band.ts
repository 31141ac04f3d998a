/**
 * A child's age as a band an officer triages by, never the date of birth: under 6 (preschool),
 * 6–11, 12–13 (under 14: the age of criminal responsibility and the "不满14周岁" rules of the
 * mandatory-reporting opinion), 14–17. From the birth date when given, else the reporter's
 * estimate.
 */
export const AGE_BANDS = ["0_5", "6_11", "12_13", "14_17", "unknown"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

function ageInYears(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
  const today = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()] as const;
  const hadBirthday = today[1] > m || (today[1] === m && today[2] >= d);
  return today[0] - y - (hadBirthday ? 0 : 1);
}

export function ageBand(
  child: { readonly birthDate?: string; readonly ageYears?: number },
  now: Date,
): AgeBand {
  const age = child.birthDate !== undefined ? ageInYears(child.birthDate, now) : child.ageYears;
  if (age === undefined || age < 0 || age > 17) return "unknown";
  if (age <= 5) return "0_5";
  if (age <= 11) return "6_11";
  if (age <= 13) return "12_13";
  return "14_17";
}
