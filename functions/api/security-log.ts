/**
 * Every refusal that says something about the caller — 401, 403, a 404 on another's record, 429 —
 * becomes a security event (packages/store/src/audit/security-log.ts), a metric, and, when one caller
 * is refused again and again, a burst: a metric an alarm watches and a warning in the log.
 *
 * The write is off the answer's path and bounded: at most `maxWritesPerMinute` events are stored
 * per container and minute, and at most twice the burst threshold per caller and window (a flood
 * of forged tokens cannot turn into a flood of writes); past that, only the metrics count.
 */
import type { Identity } from "@cp/domain";
import type { StoreContext } from "@cp/store";
import { appendSecurityEvent, type SecurityEvent } from "@cp/store/audit/security-log";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { servedRoute } from "./policy.ts";

/** The metrics sink: Powertools in Lambda, a counter locally. */
export interface SecurityMetrics {
  /** One refused request of this kind. */
  refusal(kind: SecurityEvent["kind"]): void;
  /** A caller crossed the burst threshold (once per caller and window). */
  burst(kind: SecurityEvent["kind"]): void;
}

export interface SecurityLogSettings {
  /** Refusals of one caller within `windowMs` that make a burst. */
  readonly burstThreshold: number;
  readonly windowMs: number;
  readonly maxWritesPerMinute: number;
}

const DEFAULT_SECURITY_LOG: SecurityLogSettings = {
  burstThreshold: 20,
  windowMs: 60_000,
  maxWritesPerMinute: 600,
};

/** Why a token was refused: set by auth.ts, read here. */
type SecurityEnv = { Variables: { authFailure?: string; refusedObject?: boolean } };

type Log = (level: "info" | "warn" | "error", message: string, fields?: object) => void;

/** Refusals per caller in a sliding window; forgets callers whose window passed. */
class BurstCounter {
  readonly #hits = new Map<string, { start: number; count: number; flagged: boolean }>();
  constructor(private readonly settings: SecurityLogSettings) {}

  /** Count one refusal: the caller's count in the window, and whether it just became a burst. */
  hit(caller: string, now: number): { count: number; burst: boolean } {
    const entry = this.#hits.get(caller);
    if (!entry || now - entry.start >= this.settings.windowMs) {
      if (this.#hits.size > 10_000) this.#forget(now);
      const burst = 1 >= this.settings.burstThreshold;
      this.#hits.set(caller, { start: now, count: 1, flagged: burst });
      return { count: 1, burst };
    }
    entry.count++;
    if (!entry.flagged && entry.count >= this.settings.burstThreshold) {
      entry.flagged = true;
      return { count: entry.count, burst: true };
    }
    return { count: entry.count, burst: false };
  }

  #forget(now: number) {
    for (const [k, v] of this.#hits) {
      if (now - v.start >= this.settings.windowMs) this.#hits.delete(k);
    }
  }
}

function kindOf(status: number, refusedObject: boolean): SecurityEvent["kind"] | undefined {
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404 && refusedObject) return "refused_object";
  if (status === 429) return "rate_limited";
  return undefined;
}

export function securityLog(
  store: StoreContext,
  metrics: SecurityMetrics,
  log: Log,
  settings: SecurityLogSettings = DEFAULT_SECURITY_LOG,
) {
  const bursts = new BurstCounter(settings);
  let minute = 0;
  let writes = 0;
  return createMiddleware<SecurityEnv>(async (c, next) => {
    await next();
    const kind = kindOf(c.res.status, c.get("refusedObject") === true);
    if (!kind) return;
    const now = store.clock.now();
    const who = (c as unknown as Context<{ Variables: { identity?: Identity } }>).get("identity");
    const route = servedRoute(c) ?? `${c.req.method} unknown route`;
    const event: SecurityEvent = {
      at: now.toISOString(),
      kind,
      status: c.res.status as SecurityEvent["status"],
      route,
      reason: reasonOf(c, kind),
      ...(who ? { caller: who.sub } : {}),
    };
    metrics.refusal(kind);
    // A 401 has no verified caller; its bursts are counted per route instead.
    const seen = bursts.hit(who?.sub ?? `unauthenticated:${route}`, now.getTime());
    if (seen.burst) {
      metrics.burst(kind);
      log("warn", "security: refusal burst", {
        kind,
        route,
        caller: who?.sub,
        threshold: settings.burstThreshold,
      });
    }
    const thisMinute = Math.floor(now.getTime() / 60_000);
    if (thisMinute !== minute) {
      minute = thisMinute;
      writes = 0;
    }
    // Past twice the burst threshold, one caller's refusals are counted, not each stored.
    if (seen.count > 2 * settings.burstThreshold) return;
    if (++writes > settings.maxWritesPerMinute) return;
    // Off the answer's path: the caller does not wait for the log, and a failed write only logs.
    void appendSecurityEvent(store, event).catch((error: unknown) =>
      log("error", "security log write failed", { error: (error as Error).name }),
    );
  });
}

function reasonOf(c: Context<SecurityEnv>, kind: SecurityEvent["kind"]): string {
  switch (kind) {
    case "unauthenticated":
      return c.get("authFailure") ?? "invalid";
    case "forbidden":
      return "role";
    case "refused_object":
      return "not_theirs";
    default:
      return "quota";
  }
}

/** Counts kept in memory: the local stack's metrics, and what tests read. */
export function countingMetrics() {
  const refusals: Record<string, number> = {};
  const bursts: Record<string, number> = {};
  const metrics: SecurityMetrics = {
    refusal: (kind) => {
      refusals[kind] = (refusals[kind] ?? 0) + 1;
    },
    burst: (kind) => {
      bursts[kind] = (bursts[kind] ?? 0) + 1;
    },
  };
  return { metrics, refusals, bursts };
}
