/**
 * Per-user request quotas: a token bucket per (user, class of request), in memory. A bucket holds
 * `capacity` requests and refills at `refillPerSecond`; an empty bucket answers 429 with the
 * seconds until the next request would pass (Retry-After). In Lambda each container keeps its own
 * buckets, a second line behind API Gateway's throttling (docs/decisions/0007-access-and-privacy.md).
 */
import { createMiddleware } from "hono/factory";
import type { AuthEnv } from "./policy.ts";
import { type QuotaClass, quotaClassOf } from "./policy.ts";
import { problem } from "./problem.ts";

export interface Bucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export type QuotaSettings = Readonly<Record<QuotaClass, Bucket>>;

/**
 * Reads: a burst of 600, then 10 a second — a person paging through an inbox never meets it, a
 * scraper is slowed to a crawl. Writes: 120, then 2 a second. Filing a report: 30, then 30 an
 * hour — far above what any reporter files, low enough that a flood is stopped early.
 */
export const DEFAULT_QUOTAS: QuotaSettings = {
  read: { capacity: 600, refillPerSecond: 10 },
  write: { capacity: 120, refillPerSecond: 2 },
  file: { capacity: 30, refillPerSecond: 30 / 3600 },
};

interface State {
  tokens: number;
  at: number;
}

/** Token buckets keyed by caller and class; full buckets are forgotten when the map grows. */
export class TokenBuckets {
  readonly #states = new Map<string, State>();
  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** How many callers' buckets are held. */
  get size() {
    return this.#states.size;
  }

  /** The caller's standing: whole tokens left, and seconds until the bucket is full again. */
  standing(key: string, bucket: Bucket): { remaining: number; resetSeconds: number } {
    const now = this.now();
    const state = this.#states.get(key) ?? { tokens: bucket.capacity, at: now };
    const tokens = Math.min(
      bucket.capacity,
      state.tokens + ((now - state.at) / 1000) * bucket.refillPerSecond,
    );
    return {
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil((bucket.capacity - tokens) / bucket.refillPerSecond),
    };
  }

  /** Take one token: 0 when it passed, else the seconds until one is available. */
  take(key: string, bucket: Bucket): number {
    const now = this.now();
    const state = this.#states.get(key) ?? { tokens: bucket.capacity, at: now };
    const refilled = Math.min(
      bucket.capacity,
      state.tokens + ((now - state.at) / 1000) * bucket.refillPerSecond,
    );
    if (refilled >= 1) {
      this.#states.set(key, { tokens: refilled - 1, at: now });
      if (this.#states.size > this.maxKeys) this.#forgetFull(bucket, now);
      return 0;
    }
    this.#states.set(key, { tokens: refilled, at: now });
    return Math.max(1, Math.ceil((1 - refilled) / bucket.refillPerSecond));
  }

  #forgetFull(bucket: Bucket, now: number) {
    for (const [key, s] of this.#states) {
      if (s.tokens + ((now - s.at) / 1000) * bucket.refillPerSecond >= bucket.capacity) {
        this.#states.delete(key);
      }
    }
  }
}

/** The quota gate: after authentication and the route's policy, before validation. */
export function enforceQuotas(settings: QuotaSettings, buckets = new TokenBuckets()) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const quota = quotaClassOf(c);
    if (!quota) return next();
    const key = `${c.get("identity").sub}\u0000${quota}`;
    const wait = buckets.take(key, settings[quota]);
    // The caller's standing on every answer (RateLimit-* of the IETF httpapi draft).
    const { remaining, resetSeconds } = buckets.standing(key, settings[quota]);
    const standing = {
      "RateLimit-Limit": String(settings[quota].capacity),
      "RateLimit-Remaining": String(remaining),
      "RateLimit-Reset": String(resetSeconds),
    };
    if (wait > 0) {
      const res = problem(c, 429, `Too many requests of this kind; try again in ${wait} s.`);
      res.headers.set("Retry-After", String(wait));
      for (const [name, value] of Object.entries(standing)) res.headers.set(name, value);
      return res;
    }
    await next();
    for (const [name, value] of Object.entries(standing)) c.res.headers.set(name, value);
  });
}
