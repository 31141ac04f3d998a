import { readFileSync } from "node:fs";
import { AGENCY_CODES, AGENCY_MEASURE_DETAILS, CLOCK_IDS, DEFAULT_SLA_POLICY } from "@cp/domain";
import { describe, expect, it } from "vitest";
import {
  DOMAIN_DOC,
  domainTables,
  withGeneratedTables,
} from "../../../packages/cli/src/domain-tables.ts";

/** A page with table padding taken out: the formatter aligns tables by display width. */
const unpadded = (page: string) =>
  page
    .split("\n")
    .map((l) => (l.startsWith("|") ? l.replace(/ *\| */g, "|").replace(/-{3,}/g, "---") : l))
    .join("\n");

describe("docs/domain.md's tables of rules, clocks and measures", () => {
  it("are the ones the code generates (run `npm run docs:domain` after changing the code)", () => {
    const page = readFileSync(DOMAIN_DOC, "utf8");
    expect(unpadded(withGeneratedTables(page))).toBe(unpadded(page));
  });

  it("give every rule, clock and measure a row marked law or policy", () => {
    const tables = domainTables();
    const rows = (name: string) =>
      (tables[name] ?? "")
        .split("\n")
        .slice(2)
        .filter((l) => l.startsWith("|"));
    const marked = (l: string) => /\*\*(law|policy)\*\*/.test(l);
    expect(rows("sla-rules")).toHaveLength(DEFAULT_SLA_POLICY.rules.length + 1);
    expect(rows("event-clocks")).toHaveLength(CLOCK_IDS.length);
    expect(rows("measures")).toHaveLength(
      AGENCY_CODES.reduce((n, a) => n + AGENCY_MEASURE_DETAILS[a].length, 0),
    );
    for (const name of Object.keys(tables)) {
      for (const row of rows(name)) expect(marked(row), `${name}: ${row}`).toBe(true);
    }
  });

  it("refuses a page whose markers are gone", () => {
    expect(() => withGeneratedTables("# nothing here")).toThrow(/generated:floor/);
  });
});
