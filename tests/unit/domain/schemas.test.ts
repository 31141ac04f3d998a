import {
  CloseTicketSchema,
  DeclineTicketSchema,
  ReferTicketSchema,
  ReportInputSchema,
  TicketActionSchema,
} from "@cp/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";

/** The contract's example body, with the identity number's check digit corrected (…0011 → …0013). */
const contractExample = () => ({
  reporter: { phone: "13800000000", relationship: "teacher" },
  children: [
    {
      name: "小明",
      gender: "male",
      birthDate: "2015-03-02",
      idNumber: "533421201503020013",
      township: "建塘镇",
      village: "红坡村",
      circumstances: ["left_behind"],
    },
  ],
  incident: {
    categories: ["physical_abuse"],
    description: "孩子身上多处淤青，自述被监护人打。",
    occurredAt: "2026-11-27T08:00:00Z",
    location: "建塘镇红坡村",
    immediateDanger: true,
  },
});

type Body = ReturnType<typeof contractExample>;

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected the input to be rejected");
  return result.error.issues;
};

const paths = (schema: z.ZodType, value: unknown) =>
  issuesOf(schema, value).map((i) => i.path.join("."));

describe("ReportInputSchema: the contract's example", () => {
  it("parses, keeping Chinese text as given", () => {
    // Act
    const parsed = ReportInputSchema.parse(contractExample());

    // Assess
    expect(parsed.children[0]?.name).toBe("小明");
    expect(parsed.children[0]?.idNumber).toBe("533421201503020013");
    expect(parsed.incident.description).toBe("孩子身上多处淤青，自述被监护人打。");
    expect(parsed.incident.immediateDanger).toBe(true);
    expect(parsed.incident.categories).toEqual(["physical_abuse"]);
  });

  it("rejects the example as printed: its identity number has a wrong check digit", () => {
    // Prepare
    const body = contractExample();
    (body.children[0] as { idNumber: string }).idNumber = "533421201503020011";

    // Act / Assess
    expect(paths(ReportInputSchema, body)).toEqual(["children.0.idNumber"]);
  });

  it("upper-cases a lowercase x in the identity number", () => {
    // Prepare
    const body = contractExample();
    (body.children[0] as { idNumber: string }).idNumber = "53342120150302003x";

    // Act
    const parsed = ReportInputSchema.parse(body);

    // Assess
    expect(parsed.children[0]?.idNumber).toBe("53342120150302003X");
  });

  it("accepts a child known only by an age, with defaults filled in", () => {
    // Prepare
    const body = {
      reporter: { relationship: "child_director" },
      children: [{ gender: "unknown", ageYears: 0, township: "尼西乡" }],
      incident: { categories: ["abandonment"], description: "弃婴。" },
    };

    // Act
    const parsed = ReportInputSchema.parse(body);

    // Assess
    expect(parsed.children[0]?.circumstances).toEqual([]);
    expect(parsed.incident.immediateDanger).toBe(false);
  });
});

describe("ReportInputSchema: unknown fields are rejected where they are", () => {
  it.each([
    { where: "the top level", parent: [], field: "status" },
    { where: "reporter", parent: ["reporter"], field: "sub" },
    { where: "a child", parent: ["children", 0], field: "school" },
    { where: "incident", parent: ["incident"], field: "agency" },
  ])("at $where", ({ parent, field }) => {
    // Prepare
    const body = contractExample();
    const holder = parent.reduce<Record<string | number, unknown>>(
      (o, key) => o[key] as Record<string | number, unknown>,
      body as unknown as Record<string, unknown>,
    );
    holder[field] = "设置不该设置的字段";

    // Act
    const issues = issuesOf(ReportInputSchema, body);

    // Assess: zod names the object holding the field, and the field among its keys.
    expect(issues).toHaveLength(1);
    const issue = issues[0] as z.core.$ZodIssueUnrecognizedKeys;
    expect(issue.code).toBe("unrecognized_keys");
    expect(issue.path).toEqual(parent);
    expect([...issue.path, ...issue.keys]).toEqual([...parent, field]);
  });

  it("in a second child, at that child's index", () => {
    // Prepare
    const body = contractExample();
    body.children.push({ ...(body.children[0] as Body["children"][number]), extra: 1 } as never);

    // Act
    const issues = issuesOf(ReportInputSchema, body);

    // Assess
    expect(issues.map((i) => [...i.path, ...((i as { keys?: string[] }).keys ?? [])])).toEqual([
      ["children", 1, "extra"],
    ]);
  });
});

describe("ReportInputSchema: rules of the contract", () => {
  it("a child without birthDate or ageYears is rejected at children.0.birthDate", () => {
    // Prepare
    const body = contractExample();
    const { birthDate: _b, ...rest } = body.children[0] as Body["children"][number];
    body.children[0] = rest as never;

    // Act / Assess
    expect(paths(ReportInputSchema, body)).toEqual(["children.0.birthDate"]);
  });

  it.each([
    { ageYears: -1, ok: false },
    { ageYears: 0, ok: true },
    { ageYears: 17, ok: true },
    { ageYears: 18, ok: false },
    { ageYears: 9.5, ok: false },
  ])("ageYears $ageYears: accepted $ok", ({ ageYears, ok }) => {
    // Prepare
    const body = {
      reporter: { relationship: "other" },
      children: [{ gender: "female", ageYears, township: "建塘镇" }],
      incident: { categories: ["dropout"], description: "辍学。" },
    };

    // Act
    const result = ReportInputSchema.safeParse(body);

    // Assess
    expect(result.success).toBe(ok);
    if (!result.success) {
      expect(result.error.issues.map((i) => i.path.join("."))).toContain("children.0.ageYears");
    }
  });

  it("a description of 5000 characters is accepted, of 5001 rejected", () => {
    // Prepare
    const at = (n: number) => {
      const body = contractExample();
      body.incident.description = "淤".repeat(n);
      return body;
    };

    // Act / Assess
    expect(ReportInputSchema.safeParse(at(5000)).success).toBe(true);
    expect(paths(ReportInputSchema, at(5001))).toEqual(["incident.description"]);
  });

  it("an empty or blank description is rejected", () => {
    for (const description of ["", "   "]) {
      const body = contractExample();
      body.incident.description = description;
      expect(paths(ReportInputSchema, body)).toEqual(["incident.description"]);
    }
  });

  it.each([
    { n: 0, ok: false },
    { n: 1, ok: true },
    { n: 10, ok: true },
    { n: 11, ok: false },
  ])("$n children: accepted $ok", ({ n, ok }) => {
    // Prepare
    const body = contractExample();
    const one = body.children[0] as Body["children"][number];
    body.children = Array.from({ length: n }, () => ({ ...one }));

    // Act
    const result = ReportInputSchema.safeParse(body);

    // Assess
    expect(result.success).toBe(ok);
    if (!result.success)
      expect(result.error.issues.map((i) => i.path.join("."))).toEqual(["children"]);
  });

  it("repeated categories are rejected", () => {
    // Prepare
    const body = contractExample();
    body.incident.categories = ["physical_abuse", "abandonment", "physical_abuse"];

    // Act / Assess
    expect(paths(ReportInputSchema, body)).toEqual(["incident.categories"]);
  });

  it("no category, or an unknown one, is rejected", () => {
    // Prepare
    const none = contractExample();
    none.incident.categories = [];
    const unknown = contractExample();
    unknown.incident.categories = ["theft"];

    // Act / Assess
    expect(paths(ReportInputSchema, none)).toEqual(["incident.categories"]);
    expect(paths(ReportInputSchema, unknown)).toEqual(["incident.categories.0"]);
  });

  it.each([
    "53342120150302001", // 17 characters
    "533421201503020012", // check digit 2, where 3 is due
    "533421201513020010", // month 13
    "ABCDEFGHIJKLMNOPQR",
  ])("identity number %s is rejected at children.0.idNumber", (idNumber) => {
    // Prepare
    const body = contractExample();
    (body.children[0] as { idNumber: string }).idNumber = idNumber;

    // Act / Assess
    expect(paths(ReportInputSchema, body)).toEqual(["children.0.idNumber"]);
  });

  it("occurredAt must be a UTC instant with a Z", () => {
    // Prepare
    const body = contractExample();
    body.incident.occurredAt = "2026-11-27T16:00:00+08:00";

    // Act / Assess
    expect(paths(ReportInputSchema, body)).toEqual(["incident.occurredAt"]);
  });

  it("the reporter's relationship must be one of the contract's", () => {
    // Prepare
    const body = contractExample();
    body.reporter.relationship = "neighbour";

    // Act / Assess
    expect(paths(ReportInputSchema, body)).toEqual(["reporter.relationship"]);
  });

  it("arbitrary JSON never makes safeParse throw (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Act
        const result = ReportInputSchema.safeParse(value);

        // Assess
        if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary JSON in any field of a valid body never makes safeParse throw (property)", () => {
    const fields = [
      ["reporter", "phone"],
      ["reporter", "relationship"],
      ["children", 0, "name"],
      ["children", 0, "birthDate"],
      ["children", 0, "idNumber"],
      ["children", 0, "circumstances"],
      ["incident", "categories"],
      ["incident", "immediateDanger"],
      ["incident", "atSchool"],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue(), (path, value) => {
        // Prepare
        const body = contractExample() as unknown as Record<string | number, unknown>;
        const parent = path
          .slice(0, -1)
          .reduce<Record<string | number, unknown>>(
            (o, k) => o[k] as Record<string | number, unknown>,
            body,
          );
        parent[path.at(-1) as string | number] = value;

        // Act
        const result = ReportInputSchema.safeParse(body);

        // Assess
        if (!result.success) {
          for (const issue of result.error.issues)
            expect(issue.path.slice(0, 1)).toEqual([path[0]]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("ticket command schemas", () => {
  it("decline needs a reason; suggestAgency must be an agency code", () => {
    expect(
      DeclineTicketSchema.safeParse({ reason: "非本部门职责", suggestAgency: "court" }).success,
    ).toBe(true);
    expect(paths(DeclineTicketSchema, { suggestAgency: "court" })).toEqual(["reason"]);
    expect(paths(DeclineTicketSchema, { reason: "x", suggestAgency: "fire_brigade" })).toEqual([
      "suggestAgency",
    ]);
  });

  it("refer needs toAgency, request and reason; no unknown fields", () => {
    const ok = { toAgency: "court", request: "申请人身安全保护令", reason: "家暴" };
    expect(ReferTicketSchema.safeParse(ok).success).toBe(true);
    expect(issuesOf(ReferTicketSchema, { ...ok, kind: "lead" })[0]?.code).toBe("unrecognized_keys");
  });

  it("close needs a summary of 1–2000 characters", () => {
    expect(
      CloseTicketSchema.safeParse({ outcome: "no_action_needed", summary: "核实无侵害" }).success,
    ).toBe(true);
    expect(
      paths(CloseTicketSchema, { outcome: "no_action_needed", summary: "x".repeat(2001) }),
    ).toEqual(["summary"]);
  });

  it("an action's times are UTC instants", () => {
    expect(
      TicketActionSchema.safeParse({
        type: "extend",
        note: "立案审查延长",
        dueAt: "2026-12-27T08:00:00Z",
      }).success,
    ).toBe(true);
    expect(paths(TicketActionSchema, { type: "note", note: "x", occurredAt: "yesterday" })).toEqual(
      ["occurredAt"],
    );
  });
});
