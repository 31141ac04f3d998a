/**
 * Report bodies for load: each about a different child (a fresh identity number), so reports
 * open cases of their own instead of queueing behind one case's version.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 18-character identity number (GB 11643 check digit) for serial number `n`. */
function identityNumber(n: number, birth = "20150302"): string {
  const area = String(530000 + (Math.floor(n / 1000) % 10000)).padStart(6, "0");
  const first17 = `${area}${birth}${String(n % 1000).padStart(3, "0")}`;
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] as number), 0);
  return first17 + "10X98765432"[sum % 11];
}

export interface ReportShape {
  readonly categories: readonly string[];
  readonly immediateDanger: boolean;
}

/**
 * A report about child number `n` of series `run`: a different child for every (run, n) with
 * run < 100 and n < 100 000, so series used by different tests never link to each other's cases.
 */
export function reportBody(n: number, shape: ReportShape, run = 0) {
  if (run >= 100 || n >= 100_000) throw new Error("report series out of range");
  const serial = run * 100_000 + n;
  return {
    reporter: { relationship: "teacher" },
    children: [
      {
        name: `儿童${serial}`,
        gender: "unknown",
        birthDate: "2015-03-02",
        idNumber: identityNumber(serial),
        township: "建塘镇",
        village: "红坡村",
        circumstances: ["left_behind"],
      },
    ],
    incident: {
      categories: [...shape.categories],
      description: "测试用报告：身上多处淤青。",
      occurredAt: "2026-11-27T08:00:00Z",
      location: "建塘镇",
      immediateDanger: shape.immediateDanger,
    },
  };
}
