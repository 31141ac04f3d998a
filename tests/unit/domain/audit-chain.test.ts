/**
 * The audit trail: each event sealed by the SHA-256 of its RFC 8785 (JCS) canonical JSON, linked
 * to the one before. Hashes are recomputed here independently of audit-chain.ts.
 */
import { createHash } from "node:crypto";
import {
  type AuditEvent,
  EMPTY_HEAD,
  GENESIS_HASH,
  hashEvent,
  sealAll,
  sealNext,
  type UnsealedAuditEvent,
  verifyChain,
} from "@cp/domain";
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

type NewEvent = Omit<UnsealedAuditEvent, "seq" | "prevHash">;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const jcsHash = (value: unknown): string => {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new Error("not serialisable");
  return sha256(canonical);
};

const EVENTS: readonly NewEvent[] = [
  {
    at: "2026-11-27T08:00:00.000Z",
    actor: { sub: "teacher.li", roles: ["reporter"] },
    action: "report_filed",
    details: { referenceNo: "SGL-20261127-7K3M9Q", categories: ["physical_abuse"] },
  },
  {
    at: "2026-11-27T08:00:00.010Z",
    actor: { sub: "system", roles: ["admin"] },
    action: "ticket_created",
    ticketId: "01JT0000000000000000000001",
    details: {
      agency: "police",
      kind: "lead",
      reason: "physical_abuse → police lead; 意见 Art. 4(4)",
    },
  },
  {
    at: "2026-11-27T08:09:30.000Z",
    actor: { sub: "officer.police", roles: ["officer", "reporter"], agency: "police" },
    action: "ticket_accepted",
    ticketId: "01JT0000000000000000000001",
    details: { note: "已出警，民警已到达红坡村。" },
  },
  {
    at: "2026-11-27T09:30:00.000Z",
    actor: { sub: "officer.police", roles: ["officer", "reporter"], agency: "police" },
    action: "action_recorded",
    ticketId: "01JT0000000000000000000001",
    details: { type: "child_removed_to_safety", note: "带离至救助站" },
  },
  {
    at: "2026-11-28T02:00:00.000Z",
    actor: { sub: "supervisor.wang", roles: ["supervisor"] },
    action: "case_viewed",
    details: { masked: true },
  },
];

const chain = (): AuditEvent[] => sealAll(EMPTY_HEAD, EVENTS);

describe("sealing", () => {
  it("numbers events from 1 and links each prevHash to the previous hash", () => {
    // Act
    const sealed = chain();

    // Assess
    expect(sealed.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(sealed[0]?.prevHash).toBe("0".repeat(64));
    expect(GENESIS_HASH).toBe("0".repeat(64));
    for (let i = 1; i < sealed.length; i++) {
      expect(sealed[i]?.prevHash).toBe(sealed[i - 1]?.hash);
    }
    for (const e of sealed) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(sealed.map((e) => e.hash)).size).toBe(sealed.length);
  });

  it("sealNext continues from a stored head", () => {
    // Prepare
    const sealed = chain();
    const last = sealed.at(-1) as AuditEvent;

    // Act
    const next = sealNext({ seq: last.seq, hash: last.hash }, EVENTS[0] as NewEvent);

    // Assess
    expect(next.seq).toBe(6);
    expect(next.prevHash).toBe(last.hash);
    expect(verifyChain([...sealed, next]).valid).toBe(true);
  });

  it("each hash is sha256 hex of the JCS form of the event as served, without hash", () => {
    // Prepare
    const sealed = chain();

    // Act / Assess
    for (const event of sealed) {
      const { hash, ...served } = event;
      expect(hash).toBe(jcsHash(served));
      // The event as served round-trips through JSON to the same hash (what a client verifies).
      const fromWire = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
      delete fromWire.hash;
      expect(hash).toBe(jcsHash(fromWire));
    }
  });

  it("omits an absent ticketId rather than serialising it", () => {
    // Act
    const [first] = chain();

    // Assess
    expect(first && "ticketId" in first).toBe(false);
  });
});

describe("hashEvent", () => {
  // A literal event with Chinese text, its keys deliberately out of order.
  const literal = {
    prevHash: "0".repeat(64),
    details: { 说明: "孩子身上多处淤青", agency: "police", count: 2 },
    action: "report_filed",
    seq: 1,
    actor: { sub: "teacher.li", roles: ["reporter"] },
    at: "2026-11-27T08:00:00.000Z",
  } satisfies UnsealedAuditEvent;

  it("equals sha256 of the JCS text written out by hand", () => {
    // Prepare: RFC 8785 sorts keys by UTF-16 code units (ASCII before CJK), no whitespace,
    // non-ASCII characters are left as UTF-8, not escaped.
    const byHand =
      '{"action":"report_filed","actor":{"roles":["reporter"],"sub":"teacher.li"},' +
      '"at":"2026-11-27T08:00:00.000Z",' +
      '"details":{"agency":"police","count":2,"说明":"孩子身上多处淤青"},' +
      `"prevHash":"${"0".repeat(64)}","seq":1}`;

    // Act
    const hash = hashEvent(literal);

    // Assess
    expect(canonicalize(literal)).toBe(byHand);
    expect(hash).toBe(sha256(byHand));
  });

  it("does not depend on key order", () => {
    // Prepare
    const reordered: UnsealedAuditEvent = {
      seq: 1,
      at: literal.at,
      actor: { roles: ["reporter"], sub: "teacher.li" },
      action: literal.action,
      details: { count: 2, agency: "police", 说明: "孩子身上多处淤青" },
      prevHash: literal.prevHash,
    };

    // Act / Assess
    expect(hashEvent(reordered)).toBe(hashEvent(literal));
    expect(hashEvent(reordered)).toBe(jcsHash(literal));
  });

  it("ignores a hash field already on the event", () => {
    // Prepare
    const withHash = { ...literal, hash: "f".repeat(64) };

    // Act / Assess
    expect(hashEvent(withHash)).toBe(hashEvent(literal));
  });

  it("changes when one Chinese character changes", () => {
    // Prepare
    const edited = { ...literal, details: { ...literal.details, 说明: "孩子身上多处淤紫" } };

    // Act / Assess
    expect(hashEvent(edited)).not.toBe(hashEvent(literal));
  });
});

describe("verifyChain", () => {
  it("an intact chain is valid, with its event count and head", () => {
    // Prepare
    const sealed = chain();

    // Act
    const verdict = verifyChain(sealed);

    // Assess
    expect(verdict).toEqual({ valid: true, events: 5, head: sealed[4]?.hash });
  });

  it("an empty chain is valid, headed by the genesis hash", () => {
    expect(verifyChain([])).toEqual({ valid: true, events: 0, head: GENESIS_HASH });
  });

  it("an edited event (details changed) is the first bad one", () => {
    // Prepare
    const sealed = chain();
    const e3 = sealed[2] as AuditEvent;
    sealed[2] = { ...e3, details: { note: "已出警。" } };

    // Act
    const verdict = verifyChain(sealed);

    // Assess
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: 3 });
  });

  it("an edited event re-sealed with its own new hash breaks the next link", () => {
    // Prepare
    const sealed = chain();
    const { hash: _old, ...e2 } = sealed[1] as AuditEvent;
    const forged = { ...e2, details: { agency: "court", kind: "lead" } };
    sealed[1] = { ...forged, hash: hashEvent(forged) };

    // Act
    const verdict = verifyChain(sealed);

    // Assess
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: 3 });
  });

  it("a deleted event is reported at its seq", () => {
    // Prepare
    const sealed = chain();
    sealed.splice(1, 1); // remove seq 2

    // Act
    const verdict = verifyChain(sealed);

    // Assess
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: 2, events: 4 });
  });

  it("a deleted event renumbered to hide the gap is still caught", () => {
    // Prepare
    const sealed = chain();
    sealed.splice(1, 1);
    const renumbered = sealed.map((e, i) => ({ ...e, seq: i + 1 }));

    // Act
    const verdict = verifyChain(renumbered);

    // Assess
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: 2 });
  });

  it("a cut-off tail verifies but no longer ends at the stored head", () => {
    // Prepare
    const sealed = chain();
    const storedHead = sealed.at(-1)?.hash;

    // Act
    const verdict = verifyChain(sealed.slice(0, -1));

    // Assess
    expect(verdict.valid).toBe(true);
    expect(verdict.head).not.toBe(storedHead);
  });

  it("two swapped events are reported at the earlier position", () => {
    // Prepare
    const sealed = chain();
    [sealed[1], sealed[3]] = [sealed[3] as AuditEvent, sealed[1] as AuditEvent];

    // Act
    const verdict = verifyChain(sealed);

    // Assess
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: 2 });
  });

  it("an edited hash is reported at that event", () => {
    // Prepare
    const sealed = chain();
    const e4 = sealed[3] as AuditEvent;
    sealed[3] = { ...e4, hash: `${e4.hash.slice(0, -1)}${e4.hash.endsWith("0") ? "1" : "0"}` };

    // Act
    const verdict = verifyChain(sealed);

    // Assess
    expect(verdict).toMatchObject({ valid: false, firstBadSeq: 4 });
  });

  it("an edited hash on the last event is reported", () => {
    // Prepare
    const sealed = chain();
    const last = sealed[4] as AuditEvent;
    sealed[4] = { ...last, hash: "a".repeat(64) };

    // Act / Assess
    expect(verifyChain(sealed)).toMatchObject({ valid: false, firstBadSeq: 5 });
  });
});

describe("verifyChain (properties)", () => {
  const text = fc.string({
    unit: fc.constantFrom(...[..."abc 孩子报告公安民政淤青😀"]),
    maxLength: 12,
  });
  const newEvent: fc.Arbitrary<NewEvent> = fc.record(
    {
      at: fc
        .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) })
        .map((ms) => new Date(ms).toISOString()),
      actor: fc.record({
        sub: fc.constantFrom("teacher.li", "officer.police", "supervisor.wang"),
        roles: fc.subarray(["reporter", "officer", "supervisor", "admin"] as const, {
          minLength: 1,
        }),
      }),
      action: fc.constantFrom("report_filed", "ticket_accepted", "action_recorded"),
      ticketId: fc.string({ minLength: 1, maxLength: 26 }),
      details: fc.dictionary(
        fc.string({ maxLength: 6 }),
        fc.oneof(text, fc.integer(), fc.boolean()),
      ),
    },
    { requiredKeys: ["at", "actor", "action", "details"] },
  );

  type Mutation =
    | { kind: "edit"; index: number; value: string }
    | { kind: "delete"; index: number }
    | { kind: "swap"; index: number; other: number }
    | { kind: "rehash"; index: number };

  const chainAndMutation = fc.array(newEvent, { minLength: 2, maxLength: 8 }).chain((events) => {
    const n = events.length;
    const index = fc.nat({ max: n - 1 });
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({ kind: fc.constant("edit" as const), index, value: text }),
      // Removing the last event leaves a shorter valid chain; that is caught by the head.
      fc.record({ kind: fc.constant("delete" as const), index: fc.nat({ max: n - 2 }) }),
      fc
        .tuple(index, index)
        .filter(([a, b]) => a !== b)
        .map(([a, b]) => ({ kind: "swap" as const, index: Math.min(a, b), other: Math.max(a, b) })),
      fc.record({ kind: fc.constant("rehash" as const), index }),
    );
    return fc.tuple(fc.constant(events), mutation);
  });

  const mutate = (sealed: AuditEvent[], m: Mutation): AuditEvent[] => {
    const out = [...sealed];
    const target = out[m.index] as AuditEvent;
    switch (m.kind) {
      case "edit":
        // A key no generated event has, so the content surely differs.
        out[m.index] = { ...target, details: { ...target.details, "tampered!": m.value } };
        break;
      case "delete":
        out.splice(m.index, 1);
        break;
      case "swap":
        out[m.index] = out[m.other] as AuditEvent;
        out[m.other] = target;
        break;
      case "rehash":
        out[m.index] = { ...target, hash: sha256(target.hash) };
        break;
    }
    return out;
  };

  it("never fails on an unmutated chain", () => {
    fc.assert(
      fc.property(fc.array(newEvent, { maxLength: 10 }), (events) => {
        // Act
        const sealed = sealAll(EMPTY_HEAD, events);
        const verdict = verifyChain(sealed);

        // Assess
        expect(verdict.valid).toBe(true);
        expect(verdict.events).toBe(events.length);
        expect(verdict.head).toBe(sealed.at(-1)?.hash ?? GENESIS_HASH);
      }),
      { numRuns: 200 },
    );
  });

  it("after a single mutation, fails at or before the mutated seq", () => {
    fc.assert(
      fc.property(chainAndMutation, ([events, mutation]) => {
        // Prepare
        const sealed = sealAll(EMPTY_HEAD, events);
        const mutatedSeq = mutation.index + 1;

        // Act
        const verdict = verifyChain(mutate(sealed, mutation));

        // Assess
        expect(verdict.valid).toBe(false);
        if (!verdict.valid) {
          expect(verdict.firstBadSeq).toBeGreaterThanOrEqual(1);
          expect(verdict.firstBadSeq).toBeLessThanOrEqual(mutatedSeq);
        }
      }),
      { numRuns: 300 },
    );
  });
});
