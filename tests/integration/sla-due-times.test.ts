/**
 * The SLA table of docs/domain.md (Clocks) on real tickets: reports filed and routed with a moved
 * clock, then each row's due times read back from the stored tickets, and the one `extend` a
 * ticket may have. Works in 2009 (see sweeper-helpers.ts).
 */
import { DAY, HOUR, MINUTE } from "@cp/domain";
import { acceptTicket, recordAction, referTicket } from "@cp/store";
import { describe, expect, it } from "vitest";
import { storeContext } from "../support/api.ts";
import {
  auditEvents,
  byAgency,
  fileAndRoute,
  ManualClock,
  officerOf,
  readableAuditEvents,
  reportInput,
  ticketsOfCase,
} from "./sweeper-helpers.ts";

const T0 = new Date("2009-03-02T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

describe("due times per row of the SLA table", () => {
  it("police lead in immediate danger: accept 15 min, close 3 days; support 15 min; oversight 3 days", async () => {
    // Prepare / Act
    const clock = new ManualClock(T0);
    const { tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger: true }),
    );

    // Assess
    const police = byAgency(tickets, "police");
    expect([police.kind, police.acceptDueAt, police.closeDueAt]).toEqual([
      "lead",
      at(15 * MINUTE),
      at(3 * DAY),
    ]);
    const civil = byAgency(tickets, "civil_affairs");
    // Immediate danger is immediate for every agency, not only the police lead.
    expect([civil.kind, civil.acceptDueAt, civil.closeDueAt]).toEqual([
      "support",
      at(15 * MINUTE),
      at(30 * DAY),
    ]);
    const oversight = byAgency(tickets, "procuratorate");
    expect([oversight.kind, oversight.acceptDueAt, oversight.closeDueAt]).toEqual([
      "oversight",
      at(3 * DAY),
      null,
    ]);
  });

  it("police lead otherwise: accept 1 h, close 3 days; support 24 h / 30 days", async () => {
    const clock = new ManualClock(T0);
    const { tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger: false }),
    );

    const police = byAgency(tickets, "police");
    expect([police.acceptDueAt, police.closeDueAt]).toEqual([at(HOUR), at(3 * DAY)]);
    const women = byAgency(tickets, "womens_federation");
    expect([women.kind, women.acceptDueAt, women.closeDueAt]).toEqual([
      "support",
      at(24 * HOUR),
      at(30 * DAY),
    ]);
  });

  it.each([
    {
      row: "court, protection-order application: decision within 72 h of the referral",
      immediateDanger: false,
      applies: "protection_order",
      clock: "protection_order_decision",
      within: 72 * HOUR,
    },
    {
      row: "court, protection-order application in an emergency: within 24 h",
      immediateDanger: true,
      applies: "protection_order",
      clock: "protection_order_decision",
      within: 24 * HOUR,
    },
    {
      row: "court, guardianship revocation: the special procedure's 30 days, no 72 h clock",
      immediateDanger: false,
      applies: "guardianship_revocation",
      clock: "guardianship_revocation",
      within: 30 * DAY,
    },
  ] as const)("$row", async ({ immediateDanger, applies, clock: clockId, within }) => {
    // Prepare: police accept and refer to the court an hour and a half after the report.
    const clock = new ManualClock(T0);
    const { tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger }),
    );
    const police = byAgency(tickets, "police");
    clock.advance(90 * MINUTE);
    const ctx = storeContext(clock);
    await acceptTicket(ctx, officerOf("police"), police.ticketId, {});

    // Act
    const referred = await referTicket(ctx, officerOf("police"), police.ticketId, {
      toAgency: "court",
      request: "申请",
      reason: "家庭暴力",
      applies,
    });

    // Assess: the statutory clock runs from the application, the ticket's own are plain support.
    const court = referred.created;
    const from = T0.getTime() + 90 * MINUTE;
    expect(court?.agency).toBe("court");
    expect(court?.clocks?.map((c) => [c.id, c.dueAt])).toEqual([
      [clockId, new Date(from + within).toISOString()],
    ]);
    expect(court?.closeDueAt).toBe(new Date(from + 30 * DAY).toISOString());
  });

  it("a court ticket without an application has no statutory court clock", async () => {
    const clock = new ManualClock(T0);
    const { tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger: false }),
    );
    const police = byAgency(tickets, "police");
    const ctx = storeContext(clock);
    await acceptTicket(ctx, officerOf("police"), police.ticketId, {});
    const referred = await referTicket(ctx, officerOf("police"), police.ticketId, {
      toAgency: "court",
      request: "司法建议",
      reason: "监护问题",
    });
    expect(referred.created?.clocks).toBeUndefined();
    expect(referred.created?.closeDueAt).toBe(at(30 * DAY));
  });

  it.each([
    { category: "abandonment", kind: "support" },
    { category: "guardianship_failure", kind: "lead" },
  ])(
    "civil_affairs, child without a carer ($category): 1 h / 30 days",
    async ({ category, kind }) => {
      const clock = new ManualClock(T0);
      const { tickets } = await fileAndRoute(
        clock,
        reportInput({ categories: [category], immediateDanger: false }),
      );

      const civil = byAgency(tickets, "civil_affairs");
      expect([civil.kind, civil.acceptDueAt, civil.closeDueAt]).toEqual([
        kind,
        at(HOUR),
        at(30 * DAY),
      ]);
    },
  );

  it("everything else (education lead for bullying): 24 h / 30 days", async () => {
    const clock = new ManualClock(T0);
    const { tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["bullying"], immediateDanger: false }),
    );

    const education = byAgency(tickets, "education");
    expect([education.kind, education.acceptDueAt, education.closeDueAt]).toEqual([
      "lead",
      at(24 * HOUR),
      at(30 * DAY),
    ]);
    expect(tickets.map((t) => t.agency)).toEqual(["education"]);
  });
});

describe("extending a ticket", () => {
  it("moves the close-due time once, within the policy's bound, audited with its reason", async () => {
    // Prepare
    const clock = new ManualClock(T0);
    const { filed, tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger: false }),
    );
    const police = byAgency(tickets, "police");
    const ctx = storeContext(clock);
    await acceptTicket(ctx, officerOf("police"), police.ticketId, {});
    clock.advance(2 * DAY);

    // Act: beyond the bound (30 days) is refused; 7 days is granted; a second extension is not.
    const tooFar = recordAction(ctx, officerOf("police"), police.ticketId, {
      type: "extend",
      note: "立案审查延长",
      dueAt: at(31 * DAY),
    });
    await expect(tooFar).rejects.toMatchObject({ name: "InvalidInputError" });
    const granted = await recordAction(ctx, officerOf("police"), police.ticketId, {
      type: "extend",
      note: "案情复杂，立案审查延长至7日",
      dueAt: at(7 * DAY),
    });
    const again = recordAction(ctx, officerOf("police"), police.ticketId, {
      type: "extend",
      note: "再次延长",
      dueAt: at(10 * DAY),
    });

    // Assess
    expect(granted.ticket.closeDueAt).toBe(at(7 * DAY));
    expect(granted.ticket.extended).toBe(true);
    await expect(again).rejects.toMatchObject({ name: "ConflictError" });
    const stored = byAgency(await ticketsOfCase(ctx, filed.caseId), "police");
    expect(stored.closeDueAt).toBe(at(7 * DAY));
    const extended = (await readableAuditEvents(ctx, filed.caseId)).filter(
      (e) => e.action === "ticket_extended",
    );
    expect(extended).toHaveLength(1);
    expect(extended[0]?.details).toMatchObject({
      from: at(3 * DAY),
      to: at(7 * DAY),
      reason: "案情复杂，立案审查延长至7日",
    });
  });
});
