/**
 * Masking of a child's personal fields for viewers who may know a child exists but not who
 * (supervisors; 未保法 Arts. 4, 103). Masks keep enough to tell records apart, no more.
 */
import type { ChildInput } from "../schemas.ts";

/** 小明 → 小*, 扎西卓玛 → 扎*** */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? "*" : (chars[0] as string) + "*".repeat(chars.length - 1);
}

/** 533421201503020013 → 5334**********0013 */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${"*".repeat(id.length - 8)}${id.slice(-4)}`;
}

/** The child as a supervisor sees it: name and identity number masked, village and birth date hidden. */
export function maskChild(child: ChildInput): ChildInput {
  return {
    gender: child.gender,
    township: child.township,
    circumstances: child.circumstances,
    ...(child.name ? { name: maskName(child.name) } : {}),
    ...(child.idNumber ? { idNumber: maskIdNumber(child.idNumber) } : {}),
    ...(child.birthDate ? { birthDate: `${child.birthDate.slice(0, 4)}-**-**` } : {}),
    ...(child.ageYears !== undefined ? { ageYears: child.ageYears } : {}),
  };
}
