/** The changed-case marker a chain move writes: once per case and UTC hour, not once per move. */
import type { StoreConfig } from "@cp/store";
import { markerIfNew } from "@cp/store/metrics";
import { describe, expect, it } from "vitest";

const ctx = { config: { mainTableName: "cp-main" } as StoreConfig };
const at = new Date("2026-11-30T01:59:59.999Z");

describe("markerIfNew", () => {
  it("marks the hour on the first move of a case (no chain hour yet)", () => {
    const items = markerIfNew(ctx, { caseId: "c1" }, at);
    expect(items).toHaveLength(1);
    expect(items[0]?.Put?.Item).toMatchObject({ pk: "CHANGED#2026-11-30T01", sk: "CASE#c1" });
  });

  it("writes nothing when the chain already moved in this UTC hour", () => {
    expect(markerIfNew(ctx, { caseId: "c1", chainHour: "2026-11-30T01" }, at)).toEqual([]);
  });

  it("marks a new hour, one millisecond after the last one ended", () => {
    const next = new Date(at.getTime() + 1);
    const items = markerIfNew(ctx, { caseId: "c1", chainHour: "2026-11-30T01" }, next);
    expect(items).toHaveLength(1);
    expect(items[0]?.Put?.Item?.pk).toBe("CHANGED#2026-11-30T02");
  });
});
