/**
 * Export a real case's audit trail with its signed checkpoint, then verify it offline: intact it
 * holds; an edited, a deleted, two swapped events and a cut-off tail are each named at the
 * right event, by the library and by the CLI. The checkpoint is also copied to a folder standing
 * in for the Object Lock bucket: a chain rewritten and stripped of its checkpoints still fails
 * against the copy.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { verifyAuditExport } from "@cp/cli/verify-export";
import { type AuditEvent, sealAll } from "@cp/domain";
import { keys } from "@cp/store";
import { folderCheckpointCopies } from "@cp/store/audit/checkpoint-copies";
import {
  checkpointSignerFromEnv,
  checkpointsOf,
  recordCheckpoints,
} from "@cp/store/audit/checkpoints";
import { beforeAll, describe, expect, it } from "vitest";
import { api, eventually, exampleReport, fileAs, storeContext } from "../support/api.ts";

const run = promisify(execFile);
const ctx = storeContext();

interface ExportFile {
  caseId: string;
  events: AuditEvent[];
  checkpoints: { seq: number; jws: string }[];
  signature?: string;
  keys: Record<string, unknown>[];
}

let file: ExportFile;
let pinned: Awaited<ReturnType<typeof checkpointSignerFromEnv>>["publicJwk"];
const copy = (): ExportFile => structuredClone(file);
const copiesDir = mkdtempSync(join(tmpdir(), "checkpoint-copies-"));
const copies = folderCheckpointCopies(copiesDir);

/** The export's events re-sealed after editing event 2: every link holds again. */
function rewritten(f: ExportFile): AuditEvent[] {
  const edited = f.events.map((e) => {
    const { seq: _s, prevHash: _p, hash: _h, ...rest } = e;
    return rest;
  });
  (edited[1] as { details: Record<string, unknown> }).details = { reportId: "forged" };
  return sealAll({ seq: 0, hash: "0".repeat(64) }, edited);
}

beforeAll(async () => {
  const { caseId } = await fileAs("teacher.li", exampleReport());
  const police = await eventually(
    async () => {
      const inbox = await api<{ items: { ticketId: string; caseId: string }[] }>(
        "GET",
        "/v1/tickets?status=pending&limit=100",
        { as: "officer.police" },
      );
      return inbox.body.items.find((t) => t.caseId === caseId);
    },
    15_000,
    "police ticket",
  );
  const accepted = await api("POST", `/v1/tickets/${police.ticketId}/accept`, {
    as: "officer.police",
    body: { note: "已受理" },
  });
  expect(accepted.status).toBe(200);

  const signer = await checkpointSignerFromEnv();
  pinned = signer.publicJwk;
  const runResult = await recordCheckpoints(ctx, signer, { copies });
  expect(runResult.cases).toBeGreaterThanOrEqual(1);
  expect((await checkpointsOf(ctx, caseId)).length).toBe(1);
  // a second run over the same heads records nothing new
  await recordCheckpoints(ctx, signer, { copies });
  expect((await checkpointsOf(ctx, caseId)).length).toBe(1);
  expect(readdirSync(join(copiesDir, "checkpoints", caseId))).toHaveLength(1);

  const res = await api<ExportFile>("GET", `/v1/cases/${caseId}/audit/export`, {
    as: "supervisor.wang",
  });
  expect(res.status).toBe(200);
  file = res.body;
}, 60_000);

describe("the offline verifier", () => {
  it("holds an intact export, against the pinned key", async () => {
    expect(file.events.length).toBeGreaterThanOrEqual(5);
    const verdict = await verifyAuditExport(file, { trustedKeys: [pinned] });
    expect(verdict).toMatchObject({
      valid: true,
      events: file.events.length,
      checkpointsVerified: 1,
    });
    expect(verdict.warnings).toEqual([]);
  });

  it("names an edited event", async () => {
    const f = copy();
    (f.events[1] as { details: Record<string, unknown> }).details = { reportId: "forged" };
    expect(await verifyAuditExport(f, { trustedKeys: [pinned] })).toMatchObject({
      valid: false,
      firstBadSeq: 2,
    });
  });

  it("names a deleted event", async () => {
    const f = copy();
    f.events.splice(2, 1);
    expect(await verifyAuditExport(f, { trustedKeys: [pinned] })).toMatchObject({
      valid: false,
      firstBadSeq: 3,
    });
  });

  it("names two swapped events at the first of them", async () => {
    const f = copy();
    [f.events[1], f.events[2]] = [f.events[2] as AuditEvent, f.events[1] as AuditEvent];
    expect(await verifyAuditExport(f, { trustedKeys: [pinned] })).toMatchObject({
      valid: false,
      firstBadSeq: 2,
    });
  });

  it("names the first missing event of a cut-off tail, against the checkpoint alone", async () => {
    const f = copy();
    const n = f.events.length;
    f.events = f.events.slice(0, n - 2);
    delete f.signature; // only the stored checkpoint is left to tell
    const verdict = await verifyAuditExport(f, { trustedKeys: [pinned] });
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: n - 1 });
    expect(verdict.problem).toMatch(/checkpoint/);
  });

  it("catches a chain rewritten from an edit onwards at the checkpoint's event", async () => {
    const f = copy();
    f.events = rewritten(f);
    const verdict = await verifyAuditExport(f, { trustedKeys: [pinned] });
    // every link holds again, but the signed head no longer matches: named at the checkpoint's seq
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: file.checkpoints[0]?.seq });
  });

  it("catches a rewritten chain stripped of its checkpoints against the copies", async () => {
    // Whoever rewrote the table also removed its checkpoints; the export carries none and no
    // signature of the old head (the API would sign the rewritten one).
    const f = copy();
    f.events = rewritten(f);
    f.checkpoints = [];
    delete f.signature;
    const alone = await verifyAuditExport(f, { trustedKeys: [pinned] });
    expect(alone.valid).toBe(true);
    const items = await copies.list(f.caseId);
    expect(items).toHaveLength(1);
    const verdict = await verifyAuditExport(f, {
      trustedKeys: [pinned],
      copies: { where: copiesDir, items },
    });
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: items[0]?.seq, copiesVerified: 1 });
    expect(verdict.problem).toMatch(/copied/);
    // The intact export holds against the same copies.
    expect(
      await verifyAuditExport(file, { trustedKeys: [pinned], copies: { where: copiesDir, items } }),
    ).toMatchObject({ valid: true, copiesVerified: 1 });
  });

  it("refuses signatures by a key other than the pinned one", async () => {
    const { generateKeyPair, exportJWK } = await import("jose");
    const { publicKey } = await generateKeyPair("ES256");
    const other = { ...(await exportJWK(publicKey)), kid: pinned.kid };
    const verdict = await verifyAuditExport(file, { trustedKeys: [other] });
    expect(verdict.valid).toBe(false);
    expect(verdict.problem).toMatch(/signature not valid/);
  });

  it("as a CLI: exit 0 on an intact file, exit 1 naming the first bad event", async () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-export-"));
    const good = join(dir, "good.json");
    const key = join(dir, "key.json");
    writeFileSync(good, JSON.stringify(file));
    writeFileSync(key, JSON.stringify(pinned));
    const ok = await run("node_modules/.bin/tsx", [
      "packages/cli/src/audit-verify.ts",
      good,
      "--key",
      key,
    ]);
    expect(ok.stdout).toMatch(/^VALID case /);
    const f = copy();
    (f.events[3] as { action: string }).action = "ticket_closed";
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify(f));
    const failed = await run("node_modules/.bin/tsx", [
      "packages/cli/src/audit-verify.ts",
      bad,
      "--key",
      key,
    ]).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toMatch(/first bad event: seq 4/);
    // Rewritten and stripped of checkpoints: only --copies tells.
    const stripped = copy();
    stripped.events = rewritten(stripped);
    stripped.checkpoints = [];
    delete stripped.signature;
    const strippedFile = join(dir, "stripped.json");
    writeFileSync(strippedFile, JSON.stringify(stripped));
    const args = ["packages/cli/src/audit-verify.ts", strippedFile, "--key", key];
    expect((await run("node_modules/.bin/tsx", args)).stdout).toMatch(/^VALID/);
    const caught = await run("node_modules/.bin/tsx", [...args, "--copies", copiesDir]).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(caught?.code).toBe(1);
    expect(caught?.stdout).toMatch(/checkpoint copied at seq/);
  }, 60_000);

  it("only those who may read the case may export it", async () => {
    const res = await api("GET", `/v1/cases/${file.caseId}/audit/export`, { as: "officer.court" });
    expect(res.status).toBe(404);
  });
});

describe("a checkpoint run", () => {
  it("seals the events a stopped command left pending, then checkpoints the head that holds them", async () => {
    const caseId = file.caseId;
    const head = Math.max(...(await checkpointsOf(ctx, caseId)).map((c) => c.seq));
    // What a command that stopped between its change and its sealing leaves: a pending event.
    const { seq: _s, prevHash: _p, hash: _h, ...draft } = file.events.at(-1) as AuditEvent;
    const pending = keys.pendingEvent(caseId, `${new Date().toISOString()}#stopped#000`);
    await ctx.clients.ddb.send(
      new PutCommand({ TableName: ctx.config.mainTableName, Item: { ...pending, draft } }),
    );
    await recordCheckpoints(ctx, await checkpointSignerFromEnv(), { copies });
    expect((await checkpointsOf(ctx, caseId)).map((c) => c.seq)).toEqual([head, head + 1]);
    const left = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.mainTableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :pending)",
        ExpressionAttributeValues: { ":pk": pending.pk, ":pending": "PENDING#" },
        ConsistentRead: true,
      }),
    );
    expect(left.Items).toEqual([]);
  });
});
