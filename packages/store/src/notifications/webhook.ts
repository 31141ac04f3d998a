/**
 * Signed webhooks to agencies' own systems, per the Standard Webhooks specification
 * (https://www.standardwebhooks.com): headers `webhook-id`, `webhook-timestamp` (Unix seconds)
 * and `webhook-signature` (`v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>">`), so an
 * agency verifies a delivery with any Standard Webhooks library and its secret, and rejects
 * replays by the id and the timestamp.
 *
 *   attempt 1 ──fail──▶ wait base ──▶ attempt 2 ──fail──▶ wait 2·base ──▶ … attempt N ──fail──▶ throw
 *                                                       (the queue redelivers; after the last
 *                                                        redelivery the message is dead-lettered)
 */
import { type Clock, systemClock } from "@cp/domain";
import { Webhook } from "standardwebhooks";
import { DeliveryFailedError, type DeliveryReceipt, type NotificationChannel } from "./channel.ts";
import { type Audience, type Notification, webhookPayload } from "./content.ts";

export interface WebhookEndpoint {
  readonly url: string;
  /** Standard Webhooks secret: base64, optionally prefixed `whsec_`. */
  readonly secret: string;
}

export interface WebhookOptions {
  /** Attempts per delivery before giving up to the queue's redelivery. */
  readonly attempts: number;
  /** First pause between attempts; doubled each time, with up to 50% jitter added. */
  readonly backoffMs: number;
  /** Per-attempt time limit. */
  readonly timeoutMs: number;
  /**
   * Wall-clock time for the signature timestamp: receivers judge freshness against their own
   * clocks, so this stays the system clock even where the store runs on a test clock.
   */
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly fetch: typeof fetch;
}

const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  attempts: 3,
  backoffMs: 250,
  timeoutMs: 5_000,
  clock: systemClock,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  fetch: (...args) => fetch(...args),
};

/** The headers of a signed delivery of `body`. */
function signedHeaders(
  endpoint: WebhookEndpoint,
  messageId: string,
  sentAt: Date,
  body: string,
): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "webhook-signature": new Webhook(endpoint.secret).sign(messageId, sentAt, body),
  };
}

export class WebhookChannel implements NotificationChannel {
  readonly name = "webhook";
  readonly #options: WebhookOptions;

  constructor(
    private readonly endpoints: Readonly<Partial<Record<Audience, WebhookEndpoint>>>,
    options: Partial<WebhookOptions> = {},
  ) {
    this.#options = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
  }

  serves(audience: Audience): boolean {
    return this.endpoints[audience] !== undefined;
  }

  async deliver(notification: Notification): Promise<DeliveryReceipt> {
    const endpoint = this.endpoints[notification.audience];
    if (!endpoint) throw new DeliveryFailedError(this.name, 0, "no endpoint for the audience");
    const o = this.#options;
    let reason = "";
    for (let attempt = 1; attempt <= o.attempts; attempt++) {
      // Each attempt is signed afresh, so a late retry still carries a fresh timestamp; the id
      // stays the notification's, so the receiver can drop a repeat.
      const sentAt = o.clock.now();
      const body = JSON.stringify(webhookPayload(notification, sentAt));
      try {
        const res = await o.fetch(endpoint.url, {
          method: "POST",
          headers: signedHeaders(endpoint, notification.noticeId, sentAt, body),
          body,
          signal: AbortSignal.timeout(o.timeoutMs),
        });
        await res.body?.cancel();
        if (res.ok) return { attempts: attempt };
        reason = `HTTP ${res.status}`;
      } catch (error) {
        reason = (error as Error).name;
      }
      if (attempt < o.attempts) {
        const pause = o.backoffMs * 2 ** (attempt - 1);
        await o.sleep(pause + Math.random() * pause * 0.5);
      }
    }
    throw new DeliveryFailedError(this.name, o.attempts, reason);
  }
}
