import { TokenBuckets } from "@cp/functions/api/quota";
import { describe, expect, it } from "vitest";

describe("per-user token buckets", () => {
  it("lets a burst through, then refuses with the seconds until the next token", () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const bucket = { capacity: 3, refillPerSecond: 0.5 };
    expect([1, 2, 3].map(() => buckets.take("u1", bucket))).toEqual([0, 0, 0]);
    expect(buckets.take("u1", bucket)).toBe(2);
    // Another user has their own bucket.
    expect(buckets.take("u2", bucket)).toBe(0);
    now += 2000;
    expect(buckets.take("u1", bucket)).toBe(0);
    expect(buckets.take("u1", bucket)).toBe(2);
  });

  it("refills no higher than the capacity", () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    const bucket = { capacity: 2, refillPerSecond: 1 };
    buckets.take("u", bucket);
    now += 3_600_000;
    expect([1, 2, 3].map(() => buckets.take("u", bucket))).toEqual([0, 0, 1]);
  });

  it("forgets full buckets when it holds too many, so memory stays bounded", () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now, 10);
    const bucket = { capacity: 1, refillPerSecond: 1 };
    for (let i = 0; i < 10; i++) buckets.take(`u${i}`, bucket);
    buckets.take("busy", bucket);
    expect(buckets.size).toBe(11);
    now += 5000;
    buckets.take("busy", bucket);
    buckets.take("late", bucket);
    // The full buckets of u0…u9 are forgotten; the two just drawn on are kept.
    expect(buckets.size).toBe(2);
  });
});
