/**
 * Every situation the law names, routed on the real local stack (docs/domain.md, "The statutory
 * floor", "Severity a reporter can state", "Re-routing", "Reopen"): the nine situations of
 * 意见 Art. 4, bullying with immediate danger, serious and criminal bullying, serious guardianship
 * failure, a later report that upgrades an open case, and a referral after the case closed.
 * Reports are filed and routed through the store with a moved clock, so every due time is exact.
 * Works in 2011 (see sweeper-helpers.ts).
 */
import { ART4_SITUATIONS, DAY, HOUR, type Identity, MINUTE, type SeverityFacts } from "@cp/domain";
import {
  acceptTicket,
  closeTicket,
  declineTicket,
  getCase,
  getReportStatus,
  recordAction,
  referTicket,
} from "@cp/store";
import { describe, expect, it } from "vitest";
import { storeContext, uniqueIdNumber } from "../support/api.ts";
import {
  auditEvents,
  byAgency,
  fileAndRoute,
  ManualClock,
  officerOf,
  reportInput,
  TEACHER,
  ticketsOfCase,
} from "./sweeper-helpers.ts";

const T0 = new Date("2011-05-02T08:00:00.000Z");
const at = (ms: number, from = T0) => new Date(from.getTime() + ms).toISOString();

const DOCTOR: Identity = {
  sub: "doctor.zhao",
  name: "赵医生",
  roles: ["reporter"],
  org: "香格里拉市人民医院",
};

/** agency → kind, for the tickets of a case. */
const kinds = (tickets: readonly { agency: string; kind: string }[]) =>
  Object.fromEntries(tickets.map((t) => [t.agency, t.kind]));

describe("意见 Art. 4: each of the nine situations routes police lead and procuratorate oversight", () => {
  it.each(ART4_SITUATIONS)("item ($item): $category", async ({ category }) => {
    const clock = new ManualClock(T0);
    const { tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: [category], immediateDanger: false }),
    );

    const police = byAgency(tickets, "police");
    expect([police.kind, police.acceptDueAt, police.closeDueAt, police.extendableUntil]).toEqual([
      "lead",
      at(HOUR),
      at(3 * DAY),
      at(30 * DAY),
    ]);
    const oversight = byAgency(tickets, "procuratorate");
    expect([oversight.kind, oversight.closeDueAt]).toEqual(["oversight", null]);
    // Only one lead: the police, whatever else the row brings in.
    expect(tickets.filter((t) => t.kind === "lead").map((t) => t.agency)).toEqual(["police"]);
  });
});

describe("situations beyond Art. 4 that the law sends to the police", () => {
  it("bullying with immediate danger: education lead and police support both accept within 15 minutes", async () => {
    const clock = new ManualClock(T0);
    const { tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["bullying"], immediateDanger: true }),
    );

    expect(kinds(tickets)).toEqual({ education: "lead", police: "support" });
    for (const t of tickets) expect([t.agency, t.acceptDueAt]).toEqual([t.agency, at(15 * MINUTE)]);
    expect(byAgency(tickets, "education").closeDueAt).toBe(at(30 * DAY));
  });

  it.each<{
    situation: string;
    category: string;
    severity: SeverityFacts;
    expected: Record<string, string>;
    policeAccept: number;
  }>([
    {
      situation: "serious bullying (visible injury): police support, 未保法 Art. 39",
      category: "bullying",
      severity: { visibleInjury: true },
      expected: { education: "lead", police: "support" },
      policeAccept: 24 * HOUR,
    },
    {
      situation: "criminal bullying (a group): police lead beside education",
      category: "bullying",
      severity: { weaponOrGroup: true },
      expected: { education: "lead", police: "lead" },
      policeAccept: HOUR,
    },
    {
      situation: "bullying with nothing serious stated: education alone",
      category: "bullying",
      severity: {},
      expected: { education: "lead" },
      policeAccept: 0,
    },
    {
      situation:
        "serious guardianship failure (no adult looks after the child): police support, 未保法 Art. 118",
      category: "guardianship_failure",
      severity: { noCarer: true },
      expected: { civil_affairs: "lead", police: "support" },
      policeAccept: 24 * HOUR,
    },
    {
      situation: "guardian injures the child: police lead beside civil affairs",
      category: "guardianship_failure",
      severity: { guardianHarming: true, visibleInjury: true },
      expected: { civil_affairs: "lead", police: "lead" },
      policeAccept: HOUR,
    },
  ])("$situation", async ({ category, severity, expected, policeAccept }) => {
    const clock = new ManualClock(T0);
    const { tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: [category], immediateDanger: false, severity }),
    );

    expect(kinds(tickets)).toEqual(expected);
    if (expected.police) expect(byAgency(tickets, "police").acceptDueAt).toBe(at(policeAccept));
  });

  it("a child left with no carer: civil affairs' first-placement clock runs 24 h and a placement stops it", async () => {
    const clock = new ManualClock(T0);
    const { tickets, filed } = await fileAndRoute(
      clock,
      reportInput({
        categories: ["guardianship_failure"],
        immediateDanger: false,
        severity: { noCarer: true },
      }),
    );
    const civil = byAgency(tickets, "civil_affairs");
    expect(civil.clocks?.map((c) => [c.id, c.dueAt])).toEqual([["first_placement", at(DAY)]]);

    const ctx = storeContext(clock);
    clock.advance(2 * HOUR);
    await acceptTicket(ctx, officerOf("civil_affairs"), civil.ticketId, {});
    clock.advance(3 * HOUR);
    await recordAction(ctx, officerOf("civil_affairs"), civil.ticketId, {
      type: "kinship_care",
      note: "委托祖母照料",
    });

    const after = byAgency(await ticketsOfCase(ctx, filed.caseId), "civil_affairs");
    expect(after.clocks?.[0]).toMatchObject({
      id: "first_placement",
      stoppedAt: at(5 * HOUR),
      stoppedBy: "kinship_care",
    });
  });
});

describe("a later report on an open case", () => {
  it("bullying with danger, then sexual abuse of the same child: police upgraded to lead, oversight added", async () => {
    // Prepare: a teacher reports bullying with immediate danger.
    const clock = new ManualClock(T0);
    const idNumber = uniqueIdNumber();
    const first = await fileAndRoute(
      clock,
      reportInput({ categories: ["bullying"], immediateDanger: true, idNumber }),
    );
    const policeBefore = byAgency(first.tickets, "police");
    expect([policeBefore.kind, policeBefore.closeDueAt]).toEqual(["support", at(30 * DAY)]);

    // Act: two hours later a doctor reports sexual abuse of the same child, without danger.
    clock.advance(2 * HOUR);
    const later = new Date(T0.getTime() + 2 * HOUR);
    const second = await fileAndRoute(
      clock,
      reportInput({
        categories: ["sexual_abuse"],
        immediateDanger: false,
        idNumber,
        relationship: "doctor",
      }),
      DOCTOR,
    );

    // Assess: one case; police is the same ticket, now lead with the police lead's clocks from now.
    expect(second.filed.caseId).toBe(first.filed.caseId);
    expect(second.filed.linkedToExistingCase).toBe(true);
    const tickets = second.tickets;
    expect(tickets.filter((t) => t.agency === "police")).toHaveLength(1);
    const police = byAgency(tickets, "police");
    expect(police.ticketId).toBe(policeBefore.ticketId);
    expect(police.kind).toBe("lead");
    // The accept clock was already tighter (15 minutes from the first report): never loosened.
    expect(police.acceptDueAt).toBe(policeBefore.acceptDueAt);
    expect(police.closeDueAt).toBe(at(3 * DAY, later));
    expect(byAgency(tickets, "procuratorate").kind).toBe("oversight");
    expect(byAgency(tickets, "health").kind).toBe("support");
    // Education stays lead of the bullying; it is at school, so it supports the abuse too.
    expect(byAgency(tickets, "education").kind).toBe("lead");

    const upgraded = (await auditEvents(storeContext(clock), first.filed.caseId)).filter(
      (e) => e.action === "ticket_upgraded",
    );
    expect(upgraded).toHaveLength(1);
    expect(upgraded[0]).toMatchObject({
      ticketId: police.ticketId,
      details: {
        reportId: second.filed.reportId,
        agency: "police",
        // The rule that caused it: the sexual-abuse row of the routing table.
        ruleId: expect.stringContaining("sexual_abuse"),
        kind: { from: "support", to: "lead" },
        closeDueAt: { from: at(30 * DAY), to: at(3 * DAY, later) },
      },
    });
  });

  it("a milder later report downgrades nothing", async () => {
    const clock = new ManualClock(T0);
    const idNumber = uniqueIdNumber();
    const first = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger: true, idNumber }),
    );
    clock.advance(HOUR);
    const second = await fileAndRoute(
      clock,
      reportInput({ categories: ["dropout"], immediateDanger: false, idNumber }),
    );

    const before = byAgency(first.tickets, "police");
    const after = byAgency(second.tickets, "police");
    expect([after.kind, after.acceptDueAt, after.closeDueAt]).toEqual([
      "lead",
      before.acceptDueAt,
      before.closeDueAt,
    ]);
    const events = await auditEvents(storeContext(clock), first.filed.caseId);
    expect(events.filter((e) => e.action === "ticket_upgraded")).toEqual([]);
  });
});

describe("a referral after the case closed", () => {
  it("the procuratorate's 立案监督 after police close not_filed reopens the case, audited, and the reporter sees it", async () => {
    // Prepare: physical abuse; every agency accepts; police record 不予立案 and close; the others close.
    const clock = new ManualClock(T0);
    const { filed, tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["physical_abuse"], immediateDanger: false }),
    );
    const ctx = storeContext(clock);
    clock.advance(30 * MINUTE);
    for (const t of tickets) await acceptTicket(ctx, officerOf(t.agency), t.ticketId, {});
    clock.advance(DAY);
    const police = byAgency(tickets, "police");
    await recordAction(ctx, officerOf("police"), police.ticketId, {
      type: "not_filed",
      note: "经审查，没有犯罪事实",
    });
    await closeTicket(ctx, officerOf("police"), police.ticketId, {
      outcome: "not_filed",
      summary: "不予立案",
    });
    const outcomes = {
      civil_affairs: "home_visit",
      womens_federation: "family_education_guidance",
    };
    for (const [agency, outcome] of Object.entries(outcomes)) {
      await closeTicket(
        ctx,
        officerOf(agency as "civil_affairs"),
        byAgency(tickets, agency).ticketId,
        {
          outcome,
          summary: "已处理",
        },
      );
    }
    expect(await getReportStatus(ctx, TEACHER, filed.reportId)).toMatchObject({ status: "closed" });

    // Act: the procuratorate supervises the filing (立案监督) by referring back to police.
    clock.advance(DAY);
    const procuratorate = byAgency(tickets, "procuratorate");
    const referred = await referTicket(ctx, officerOf("procuratorate"), procuratorate.ticketId, {
      toAgency: "police",
      request: "要求说明不立案理由",
      reason: "立案监督",
    });

    // Assess: new police work on the same case, which is open again, audited; the reporter sees it.
    expect(referred.created?.agency).toBe("police");
    const events = await auditEvents(ctx, filed.caseId);
    const actions = events.map((e) => e.action);
    expect(actions).toContain("not_filed_notified");
    expect(actions.indexOf("case_closed")).toBeGreaterThan(-1);
    expect(actions.lastIndexOf("case_reopened")).toBeGreaterThan(actions.indexOf("case_closed"));
    expect(events.find((e) => e.action === "case_reopened")?.details).toMatchObject({
      byTicketId: procuratorate.ticketId,
      newTicketId: referred.created?.ticketId,
    });
    expect(await getReportStatus(ctx, TEACHER, filed.reportId)).toMatchObject({
      status: "in_progress",
    });
  });
});

describe("a declined Art. 4 lead ticket", () => {
  it("needs a legal reason, starts the supervisor's ruling clock, and first acceptance keeps running", async () => {
    const SUPERVISOR: Identity = { sub: "sup.zhou", name: "周督导", roles: ["supervisor"] };
    const clock = new ManualClock(T0);
    const { filed, tickets } = await fileAndRoute(
      clock,
      reportInput({ categories: ["sexual_abuse"], immediateDanger: false }),
    );
    const ctx = storeContext(clock);
    const police = byAgency(tickets, "police");
    clock.advance(20 * MINUTE);

    // Act: a plain decline is refused; one with a legal reason is taken and starts the clock.
    const plain = declineTicket(ctx, officerOf("police"), police.ticketId, { reason: "不归我管" });
    await expect(plain).rejects.toMatchObject({ name: "InvalidInputError" });
    await declineTicket(ctx, officerOf("police"), police.ticketId, {
      reason: "案发地属邻县",
      legalReason: "outside_jurisdiction",
    });

    // Assess: the ruling clock runs 24 h; no agency has accepted, so the case is still waiting.
    const declined = byAgency(await ticketsOfCase(ctx, filed.caseId), "police");
    expect(declined.clocks?.map((c) => [c.id, c.dueAt])).toEqual([
      ["decline_ruling", at(20 * MINUTE + DAY)],
    ]);
    clock.advance(40 * MINUTE);
    expect((await getCase(ctx, SUPERVISOR, filed.caseId)).firstAcceptance).toEqual({
      waitedMs: HOUR,
      running: true,
    });

    // An agency accepts: the wait stops there.
    await acceptTicket(ctx, officerOf("health"), byAgency(tickets, "health").ticketId, {});
    clock.advance(HOUR);
    expect((await getCase(ctx, SUPERVISOR, filed.caseId)).firstAcceptance).toEqual({
      at: at(HOUR),
      waitedMs: HOUR,
      running: false,
    });
  });
});
