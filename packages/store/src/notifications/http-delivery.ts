/**
 * What every channel that posts over HTTPS (signed webhooks, an SMS provider's API) shares: how
 * often it tries, how long it waits between tries and per try, and the clock it signs with.
 */
import { type Clock, systemClock } from "@cp/domain";

export interface HttpDeliveryOptions {
  /** Attempts per delivery before giving up to the queue's redelivery. */
  readonly attempts: number;
  /** First pause between attempts; doubled each time, with up to 50% jitter added. */
  readonly backoffMs: number;
  /** Per-attempt time limit. */
  readonly timeoutMs: number;
  /**
   * Wall-clock time for signatures: receivers judge freshness against their own clocks (Tencent
   * refuses a timestamp five minutes off), so this stays the system clock even where the store
   * runs on a test clock.
   */
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly fetch: typeof fetch;
}

export const DEFAULT_HTTP_DELIVERY: HttpDeliveryOptions = {
  attempts: 3,
  backoffMs: 250,
  timeoutMs: 5_000,
  clock: systemClock,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  fetch: (...args) => fetch(...args),
};

/** The pause after a failed attempt (1-based): exponential, with up to 50% jitter. */
export function pauseAfter(o: HttpDeliveryOptions, attempt: number): Promise<void> {
  const pause = o.backoffMs * 2 ** (attempt - 1);
  return o.sleep(pause + Math.random() * pause * 0.5);
}
