import { nextProgressDeadline } from "@cp/domain";
import { describe, expect, it } from "vitest";

describe("the care progress report's deadlines (6月10日, 11月10日)", () => {
  it("names the next deadline, the deadline day itself included, and rolls over the year", () => {
    expect(nextProgressDeadline("2025-01-15")).toMatchObject({ dueOn: "2025-06-10" });
    expect(nextProgressDeadline("2025-06-10")).toMatchObject({ dueOn: "2025-06-10", daysLeft: 0 });
    expect(nextProgressDeadline("2025-06-11")).toMatchObject({ dueOn: "2025-11-10" });
    expect(nextProgressDeadline("2025-11-11")).toMatchObject({ dueOn: "2026-06-10" });
  });

  it("reminds from 14 days before, not earlier", () => {
    expect(nextProgressDeadline("2026-05-26")).toMatchObject({ daysLeft: 15, remind: false });
    expect(nextProgressDeadline("2026-05-27")).toMatchObject({ daysLeft: 14, remind: true });
    expect(nextProgressDeadline("2026-11-09")).toMatchObject({ daysLeft: 1, remind: true });
  });

  it("says whether the deadline is in a year the plan names", () => {
    expect(nextProgressDeadline("2026-11-01").withinPlan).toBe(true);
    expect(nextProgressDeadline("2026-11-20")).toMatchObject({
      dueOn: "2027-06-10",
      withinPlan: false,
    });
  });
});
