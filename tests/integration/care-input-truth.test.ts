/**
 * The care module's input on the local stack: a child's file and a visit get the report's text and
 * date rules (input-rules.ts). Each refusal is a problem naming the field and changes nothing: no
 * file is opened, no visit or work-log line recorded, the file's version stays.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, signToken } from "../support/api.ts";

type Problem = { status: number; errors?: { path: string; message: string }[] };
type ListedFiles = { items: { childId: string }[] };

const run = randomUUID().slice(0, 6);
const township = `输入乡${run}`;
const village = "真值村";
const director = () =>
  signToken({ roles: ["child_director", "reporter"], township, village }, `director-${run}`);

const file = (over: Record<string, unknown> = {}) => ({
  name: `卓玛${run}`,
  gender: "female",
  birthDate: "2015-06-01",
  township,
  village,
  household: { householdNo: "H-1" },
  circumstances: ["orphan"],
  risk: { level: "low", reasons: [] },
  ...over,
});

async function filesInVillage(token: string) {
  const res = await api<ListedFiles>(
    "GET",
    `/v1/children?limit=100&village=${encodeURIComponent(village)}`,
    {
      token,
    },
  );
  return res.body.items?.length ?? 0;
}

describe("a child's file", () => {
  const refusals: [string, Record<string, unknown>, string][] = [
    ["a name with a lone surrogate", { name: "卓\ud800玛" }, "name"],
    ["a name of zero-width spaces", { name: "\u200b\u200b\u200b" }, "name"],
    ["a village of direction marks only", { village: "\u202e\u200f" }, "village"],
    ["a child born in 2099", { birthDate: "2099-01-01" }, "birthDate"],
    ["an adult born in 1990", { birthDate: "1990-05-01" }, "birthDate"],
    [
      "a guardian's name that is only a BOM",
      {
        guardians: [{ relation: "mother", name: "\ufeff", livesWithChild: true, ableToCare: true }],
      },
      "guardians.0.name",
    ],
    [
      "an entrustment signed next year",
      { entrustment: { carerName: "次仁", relation: "grandparent", signedOn: "2099-01-01" } },
      "entrustment.signedOn",
    ],
  ];
  for (const [what, over, path] of refusals) {
    it(`${what}: 400 naming ${path}, no file opened`, async () => {
      const token = await director();
      const before = await filesInVillage(token);
      // JSON.stringify writes a lone surrogate as the escape `\ud800`: the API reads it as sent.
      const res = await api<Problem>("POST", "/v1/children", { token, body: file(over) });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.body.errors?.map((e) => e.path)).toContain(path);
      expect(await filesInVillage(token)).toBe(before);
    });
  }

  it("stores a name as cleaned (NFKC, format characters removed) and reads it back so", async () => {
    const token = await director();
    const opened = await api<{ childId: string }>("POST", "/v1/children", {
      token,
      body: file({ name: `\u200bＺｈｕｏｍａ\u200d${run}`, household: { householdNo: "Ｈ-２" } }),
    });
    expect(opened.status).toBe(201);
    const read = await api<{ file: { name: string; household: { householdNo: string } } }>(
      "GET",
      `/v1/children/${opened.body.childId}`,
      { token },
    );
    expect(read.body.file.name).toBe(`Zhuoma${run}`);
    expect(read.body.file.household.householdNo).toBe("H-2");
  });
});

describe("a visit and a work-log line", () => {
  it("refuses a visit in the future, before the child's birth, or with an empty note; the file is unchanged", async () => {
    const token = await director();
    const opened = await api<{ childId: string }>("POST", "/v1/children", {
      token,
      body: file({ name: `次仁${run}`, birthDate: "2016-03-01" }),
    });
    expect(opened.status).toBe(201);
    const path = `/v1/children/${opened.body.childId}`;
    const before = await api<{ version: number; visits: unknown[] }>("GET", path, { token });
    const visit = (over: Record<string, unknown>) => ({
      clientVisitId: randomUUID(),
      kind: "home_visit",
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      ...over,
    });
    const refusals: [string, unknown, string][] = [
      [
        `${path}/visits`,
        visit({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
        "occurredAt",
      ],
      [`${path}/visits`, visit({ occurredAt: "2016-02-28T00:00:00.000Z" }), "occurredAt"],
      [`${path}/visits`, visit({ notes: "\u200b".repeat(30) }), "notes"],
      [`${path}/visits`, visit({ problem: { summary: "\u2060\u2060" } }), "problem.summary"],
      [`${path}/log`, { note: "\u200b\u200c\u200d" }, "note"],
    ];
    for (const [where, body, field] of refusals) {
      const res = await api<Problem>("POST", where, { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.errors?.map((e) => e.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    const after = await api<{ version: number; visits: unknown[] }>("GET", path, { token });
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.visits).toEqual(before.body.visits);
  });
});
