/**
 * Erasure by crypto-shredding on the local stack. A closed case past its retention period is
 * erased: its children, its reports' input and the statements in its trail read as erased (not a
 * 500), the raw items keep no key to open what is left, and the trail — exported and checked by
 * the offline verifier `npm run audit:verify` uses — still verifies. Another case is untouched.
 * An erasure the rule refuses (open, held, within retention) changes nothing; a repeat is a no-op.
 */
import { verifyAuditExport } from "@cp/cli/verify-export";
import { type AuditEvent, ManualClock } from "@cp/domain";
import {
  allAuditEvents,
  commitCaseChange,
  ErasedValueError,
  eraseCase,
  readCase,
  readReport,
} from "@cp/store";
import { checkpointSignerFromEnv } from "@cp/store/audit/checkpoints";
import { exportAudit } from "@cp/store/audit/export";
import { mainTable } from "@cp/store/definitions";
import { describe, expect, it } from "vitest";
import { api, exampleReport, storeContext, uniqueIdNumber } from "../support/api.ts";
import { fileAndRoute, ticketOf } from "../support/security.ts";

const ctx = storeContext();
/** Eleven years on: past ten years after closing and the child's 21st birthday (born 2015). */
const later = () => storeContext(new ManualClock(new Date(Date.now() + 11 * 366 * 86_400_000)));
const admin = { sub: "admin", name: "系统管理员", roles: ["admin" as const] };

type CaseBody = {
  erasedAt?: string;
  children: { name?: string }[];
  reports: { erased?: boolean; description?: string }[];
};
type Trail = { items: { action: string; details: Record<string, unknown> }[] };

async function rawItem(pk: string, sk = pk.split("#")[0] as string) {
  const { GetCommand } = await import("@aws-sdk/lib-dynamodb");
  const out = await ctx.clients.ddb.send(
    new GetCommand({ TableName: mainTable.name, Key: { pk, sk } }),
  );
  return out.Item;
}

/** The item that holds a case's children (sealed), beside the case item. */
const rawChildren = (caseId: string) => rawItem(`CASE#${caseId}`, "CASE#CHILDREN");

/** A case with a statement in its trail, filed and accepted by the police. */
async function caseWithStatement(note: string) {
  const { filed, tickets } = await fileAndRoute(exampleReport(uniqueIdNumber()));
  const police = ticketOf(tickets, "police");
  const accepted = await api("POST", `/v1/tickets/${police.ticketId}/accept`, {
    as: "officer.police",
    body: { note },
  });
  expect(accepted.status).toBe(200);
  return filed;
}

/** Closed as its last ticket's closing closes it (the tickets' own closing is tested elsewhere). */
async function closeCase(caseId: string) {
  await commitCaseChange(ctx, caseId, (current, now) => ({
    next: { ...current, status: "closed", closedAt: now.toISOString() },
    items: [],
    events: [
      {
        actor: { sub: admin.sub, roles: admin.roles },
        action: "case_closed",
        details: { why: "test" },
      },
    ],
    result: undefined,
  }));
}

const snapshot = async (caseId: string) => ({
  item: await rawItem(`CASE#${caseId}`),
  events: (await allAuditEvents(ctx, caseId)).length,
});

describe("erasing a case's personal data", () => {
  it("refuses an open case, a case within its retention period and a held case, changing nothing", async () => {
    const filed = await caseWithStatement("已受理，孩子暂由祖母照看");
    const open = await snapshot(filed.caseId);
    const refusedOpen = await api<{ detail: string }>("POST", `/v1/cases/${filed.caseId}/erasure`, {
      as: "admin",
      body: {},
    });
    expect(refusedOpen.status).toBe(409);
    expect(refusedOpen.body.detail).toMatch(/open case/);
    expect(await snapshot(filed.caseId)).toEqual(open);

    await closeCase(filed.caseId);
    const closed = await snapshot(filed.caseId);
    const refusedRecent = await api<{ detail: string }>(
      "POST",
      `/v1/cases/${filed.caseId}/erasure`,
      { as: "admin", body: {} },
    );
    expect(refusedRecent.status).toBe(409);
    expect(refusedRecent.body.detail).toMatch(/retention period .* Kept until 20\d\d-\d\d-\d\d/);
    expect(await snapshot(filed.caseId)).toEqual(closed);

    // Not an administrator: 403, nothing done.
    const officer = await api("POST", `/v1/cases/${filed.caseId}/erasure`, {
      as: "officer.police",
      body: {},
    });
    expect(officer.status).toBe(403);

    const held = await api("PUT", `/v1/cases/${filed.caseId}/legal-hold`, {
      as: "admin",
      body: { held: true, reason: "检察院来函要求保存案卷" },
    });
    expect(held.status).toBe(200);
    const heldState = await snapshot(filed.caseId);
    await expect(eraseCase(later(), admin, filed.caseId)).rejects.toThrow(/legal hold/);
    expect(await snapshot(filed.caseId)).toEqual(heldState);
    expect((await readCase(ctx, filed.caseId))?.children[0]?.name).toBe("小明");
  }, 60_000);

  it("erases children, report input and trail statements; the trail verifies; another case is untouched; a repeat changes nothing", async () => {
    const note = "已受理，孩子自述被继父殴打";
    const [target, other] = [
      await caseWithStatement(note),
      await caseWithStatement("已受理，另一个孩子"),
    ];
    await closeCase(target.caseId);
    const before = await readCase(ctx, target.caseId);
    const wrappedKey = before?.dataKey as string;
    expect(wrappedKey).toBeTruthy();
    expect((await rawChildren(target.caseId))?.children).toMatch(/^pd2\./);
    const statementBefore = (await allAuditEvents(ctx, target.caseId)).find(
      (e) => e.action === "ticket_accepted",
    )?.details.note as string;
    expect(statementBefore).toMatch(/^pd2\./);
    expect(
      await ctx.cipher.openFor(wrappedKey, statementBefore, `case:${target.caseId}:statement:note`),
    ).toBe(note);

    // Act
    const erased = await eraseCase(later(), admin, target.caseId);

    // Assess: the answer, and the raw items hold no key and no personal attribute.
    expect(erased).toMatchObject({ caseId: target.caseId, erased: true });
    const caseItem = await rawItem(`CASE#${target.caseId}`);
    expect(caseItem?.dataKey).toBeUndefined();
    expect(caseItem?.children).toBeUndefined();
    expect(await rawChildren(target.caseId)).toBeUndefined();
    expect(caseItem?.erasedAt).toBe(erased.erasedAt);
    expect(caseItem?.fingerprints).toEqual([]);
    const reportItem = await rawItem(`REPORT#${target.reportId}`);
    expect(reportItem?.input).toBeUndefined();
    expect(reportItem?.erasedAt).toBe(erased.erasedAt);
    // What stays in the trail is ciphertext without a key: it does not open.
    const events: AuditEvent[] = await allAuditEvents(ctx, target.caseId);
    const sealed = events.find((e) => e.action === "ticket_accepted")?.details.note as string;
    expect(sealed).toBe(statementBefore);
    await expect(
      ctx.cipher.openFor(undefined, sealed, `case:${target.caseId}:statement:note`),
    ).rejects.toBeInstanceOf(ErasedValueError);
    const erasure = events.find((e) => e.action === "case_erased");
    expect(erasure?.details).toEqual({
      dataClass: "case_personal_data",
      ground: "retention_ended",
      retainedUntil: erased.retainedUntil,
      reports: 1,
      children: 1,
    });
    expect(JSON.stringify(events)).not.toContain(note);
    expect(JSON.stringify(events)).not.toContain("小明");

    // Reads show it erased, not a 500.
    const view = await api<CaseBody>("GET", `/v1/cases/${target.caseId}`, { as: "officer.police" });
    expect(view.status).toBe(200);
    expect(view.body.erasedAt).toBe(erased.erasedAt);
    expect(view.body.children).toEqual([]);
    expect(view.body.reports).toEqual([expect.objectContaining({ erased: true })]);
    expect(JSON.stringify(view.body)).not.toContain("淤青");
    const trail = await api<Trail>("GET", `/v1/cases/${target.caseId}/audit?limit=100`, {
      as: "officer.police",
    });
    expect(trail.status).toBe(200);
    expect(trail.body.items.find((e) => e.action === "ticket_accepted")?.details.note).toBe(
      "[erased]",
    );
    const stored = await readReport(ctx, target.reportId);
    expect(stored && "input" in stored).toBe(false);

    // The chain still verifies: on the server, and offline as `npm run audit:verify` checks it.
    const verdict = await api<{ valid: boolean; events: number }>(
      "GET",
      `/v1/cases/${target.caseId}/audit/verify`,
      { as: "officer.police" },
    );
    expect(verdict.body).toMatchObject({ valid: true, events: events.length });
    const signer = await checkpointSignerFromEnv();
    const file = await exportAudit(
      ctx,
      { sub: "officer.police", name: "公安", roles: ["officer"], agency: "police" },
      target.caseId,
      signer,
    );
    expect(await verifyAuditExport(file, { trustedKeys: [signer.publicJwk] })).toMatchObject({
      valid: true,
    });

    // The other case is untouched.
    const otherView = await api<CaseBody>("GET", `/v1/cases/${other.caseId}`, {
      as: "officer.police",
    });
    expect(otherView.body.erasedAt).toBeUndefined();
    expect(otherView.body.children[0]?.name).toBe("小明");
    expect(otherView.body.reports[0]?.description).toContain("淤青");
    const otherTrail = await api<Trail>("GET", `/v1/cases/${other.caseId}/audit?limit=100`, {
      as: "officer.police",
    });
    expect(otherTrail.body.items.find((e) => e.action === "ticket_accepted")?.details.note).toBe(
      "已受理，另一个孩子",
    );

    // A repeat (here through the API, today) answers the same and adds nothing.
    const eventsAfter = events.length;
    const repeat = await api<{ erased: boolean; erasedAt: string }>(
      "POST",
      `/v1/cases/${target.caseId}/erasure`,
      { as: "admin", body: {} },
    );
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ erased: false, erasedAt: erased.erasedAt });
    expect((await allAuditEvents(ctx, target.caseId)).length).toBe(eventsAfter);
    expect(await rawItem(`CASE#${target.caseId}`)).toEqual(caseItem);
  }, 90_000);
});
