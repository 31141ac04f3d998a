/**
 * Two small pieces other tests lean on: the manual clock that tests move instead of sleeping, and
 * the page table that decides who may open which screen (roles/pages.ts).
 */
import { ManualClock, pageRoles } from "@cp/domain";
import { describe, expect, it } from "vitest";

describe("ManualClock", () => {
  it("stands still until moved forward or set", () => {
    const clock = new ManualClock("2026-11-27T08:00:00.000Z");
    expect(clock.now().toISOString()).toBe("2026-11-27T08:00:00.000Z");
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe("2026-11-27T08:01:30.000Z");
    clock.set(new Date("2026-12-01T00:00:00.000Z"));
    expect(clock.now().toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });
});

describe("pageRoles", () => {
  it("lets administrators and supervisors open the policy pages, nobody else", () => {
    expect(pageRoles("/admin")).toEqual(["admin", "supervisor"]);
  });

  it("lets nobody open a page that is not in the table", () => {
    expect(pageRoles("/nowhere" as Parameters<typeof pageRoles>[0])).toEqual([]);
  });
});
