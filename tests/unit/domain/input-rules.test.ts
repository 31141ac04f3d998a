/**
 * Input that tells the truth: text is judged after normalization and without invisible
 * characters, and dates must be possible. Property tests feed the schemas strings built from lone
 * surrogates, format (Cf) characters and full-width digits.
 */
import {
  BreakGlassRequestSchema,
  CHECKLIST,
  CheckResultSchema,
  ChildFileInputSchema,
  ChildInputSchema,
  cleanText,
  DirectorInputSchema,
  identityCheckCharacter,
  isWellFormedText,
  MESSAGES,
  ReportFromVisitSchema,
  ReportInputSchema,
  SolveProblemSchema,
  TicketActionSchema,
  TrainingInputSchema,
  VisitInputSchema,
  visitTimeIssue,
  WorkLogInputSchema,
} from "@cp/domain";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const NOW = Date.parse("2026-11-29T04:00:00Z"); // 12:00 in Shangri-La

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

const FORMAT_CHARS = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u00ad"];
const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"];
const FULL_WIDTH_DIGITS = [..."０１２３４５６７８９"];

/** Pieces of text: ordinary letters and Chinese, and each kind of trouble. */
const piece = fc.oneof(
  fc.constantFrom(..."abc 小明扎西卓玛，。！"),
  fc.constantFrom(...FORMAT_CHARS),
  fc.constantFrom(...LONE_SURROGATES),
  fc.constantFrom(...FULL_WIDTH_DIGITS),
  fc.string({ unit: "grapheme", maxLength: 3 }),
);
const tricky = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(""));

const idNumber = (birth = "20150302", seq = "001") => {
  const first17 = `533421${birth}${seq}`;
  return first17 + identityCheckCharacter(first17);
};
const toFullWidth = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

const child = (over: Record<string, unknown> = {}) => ({
  gender: "female",
  township: "建塘镇",
  birthDate: "2015-03-02",
  ...over,
});
const report = (children: unknown[], occurredAt?: string) => ({
  reporter: { relationship: "teacher" },
  children,
  incident: {
    categories: ["guardianship_failure"],
    description: "长期无人照看。",
    ...(occurredAt ? { occurredAt } : {}),
  },
});
const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => i.path.join("."));

describe("text fields (property)", () => {
  it("a break-glass reason passes exactly when, cleaned, it has 10–500 code points and no lone surrogate", () => {
    fc.assert(
      fc.property(tricky, (reason) => {
        const result = BreakGlassRequestSchema.safeParse({ reason });
        const cleaned = isWellFormedText(reason) ? cleanText(reason, "NFC") : undefined;
        const shouldPass =
          cleaned !== undefined && [...cleaned].length >= 10 && [...cleaned].length <= 500;
        expect(result.success).toBe(shouldPass);
        if (result.success) {
          expect(isWellFormedText(result.data.reason)).toBe(true);
          expect(result.data.reason).not.toMatch(/\p{Cf}/u);
          expect(result.data.reason).toBe(result.data.reason.normalize("NFC"));
        } else {
          expect(issuesOf(result)).toEqual(["reason"]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a child's name never keeps a format character, a lone surrogate or a full-width digit", () => {
    fc.assert(
      fc.property(tricky, (name) => {
        const result = ChildInputSchema.safeParse(child({ name }));
        if (!isWellFormedText(name)) expect(result.success).toBe(false);
        if (result.success && result.data.name !== undefined) {
          expect(result.data.name).not.toMatch(/[\p{Cf}\p{Cs}０-９]/u);
          expect(result.data.name.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("an identity number in full-width digits, strewn with format characters, is the same number", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.constantFrom(...FORMAT_CHARS), { maxLength: 5 }),
        (n, invisibles) => {
          const id = idNumber("20150302", String(n).padStart(3, "0"));
          const written = [...toFullWidth(id)];
          for (const [i, c] of invisibles.entries()) written.splice((i * 7) % 18, 0, c);
          const result = ChildInputSchema.safeParse(child({ idNumber: written.join("") }));
          expect(result.success).toBe(true);
          if (result.success) expect(result.data.idNumber).toBe(id.toUpperCase());
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses ten zero-width spaces as a reason, and a lone surrogate anywhere in a report", () => {
    expect(BreakGlassRequestSchema.safeParse({ reason: "\u200b".repeat(10) }).success).toBe(false);
    const bad = report([child({ name: "a\ud800b" })]);
    const result = ReportInputSchema.safeParse(bad);
    expect(issuesOf(result)).toEqual(["children.0.name"]);
    expect(result.error?.issues[0]?.message).toBe(MESSAGES.notWellFormed);
  });

  it("keeps a statement's Chinese punctuation (NFC), but folds a name's full-width letters (NFKC)", () => {
    const parsed = ReportInputSchema.parse(report([child({ name: "ＡＢ" })]));
    expect(parsed.incident.description).toBe("长期无人照看。");
    expect(parsed.children[0]?.name).toBe("AB");
  });
});

describe("a child's dates", () => {
  const cases: [string, Record<string, unknown>, string | undefined][] = [
    ["born in 2099", { birthDate: "2099-01-01" }, "birthDate"],
    ["born tomorrow", { birthDate: "2026-11-30" }, "birthDate"],
    ["born today", { birthDate: "2026-11-29" }, undefined],
    ["an adult born in 1990", { birthDate: "1990-05-01" }, "birthDate"],
    ["18 today", { birthDate: "2008-11-29" }, "birthDate"],
    ["18 tomorrow", { birthDate: "2008-11-30" }, undefined],
    [
      "a birth date the identity number contradicts",
      { birthDate: "2015-03-03", idNumber: idNumber("20150302") },
      "birthDate",
    ],
    [
      "an identity number of an adult",
      { birthDate: undefined, ageYears: 10, idNumber: idNumber("19900501") },
      "idNumber",
    ],
    [
      "an identity number born in the future",
      { birthDate: undefined, ageYears: 1, idNumber: idNumber("20991231") },
      "idNumber",
    ],
    [
      "an age the identity number contradicts",
      { birthDate: undefined, ageYears: 3, idNumber: idNumber("20150302") },
      "ageYears",
    ],
    [
      "an age one year off (an estimate)",
      { birthDate: undefined, ageYears: 10, idNumber: idNumber("20150302") },
      undefined,
    ],
  ];
  for (const [what, over, path] of cases) {
    it(`${what}: ${path ? `refused at ${path}` : "accepted"}`, () => {
      const result = ChildInputSchema.safeParse(child(over));
      if (path) expect(issuesOf(result)).toContain(path);
      else expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    });
  }
});

describe("an incident's time", () => {
  const cases: [string, string, boolean][] = [
    ["9999-12-31", "9999-12-31T00:00:00Z", false],
    ["year 1", "0001-01-01T00:00:00Z", false],
    ["before the child's birth", "2015-03-01T00:00:00Z", false],
    ["the day of birth (local)", "2015-03-01T16:00:00Z", true],
    ["an hour ago", "2026-11-29T03:00:00Z", true],
    ["within the clock skew", "2026-11-29T04:04:00Z", true],
    ["an hour ahead", "2026-11-29T05:00:00Z", false],
  ];
  for (const [what, at, ok] of cases) {
    it(`${what}: ${ok ? "accepted" : "refused at incident.occurredAt"}`, () => {
      const result = ReportInputSchema.safeParse(report([child()], at));
      if (ok) expect(result.success).toBe(true);
      else expect(issuesOf(result)).toEqual(["incident.occurredAt"]);
    });
  }
});

describe("a measure", () => {
  it("refuses a dueAt on anything but extend, a future time, and an unknown field", () => {
    const base = { type: "home_visit", note: "家访" };
    expect(TicketActionSchema.safeParse(base).success).toBe(true);
    expect(
      issuesOf(TicketActionSchema.safeParse({ ...base, dueAt: "2026-12-01T00:00:00Z" })),
    ).toEqual(["dueAt"]);
    expect(
      TicketActionSchema.safeParse({ ...base, type: "extend", dueAt: "2026-12-01T00:00:00Z" })
        .success,
    ).toBe(true);
    expect(
      issuesOf(TicketActionSchema.safeParse({ ...base, occurredAt: "2099-01-01T00:00:00Z" })),
    ).toEqual(["occurredAt"]);
    expect(issuesOf(TicketActionSchema.safeParse({ ...base, status: "closed" }))).toEqual([""]);
  });
});

describe("the care module's schemas", () => {
  const file = (over: Record<string, unknown> = {}) => ({
    name: "卓玛",
    gender: "female",
    birthDate: "2015-03-02",
    township: "建塘镇",
    village: "汤满村",
    household: { householdNo: "TM-001", address: "汤满村三组" },
    circumstances: ["orphan"],
    risk: { level: "medium", reasons: ["无固定照护人"] },
    guardians: [{ relation: "grandparent", name: "次仁", livesWithChild: true, ableToCare: true }],
    ...over,
  });
  const visit = (over: Record<string, unknown> = {}) => ({
    clientVisitId: "7d4e1c1a-3f7b-4d7e-9d6a-1b2c3d4e5f60",
    kind: "home_visit",
    occurredAt: "2026-11-29T03:00:00Z",
    ...over,
  });
  const director = {
    sub: "director.zhaxi",
    name: "扎西",
    township: "建塘镇",
    village: "汤满村",
    appointedOn: "2025-01-01",
  };

  /** Every free-text and name field of the care schemas: where it sits, and how it is normalized. */
  type Parsed = {
    success: boolean;
    data?: unknown;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
  type Field = {
    readonly path: string;
    readonly form: "NFKC" | "NFC";
    readonly min: number;
    readonly max: number;
    readonly parse: (v: string) => Parsed;
    readonly read: (data: unknown) => unknown;
  };
  const at = (data: unknown, path: string) =>
    path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], data);
  const field = (
    schema: { safeParse(v: unknown): Parsed },
    base: (v: string) => unknown,
    path: string,
    form: "NFKC" | "NFC",
    max: number,
    min = 1,
  ): Field => ({
    path,
    form,
    min,
    max,
    parse: (v) => schema.safeParse(base(v)),
    read: (data) => at(data, path),
  });
  const FIELDS: Field[] = [
    field(ChildFileInputSchema, (name) => file({ name }), "name", "NFKC", 50),
    field(ChildFileInputSchema, (township) => file({ township }), "township", "NFKC", 50),
    field(ChildFileInputSchema, (village) => file({ village }), "village", "NFKC", 50),
    field(
      ChildFileInputSchema,
      (address) => file({ household: { householdNo: "TM-001", address } }),
      "household.address",
      "NFKC",
      200,
    ),
    field(
      ChildFileInputSchema,
      (name) =>
        file({ guardians: [{ relation: "mother", name, livesWithChild: true, ableToCare: true }] }),
      "guardians.0.name",
      "NFKC",
      50,
    ),
    field(
      ChildFileInputSchema,
      (carerName) =>
        file({ entrustment: { carerName, relation: "grandparent", signedOn: "2025-01-01" } }),
      "entrustment.carerName",
      "NFKC",
      50,
    ),
    field(
      ChildFileInputSchema,
      (workPlace) => file({ parentsWork: [{ parent: "father", workPlace, leftOn: "2025-01-01" }] }),
      "parentsWork.0.workPlace",
      "NFKC",
      100,
    ),
    field(
      ChildFileInputSchema,
      (reason) => file({ risk: { level: "high", reasons: [reason] } }),
      "risk.reasons.0",
      "NFC",
      200,
    ),
    field(VisitInputSchema, (notes) => visit({ notes }), "notes", "NFC", 2000),
    field(
      VisitInputSchema,
      (summary) => visit({ problem: { summary } }),
      "problem.summary",
      "NFC",
      1000,
    ),
    field(
      VisitInputSchema,
      (note) => visit({ help: [{ kind: "other", note }] }),
      "help.0.note",
      "NFC",
      500,
    ),
    field(ReportFromVisitSchema, (description) => ({ description }), "description", "NFC", 3000),
    field(SolveProblemSchema, (solution) => ({ solution }), "solution", "NFC", 2000),
    field(WorkLogInputSchema, (note) => ({ note }), "note", "NFC", 2000),
    field(DirectorInputSchema, (name) => ({ ...director, name }), "name", "NFKC", 50),
    field(DirectorInputSchema, (village) => ({ ...director, village }), "village", "NFKC", 50),
    field(
      TrainingInputSchema,
      (course) => ({ on: "2026-03-01", course, hours: 8 }),
      "course",
      "NFKC",
      200,
    ),
    field(
      CheckResultSchema,
      (note) => ({
        results: Object.fromEntries(CHECKLIST.map((item) => [item, "pass"])),
        note,
      }),
      "note",
      "NFC",
      1000,
      0,
    ),
  ];

  it("every free-text and name field is judged after cleaning, and keeps no Cf, lone surrogate or full-width digit", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), tricky, (f, value) => {
        const result = f.parse(value);
        const cleaned = isWellFormedText(value) ? cleanText(value, f.form) : undefined;
        const length = cleaned === undefined ? -1 : [...cleaned].length;
        const shouldPass = length >= f.min && length <= f.max;
        expect(result.success, `${f.path} ${JSON.stringify(value)}`).toBe(shouldPass);
        if (result.success) {
          const stored = f.read(result.data) as string;
          expect(stored).toBe(cleaned);
          expect(stored).not.toMatch(/[\p{Cf}\p{Cs}]/u);
          if (f.form === "NFKC") expect(stored).not.toMatch(/[０-９]/u);
          else expect(stored).toBe(stored.normalize("NFC"));
        } else {
          expect(issuesOf(result)).toEqual([f.path]);
          if (!isWellFormedText(value)) {
            expect(result.error?.issues[0]?.message).toBe(MESSAGES.notWellFormed);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a file's identity number and phone in full-width digits, strewn with format characters, are the same values", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.constantFrom(...FORMAT_CHARS), { maxLength: 5 }),
        (n, invisibles) => {
          const id = idNumber("20150302", String(n).padStart(3, "0"));
          const written = [...toFullWidth(id)];
          for (const [i, c] of invisibles.entries()) written.splice((i * 7) % 18, 0, c);
          const phone = `${invisibles.join("")}${toFullWidth("13800000001")}`;
          const result = ChildFileInputSchema.safeParse(
            file({
              idNumber: written.join(""),
              guardians: [
                { relation: "mother", name: "央宗", phone, livesWithChild: true, ableToCare: true },
              ],
            }),
          );
          expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
          if (result.success) {
            expect(result.data.idNumber).toBe(id.toUpperCase());
            expect(result.data.guardians[0]?.phone).toBe("13800000001");
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  const dateCases: [string, () => { success: boolean }, string | undefined][] = [
    [
      "a file's child born in 2099",
      () => ChildFileInputSchema.safeParse(file({ birthDate: "2099-01-01" })),
      "birthDate",
    ],
    [
      "a file's child of 18",
      () => ChildFileInputSchema.safeParse(file({ birthDate: "2008-11-29" })),
      "birthDate",
    ],
    [
      "a file's child 18 tomorrow",
      () => ChildFileInputSchema.safeParse(file({ birthDate: "2008-11-30" })),
      undefined,
    ],
    [
      "a file's birth date the identity number contradicts",
      () =>
        ChildFileInputSchema.safeParse(
          file({ birthDate: "2015-03-03", idNumber: idNumber("20150302") }),
        ),
      "birthDate",
    ],
    [
      "an entrustment signed tomorrow",
      () =>
        ChildFileInputSchema.safeParse(
          file({
            entrustment: { carerName: "卓玛", relation: "grandparent", signedOn: "2026-11-30" },
          }),
        ),
      "entrustment.signedOn",
    ],
    [
      "a work filing dated tomorrow",
      () =>
        ChildFileInputSchema.safeParse(
          file({
            parentsWork: [
              { parent: "father", workPlace: "昆明", leftOn: "2027-01-01", filedOn: "2026-11-30" },
            ],
          }),
        ),
      "parentsWork.0.filedOn",
    ],
    [
      "a parent leaving next year, filed today",
      () =>
        ChildFileInputSchema.safeParse(
          file({
            parentsWork: [
              { parent: "father", workPlace: "昆明", leftOn: "2027-01-01", filedOn: "2026-11-29" },
            ],
          }),
        ),
      undefined,
    ],
    [
      "a visit an hour ahead",
      () => VisitInputSchema.safeParse(visit({ occurredAt: "2026-11-29T05:00:00Z" })),
      "occurredAt",
    ],
    [
      "a visit within the skew",
      () => VisitInputSchema.safeParse(visit({ occurredAt: "2026-11-29T04:04:00Z" })),
      undefined,
    ],
    [
      "a visit in 9999",
      () => VisitInputSchema.safeParse(visit({ occurredAt: "9999-12-31T00:00:00Z" })),
      "occurredAt",
    ],
    [
      "a training next month",
      () => TrainingInputSchema.safeParse({ on: "2026-12-20", course: "培训", hours: 8 }),
      "on",
    ],
  ];
  for (const [what, parse, path] of dateCases) {
    it(`${what}: ${path ? `refused at ${path}` : "accepted"}`, () => {
      const result = parse() as Parameters<typeof issuesOf>[0];
      if (path) expect(issuesOf(result)).toEqual([path]);
      else expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    });
  }

  it("a visit before the child was born is refused by the rule the store applies", () => {
    expect(visitTimeIssue("2015-03-01T15:59:59Z", NOW, "2015-03-02")).toBe(
      MESSAGES.visitBeforeBirth,
    );
    expect(visitTimeIssue("2015-03-01T16:00:00Z", NOW, "2015-03-02")).toBeUndefined();
  });
});
