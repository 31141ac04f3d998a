import { DAY, DEFAULT_SLA_POLICY, HOUR, MINUTE } from "@cp/domain";
import { describe, expect, it } from "vitest";
import {
  slaChanges,
  slaPolicyBody,
  slaRows,
  splitDuration,
  withValue,
} from "../../packages/web/src/pages/admin/sla-rows.ts";

describe("the SLA policy as the editor shows it", () => {
  it("has a row per rule, the default and each clock, with the floor where the law sets one", () => {
    const rows = slaRows(DEFAULT_SLA_POLICY);
    expect(rows).toHaveLength(DEFAULT_SLA_POLICY.rules.length + 1 + 8);
    const policeLead = rows.find((r) => r.type === "rule" && r.rule.id === "police_lead");
    expect(policeLead?.cells.map((c) => [c.path.split(".").at(-1), c.floor?.maxMs])).toEqual([
      ["acceptWithinMs", HOUR],
      ["closeWithinMs", 3 * DAY],
      ["extendableToMs", 30 * DAY],
    ]);
    const support = rows.find((r) => r.type === "rule" && r.rule.id === "support");
    expect(support?.cells.every((c) => c.floor === undefined)).toBe(true);
    const order = rows.find((r) => r.key === "clocks.protection_order_decision");
    expect(order?.cells.map((c) => [c.path, c.floor?.maxMs])).toEqual([
      ["clocks.protection_order_decision.withinMs", 72 * HOUR],
      ["clocks.protection_order_decision.emergencyWithinMs", 24 * HOUR],
    ]);
    expect(rows.find((r) => r.key === "clocks.first_placement")?.cells[0]?.floor).toBeUndefined();
  });

  it("sets a field by the API's path and lists what changed, before and after", () => {
    const index = DEFAULT_SLA_POLICY.rules.findIndex((r) => r.id === "support");
    let draft = withValue(DEFAULT_SLA_POLICY, `rules.${index}.acceptWithinMs`, 12 * HOUR);
    draft = withValue(draft, "clocks.first_placement.withinMs", 12 * HOUR);
    draft = withValue(draft, "defaultRule.closeWithinMs", 20 * DAY);

    expect(slaChanges(DEFAULT_SLA_POLICY, draft).map((c) => [c.cell.path, c.from, c.to])).toEqual([
      [`rules.${index}.acceptWithinMs`, 24 * HOUR, 12 * HOUR],
      ["defaultRule.closeWithinMs", 30 * DAY, 20 * DAY],
      ["clocks.first_placement.withinMs", 24 * HOUR, 12 * HOUR],
    ]);
    expect(slaChanges(DEFAULT_SLA_POLICY, DEFAULT_SLA_POLICY)).toEqual([]);
    expect(DEFAULT_SLA_POLICY.clocks.first_placement.withinMs).toBe(24 * HOUR);
    expect(() => withValue(draft, "nowhere.x", 1)).toThrow();
  });

  it("sends the policy without its version, with the note when there is one", () => {
    expect(slaPolicyBody(DEFAULT_SLA_POLICY)).not.toHaveProperty("version");
    expect(slaPolicyBody(DEFAULT_SLA_POLICY, "缩短")).toMatchObject({ note: "缩短" });
  });

  it("reads durations as the law writes them: hours below four days, then days", () => {
    expect(splitDuration(72 * HOUR)).toEqual({ n: 72, unit: "h" });
    expect(splitDuration(30 * DAY)).toEqual({ n: 30, unit: "d" });
    expect(splitDuration(15 * MINUTE)).toEqual({ n: 15, unit: "m" });
    expect(splitDuration(4 * DAY + HOUR)).toEqual({ n: 97, unit: "h" });
  });
});
