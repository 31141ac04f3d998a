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
import { Webhook } from "standardwebhooks";
import { DeliveryFailedError, type DeliveryReceipt, type NotificationChannel } from "./channel.ts";
import { type Audience, type Notification, webhookPayload } from "./content.ts";
import { DEFAULT_HTTP_DELIVERY, type HttpDeliveryOptions, pauseAfter } from "./http-delivery.ts";

export interface WebhookEndpoint {
  readonly url: string;
  /** Standard Webhooks secret: base64, optionally prefixed `whsec_`. */
  readonly secret: string;
}

export type WebhookOptions = HttpDeliveryOptions;

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
    this.#options = { ...DEFAULT_HTTP_DELIVERY, ...options };
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
      if (attempt < o.attempts) await pauseAfter(o, attempt);
    }
    throw new DeliveryFailedError(this.name, o.attempts, reason);
  }
}
