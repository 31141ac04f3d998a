import { RoutingTableInputSchema } from "@cp/domain/policy-inputs";
import { DEFAULT_ROUTING_TABLE, type RoutingRule } from "@cp/domain/routing/rules";
import { describe, expect, it } from "vitest";
import {
  repeatedAgencies,
  routingBody,
  routingChanges,
  withField,
} from "../../packages/web/src/pages/admin/routing-rows.ts";

const rules = DEFAULT_ROUTING_TABLE.rules;
const at = (category: string) => rules.findIndex((r) => r.category === category);
const edit = (i: number, change: (r: RoutingRule) => RoutingRule) =>
  rules.map((r, j) => (j === i ? change(r) : r));

/** The paths the API's schema names for the body the editor would send. */
function apiProblemPaths(draft: readonly RoutingRule[]): string[] {
  const parsed = RoutingTableInputSchema.safeParse(routingBody(DEFAULT_ROUTING_TABLE, draft));
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."));
}

describe("the routing table as the form editor changes it", () => {
  it("sends the table in force as a body the API accepts, with no change listed", () => {
    expect(apiProblemPaths(rules)).toEqual([]);
    expect(repeatedAgencies(rules).size).toBe(0);
    expect(routingChanges(rules, rules)).toEqual([]);
  });

  it("finds an agency listed twice at the same path the API names", () => {
    const dropout = at("dropout");
    const bullying = at("bullying");
    let draft = edit(dropout, (r) =>
      withField(r, "support", [...r.support, { agency: "civil_affairs", when: "always" }]),
    );
    draft = draft.map((r, j) =>
      j === bullying ? withField(r, "oversight", ["procuratorate", "court", "procuratorate"]) : r,
    );
    const found = repeatedAgencies(draft);
    expect([...found.entries()]).toEqual([
      [`rules.${bullying}.oversight.2`, "procuratorate"],
      [`rules.${dropout}.support.1`, "civil_affairs"],
    ]);
    expect(apiProblemPaths(draft).sort()).toEqual([...found.keys()].sort());
  });

  it("lets the same agency support under two conditions, and refuses a fallback that is the lead", () => {
    const dropout = at("dropout");
    const draft = edit(dropout, (r) =>
      withField(
        withField(r, "support", [
          { agency: "police", when: "serious" },
          { agency: "police", when: "criminal" },
        ]),
        "leadFallback",
        r.lead,
      ),
    );
    expect([...repeatedAgencies(draft).keys()]).toEqual([`rules.${dropout}.leadFallback`]);
  });

  it("lists each changed field once, and drops an emptied fallback or conditional-lead list", () => {
    const online = at("online_harm");
    const bullying = at("bullying");
    let draft = edit(online, (r) => withField(r, "leadFallback", undefined));
    draft = draft.map((r, j) =>
      j === bullying
        ? withField(withField(r, "conditionalLeads", []), "oversight", ["procuratorate"])
        : r,
    );
    expect("leadFallback" in (draft[online] as RoutingRule)).toBe(false);
    expect("conditionalLeads" in (draft[bullying] as RoutingRule)).toBe(false);
    expect(routingChanges(rules, draft).map((c) => [c.after.category, c.field])).toEqual([
      ["bullying", "conditionalLeads"],
      ["bullying", "oversight"],
      ["online_harm", "leadFallback"],
    ]);
    expect(apiProblemPaths(draft)).toEqual([]);
    expect(routingBody(DEFAULT_ROUTING_TABLE, draft, "说明")).toMatchObject({
      note: "说明",
      enabledAgencies: DEFAULT_ROUTING_TABLE.enabledAgencies,
    });
  });
});
