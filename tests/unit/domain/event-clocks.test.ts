/**
 * Event clocks (docs/domain.md, "Clocks"): which action starts which clock for which agency, when
 * each is due (worked out by hand from T0 = 2026-03-10T02:00:00Z), what stops it, and the
 * protection order's six-month ceiling (反家暴法 Art. 30).
 */
import {
  clockDueAt,
  clocksAfterAction,
  clocksStartedBy,
  DEFAULT_SLA_POLICY,
  protectionOrderLatestExpiry,
  type SlaPolicy,
  startClock,
  type TicketClock,
} from "@cp/domain";
import { describe, expect, it } from "vitest";

const T0 = new Date("2026-03-10T02:00:00.000Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("clocksStartedBy", () => {
  it("starts the court's protection-order decision clock on an application, for the court only", () => {
    const application = { on: "action", type: "protection_order_application_received" } as const;
    expect(clocksStartedBy("court", application)).toEqual(["protection_order_decision"]);
    expect(clocksStartedBy("police", application)).toEqual([]);
  });

  it("starts the court's clocks when a referral applies for an order or a revocation", () => {
    expect(
      clocksStartedBy("court", { on: "referral_applies", applies: "protection_order" }),
    ).toEqual(["protection_order_decision"]);
    expect(
      clocksStartedBy("court", { on: "referral_applies", applies: "guardianship_revocation" }),
    ).toEqual(["guardianship_revocation"]);
  });

  it("starts clocks that belong to any agency for every agency", () => {
    for (const agency of ["police", "education", "court"] as const) {
      expect(clocksStartedBy(agency, { on: "report_filed" })).toEqual([
        "reporter_progress_feedback",
      ]);
      expect(clocksStartedBy(agency, { on: "art4_lead_declined" })).toEqual(["decline_ruling"]);
    }
  });

  it("starts civil affairs' first placement only for a child without a carer", () => {
    expect(clocksStartedBy("civil_affairs", { on: "created_without_carer" })).toEqual([
      "first_placement",
    ]);
    expect(clocksStartedBy("education", { on: "created_without_carer" })).toEqual([]);
  });

  it("starts nothing for an action no clock waits on", () => {
    expect(clocksStartedBy("police", { on: "action", type: "note" })).toEqual([]);
  });
});

describe("clockDueAt", () => {
  it("gives the court 72 h to decide on a protection order, 24 h in an emergency (反家暴法 Art. 28)", () => {
    expect(clockDueAt("protection_order_decision", T0, false)).toBe("2026-03-13T02:00:00.000Z");
    expect(clockDueAt("protection_order_decision", T0, true)).toBe("2026-03-11T02:00:00.000Z");
  });

  it("uses the policy's emergency length in an emergency, when tighter than the law's", () => {
    const policy: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      clocks: {
        ...DEFAULT_SLA_POLICY.clocks,
        protection_order_decision: {
          ...DEFAULT_SLA_POLICY.clocks.protection_order_decision,
          emergencyWithinMs: 12 * HOUR,
        },
      },
    };
    expect(clockDueAt("protection_order_decision", T0, true, policy)).toBe(
      "2026-03-10T14:00:00.000Z",
    );
    expect(clockDueAt("protection_order_decision", T0, false, policy)).toBe(
      "2026-03-13T02:00:00.000Z",
    );
  });

  it("uses the plain length in an emergency when the clock has no emergency length", () => {
    expect(clockDueAt("warning_letter_follow_up", T0, true)).toBe("2026-03-17T02:00:00.000Z");
  });

  it("reads the policy in force, capped at the statutory floor", () => {
    const policy: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      clocks: {
        ...DEFAULT_SLA_POLICY.clocks,
        warning_letter_follow_up: {
          ...DEFAULT_SLA_POLICY.clocks.warning_letter_follow_up,
          withinMs: 2 * DAY,
        },
        protection_order_decision: {
          ...DEFAULT_SLA_POLICY.clocks.protection_order_decision,
          withinMs: 10 * DAY,
        },
      },
    };
    expect(clockDueAt("warning_letter_follow_up", T0, false, policy)).toBe(
      "2026-03-12T02:00:00.000Z",
    );
    // The law allows 72 h: a policy of ten days still gives 72 h.
    expect(clockDueAt("protection_order_decision", T0, false, policy)).toBe(
      "2026-03-13T02:00:00.000Z",
    );
  });

  it("falls back to the default length for a clock an older policy version does not list", () => {
    const { decline_ruling: _, ...older } = DEFAULT_SLA_POLICY.clocks;
    const policy = { ...DEFAULT_SLA_POLICY, clocks: older } as unknown as SlaPolicy;
    expect(clockDueAt("decline_ruling", T0, false, policy)).toBe("2026-03-11T02:00:00.000Z");
  });
});

describe("startClock", () => {
  it("starts an ordinary clock at the event with its due time", () => {
    expect(startClock("decline_ruling", T0, false)).toEqual({
      id: "decline_ruling",
      startedAt: "2026-03-10T02:00:00.000Z",
      dueAt: "2026-03-11T02:00:00.000Z",
    });
  });

  it("runs the expiry reminder back 14 days from the order's expiry", () => {
    expect(
      startClock(
        "protection_order_expiry_reminder",
        T0,
        false,
        DEFAULT_SLA_POLICY,
        "2026-09-10T00:00:00.000Z",
      ),
    ).toEqual({
      id: "protection_order_expiry_reminder",
      startedAt: "2026-03-10T02:00:00.000Z",
      dueAt: "2026-08-27T00:00:00.000Z",
      expiresAt: "2026-09-10T00:00:00.000Z",
    });
  });

  it("reminds at once when the order lapses within the reminder's lead", () => {
    expect(
      startClock(
        "protection_order_expiry_reminder",
        T0,
        false,
        DEFAULT_SLA_POLICY,
        "2026-03-15T02:00:00.000Z",
      ).dueAt,
    ).toBe("2026-03-10T02:00:00.000Z");
  });

  it("reads the reminder's lead from the policy, or the default when the policy lacks it", () => {
    const policy: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      clocks: {
        ...DEFAULT_SLA_POLICY.clocks,
        protection_order_expiry_reminder: {
          ...DEFAULT_SLA_POLICY.clocks.protection_order_expiry_reminder,
          withinMs: 2 * DAY,
        },
      },
    };
    const expires = "2026-09-10T00:00:00.000Z";
    expect(startClock("protection_order_expiry_reminder", T0, false, policy, expires).dueAt).toBe(
      "2026-09-08T00:00:00.000Z",
    );
    const { protection_order_expiry_reminder: _, ...older } = DEFAULT_SLA_POLICY.clocks;
    const olderPolicy = { ...DEFAULT_SLA_POLICY, clocks: older } as unknown as SlaPolicy;
    expect(
      startClock("protection_order_expiry_reminder", T0, false, olderPolicy, expires).dueAt,
    ).toBe("2026-08-27T00:00:00.000Z");
  });

  it("without an expiry, runs the reminder as an ordinary 14-day clock", () => {
    expect(startClock("protection_order_expiry_reminder", T0, false)).toEqual({
      id: "protection_order_expiry_reminder",
      startedAt: "2026-03-10T02:00:00.000Z",
      dueAt: "2026-03-24T02:00:00.000Z",
    });
  });

  it("ignores an expiry given for any other clock", () => {
    expect(
      startClock("decline_ruling", T0, false, DEFAULT_SLA_POLICY, "2026-09-10T00:00:00.000Z"),
    ).toEqual({
      id: "decline_ruling",
      startedAt: "2026-03-10T02:00:00.000Z",
      dueAt: "2026-03-11T02:00:00.000Z",
    });
  });
});

describe("clocksAfterAction", () => {
  const running: TicketClock = {
    id: "protection_order_decision",
    startedAt: "2026-03-09T00:00:00.000Z",
    dueAt: "2026-03-12T00:00:00.000Z",
  };
  const other: TicketClock = {
    id: "warning_letter_follow_up",
    startedAt: "2026-03-09T00:00:00.000Z",
    dueAt: "2026-03-16T00:00:00.000Z",
  };

  it("stops the running clock the measure answers and starts the expiry reminder", () => {
    const after = clocksAfterAction(
      [running, other],
      "court",
      "protection_order_issued",
      T0,
      false,
      DEFAULT_SLA_POLICY,
      "2026-09-10T00:00:00.000Z",
    );
    expect(after).toEqual([
      { ...running, stoppedAt: "2026-03-10T02:00:00.000Z", stoppedBy: "protection_order_issued" },
      other,
      {
        id: "protection_order_expiry_reminder",
        startedAt: "2026-03-10T02:00:00.000Z",
        dueAt: "2026-08-27T00:00:00.000Z",
        expiresAt: "2026-09-10T00:00:00.000Z",
      },
    ]);
  });

  it("leaves an already stopped clock as it was", () => {
    const stopped: TicketClock = {
      ...running,
      stoppedAt: "2026-03-09T12:00:00.000Z",
      stoppedBy: "protection_order_denied",
    };
    expect(
      clocksAfterAction(
        [stopped],
        "court",
        "protection_order_issued",
        T0,
        false,
        DEFAULT_SLA_POLICY,
      )[0],
    ).toEqual(stopped);
  });

  it("changes nothing for an action that neither starts nor stops a clock", () => {
    expect(clocksAfterAction([running, other], "court", "note", T0, false)).toEqual([
      running,
      other,
    ]);
  });

  it("starts a police follow-up seven days after a 告诫书, not for another agency", () => {
    expect(clocksAfterAction([], "police", "warning_letter", T0, false)).toEqual([
      {
        id: "warning_letter_follow_up",
        startedAt: "2026-03-10T02:00:00.000Z",
        dueAt: "2026-03-17T02:00:00.000Z",
      },
    ]);
    expect(clocksAfterAction([], "education", "warning_letter", T0, false)).toEqual([]);
  });

  it("gives the emergency length to a clock started in an emergency", () => {
    expect(
      clocksAfterAction([], "court", "protection_order_application_received", T0, true),
    ).toEqual([
      {
        id: "protection_order_decision",
        startedAt: "2026-03-10T02:00:00.000Z",
        dueAt: "2026-03-11T02:00:00.000Z",
      },
    ]);
  });
});

describe("protectionOrderLatestExpiry", () => {
  it("is six calendar months after the order is made (反家暴法 Art. 30)", () => {
    expect(protectionOrderLatestExpiry(T0).toISOString()).toBe("2026-09-10T02:00:00.000Z");
    // Across a year end.
    expect(protectionOrderLatestExpiry(new Date("2026-08-15T00:00:00.000Z")).toISOString()).toBe(
      "2027-02-15T00:00:00.000Z",
    );
  });

  it("does not move the date it is given", () => {
    const issued = new Date(T0.getTime());
    protectionOrderLatestExpiry(issued);
    expect(issued.toISOString()).toBe("2026-03-10T02:00:00.000Z");
  });
});
