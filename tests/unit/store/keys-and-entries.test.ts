/** The store's pure parts: key building and the access log's entries, no table needed. */

import { type AuditActor, chainAccess, EMPTY_ACCESS_HEAD } from "@cp/domain";
import type { TicketRecord } from "@cp/store";
import {
  accessEntry,
  accessEntryKey,
  changedHour,
  keys,
  partitions,
  ticketIndexKeys,
} from "@cp/store";
import { describe, expect, it } from "vitest";

const actor: AuditActor = { sub: "officer.court", roles: ["officer"], agency: "court" };

describe("access log entries", () => {
  it("merge per actor, action, record and minute", () => {
    const a = accessEntry(
      "C1",
      "access_denied",
      actor,
      { via: "ticket", ticketId: "T1" },
      new Date("2026-05-01T08:00:05Z"),
    );
    const b = accessEntry(
      "C1",
      "access_denied",
      actor,
      { via: "ticket", ticketId: "T1" },
      new Date("2026-05-01T08:00:55Z"),
    );
    const c = accessEntry(
      "C1",
      "access_denied",
      actor,
      { via: "ticket", ticketId: "T1" },
      new Date("2026-05-01T08:01:00Z"),
    );
    const d = accessEntry(
      "C1",
      "access_denied",
      actor,
      { via: "ticket", ticketId: "T2" },
      new Date("2026-05-01T08:00:05Z"),
    );
    expect(accessEntryKey(a)).toEqual(accessEntryKey(b));
    expect(accessEntryKey(a)).not.toEqual(accessEntryKey(c));
    expect(accessEntryKey(a)).not.toEqual(accessEntryKey(d));
    expect(accessEntryKey(a).pk).toBe(partitions.accessLog("C1"));
    expect(a.window).toBe("2026-05-01T08:00:00.000Z");
  });
  it("are chained when appended: a changed actor gives another hash", () => {
    const at = new Date("2026-05-01T08:00:05Z");
    const a = chainAccess(
      EMPTY_ACCESS_HEAD,
      accessEntry("C1", "child_data_viewed", actor, { via: "case" }, at),
    );
    const other = chainAccess(
      EMPTY_ACCESS_HEAD,
      accessEntry("C1", "child_data_viewed", { ...actor, sub: "x" }, { via: "case" }, at),
    );
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(other.hash).not.toBe(a.hash);
  });
});

describe("keys", () => {
  const ticket = {
    ticketId: "T1",
    caseId: "C1",
    agency: "police",
    status: "pending",
    createdAt: "2026-05-01T08:00:00.000Z",
    acceptDueAt: "2026-05-01T09:00:00.000Z",
    closeDueAt: "2026-05-04T08:00:00.000Z",
  } as TicketRecord;
  it("put an open ticket in its agency's inbox, its case and the due list by the clock that runs", () => {
    expect(ticketIndexKeys(ticket)).toEqual({
      gsi1pk: "INBOX#police",
      gsi1sk: "1#2026-05-01T09:00:00.000Z#T1",
      gsi2pk: "CASE#C1",
      gsi2sk: "TICKET#2026-05-01T08:00:00.000Z#T1",
      gsi3pk: "DUE",
      gsi3sk: "2026-05-01T09:00:00.000Z#T1",
    });
    expect(ticketIndexKeys({ ...ticket, status: "accepted" }).gsi3sk).toBe(
      "2026-05-04T08:00:00.000Z#T1",
    );
  });
  it("take a closed ticket off the due list", () => {
    const closed = ticketIndexKeys({ ...ticket, status: "closed" });
    expect(closed).not.toHaveProperty("gsi3pk");
    expect(closed.gsi1sk).toBe("4#9999#T1");
  });
  it("pad sequence numbers so the audit table sorts them", () => {
    expect(keys.audit("C1", 42)).toEqual({ pk: "CASE#C1", sk: "0000000042" });
    expect(keys.checkpoint("C1", 7).sk).toBe("0000000007");
    expect(changedHour(new Date("2026-05-01T08:59:59Z"))).toBe("2026-05-01T08");
  });
});
