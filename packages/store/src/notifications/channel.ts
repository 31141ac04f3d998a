/**
 * One interface for every way a notification leaves the platform besides the web inbox (which is
 * the ledger itself, see ledger.ts): a signed webhook to an agency's own system, e-mail and SMS
 * through SNS, SMS through Tencent Cloud (China). Dispatch asks each channel whether it serves an
 * audience and delivers through the ones that do.
 */
import type { Audience, Notification } from "./content.ts";

export interface DeliveryReceipt {
  /** Attempts this delivery took, the successful one included. */
  readonly attempts: number;
}

export interface NotificationChannel {
  /** Stable name, used as the key of the channel's delivery state in the ledger. */
  readonly name: string;
  /** Whether this channel is configured for the audience. */
  serves(audience: Audience): boolean;
  /**
   * Deliver, retrying as the channel sees fit; throws `DeliveryFailedError` when it gives up, so
   * the queue redelivers the message and, after the last try, moves it to the dead-letter queue.
   * `reached`: for a channel with several recipients per audience, the recipient keys an earlier
   * attempt already reached (kept in the ledger), which it does not send to again.
   */
  deliver(notification: Notification, reached?: readonly string[]): Promise<DeliveryReceipt>;
}

/** A channel gave up on a delivery. The message says why without any content of the notice. */
export class DeliveryFailedError extends Error {
  override readonly name = "DeliveryFailedError";
  constructor(
    readonly channel: string,
    readonly attempts: number,
    reason: string,
    /** Recipient keys reached so far (earlier attempts included), when some were and some not. */
    readonly reached?: readonly string[],
  ) {
    super(`${channel} delivery failed after ${attempts} attempt(s): ${reason}`);
  }
}
