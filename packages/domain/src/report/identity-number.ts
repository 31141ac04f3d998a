/**
 * The 18-character resident identity number of GB 11643-1999: 6-digit area code, 8-digit birth
 * date, 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0–9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

/** The check character the first 17 digits call for. */
export function identityCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** The embedded birth date (YYYY-MM-DD), or undefined when it is not a real date. */
export function identityBirthDate(idNumber: string): string | undefined {
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1) return undefined;
  if (date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** True when the value is a well-formed identity number with a correct check character. */
export function isValidIdentityNumber(value: string): boolean {
  const id = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (identityBirthDate(id) === undefined) return false;
  return identityCheckCharacter(id.slice(0, 17)) === id[17];
}
