/**
 * Text messages through Tencent Cloud SMS (短信, API 3.0 `SendSms`, version 2021-01-11), for
 * deployments in China, where SNS sends no SMS. Tencent sends only pre-approved templates under
 * a pre-approved sign name (签名); the platform fills the template's parameters with the
 * reference number, the kind of event and the due time (content.ts `smsTemplateParams`), never
 * anything of a child. Recipients are each audience's duty phone numbers (E.164).
 *
 *   attempt ──transport error / HTTP ≠ 200 / InternalError / RequestLimitExceeded──▶ wait, retry
 *           ──AuthFailure.* / InvalidParameter* / other error──▶ give up at once (retrying cannot help)
 *           ──SendStatusSet: some numbers "Ok", some not──▶ give up, naming the numbers reached,
 *             which the ledger keeps: the queue's redelivery texts only the others.
 */
import { createHash } from "node:crypto";
import { DeliveryFailedError, type DeliveryReceipt, type NotificationChannel } from "./channel.ts";
import { type Audience, type Notification, smsTemplateParams } from "./content.ts";
import { DEFAULT_HTTP_DELIVERY, type HttpDeliveryOptions, pauseAfter } from "./http-delivery.ts";
import { signTencentRequest, type TencentCredentials } from "./tencent-cloud-signing.ts";

export interface TencentSmsSettings extends TencentCredentials {
  /** The SMS application (SmsSdkAppId, `1400…`). */
  readonly sdkAppId: string;
  /** The approved sign name (签名), without brackets. */
  readonly signName: string;
  /** Approved template ids: with a due time (3 parameters) and without one (2 parameters). */
  readonly templates: { readonly withDue: string; readonly withoutDue: string };
  /** Duty phone numbers per audience, E.164 (`+8613…`). */
  readonly recipients: Readonly<Partial<Record<Audience, readonly string[]>>>;
  /** Tencent region of the SMS application (`ap-guangzhou`, `ap-beijing` or `ap-nanjing`). */
  readonly region: string;
  /** API endpoint; Tencent's own unless a test points it at a local server. */
  readonly endpoint: string;
}

export type TencentSmsOptions = HttpDeliveryOptions;

export const TENCENT_SMS_ENDPOINT = "https://sms.tencentcloudapi.com";
const SMS_VERSION = "2021-01-11";

/** Error codes worth another attempt at once; any other error code is final for this delivery. */
const TRANSIENT = /^(InternalError|RequestLimitExceeded|ResourceUnavailable)/;

/**
 * What the ledger keeps of a number reached: a hash prefix, enough to skip it on a redelivery
 * without showing duty numbers in the inbox's channel state.
 */
export function recipientKey(phoneNumber: string): string {
  return createHash("sha256").update(phoneNumber).digest("hex").slice(0, 16);
}

interface SendStatus {
  readonly PhoneNumber?: string;
  readonly Code?: string;
}

interface SendSmsAnswer {
  readonly Response?: {
    readonly Error?: { readonly Code?: string };
    readonly SendStatusSet?: readonly SendStatus[];
  };
}

type Outcome =
  | { readonly kind: "sent"; readonly reached: readonly string[]; readonly failed: string[] }
  | { readonly kind: "retry" | "final"; readonly reason: string };

export class TencentSmsChannel implements NotificationChannel {
  readonly name = "tencent-sms";
  readonly #options: TencentSmsOptions;
  readonly #url: URL;

  constructor(
    private readonly settings: TencentSmsSettings,
    options: Partial<TencentSmsOptions> = {},
  ) {
    this.#options = { ...DEFAULT_HTTP_DELIVERY, ...options };
    this.#url = new URL(settings.endpoint);
  }

  serves(audience: Audience): boolean {
    return (this.settings.recipients[audience]?.length ?? 0) > 0;
  }

  async deliver(
    notification: Notification,
    reachedBefore: readonly string[] = [],
  ): Promise<DeliveryReceipt> {
    const numbers = this.settings.recipients[notification.audience] ?? [];
    if (numbers.length === 0) {
      throw new DeliveryFailedError(this.name, 0, "no recipients for the audience");
    }
    const reached = new Set(reachedBefore);
    const o = this.#options;
    let reason = "";
    let made = 0;
    for (let attempt = 1; attempt <= o.attempts; attempt++) {
      const pending = numbers.filter((n) => !reached.has(recipientKey(n)));
      if (pending.length === 0) return { attempts: attempt - 1 };
      const outcome = await this.#send(notification, pending);
      made = attempt;
      if (outcome.kind === "sent") {
        for (const key of outcome.reached) reached.add(key);
        if (outcome.failed.length === 0) return { attempts: attempt };
        // Per-number refusals (daily limit, a wrong number, no balance) do not pass in seconds:
        // the queue's redelivery tries the others later, and a dead letter tells an operator.
        throw new DeliveryFailedError(
          this.name,
          attempt,
          `${outcome.failed.length} of ${pending.length} number(s) refused: ${[...new Set(outcome.failed)].join(", ")}`,
          [...reached],
        );
      }
      reason = outcome.reason;
      if (outcome.kind === "final") break;
      if (attempt < o.attempts) await pauseAfter(o, attempt);
    }
    throw new DeliveryFailedError(
      this.name,
      made,
      reason,
      reached.size > 0 ? [...reached] : undefined,
    );
  }

  async #send(notification: Notification, numbers: readonly string[]): Promise<Outcome> {
    const s = this.settings;
    const { template, params } = smsTemplateParams(notification);
    const body = JSON.stringify({
      PhoneNumberSet: numbers,
      SmsSdkAppId: s.sdkAppId,
      SignName: s.signName,
      TemplateId: s.templates[template],
      TemplateParamSet: params,
      // Echoed back by Tencent in its receipts: ties a receipt to the ledger's notice.
      SessionContext: notification.noticeId,
    });
    const headers = signTencentRequest(s, {
      service: "sms",
      host: this.#url.host,
      action: "SendSms",
      version: SMS_VERSION,
      region: s.region,
      body,
      timestamp: Math.floor(this.#options.clock.now().getTime() / 1000),
    });
    let answer: SendSmsAnswer;
    try {
      const res = await this.#options.fetch(this.#url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
      if (res.status !== 200) {
        await res.body?.cancel();
        return { kind: "retry", reason: `HTTP ${res.status}` };
      }
      answer = (await res.json()) as SendSmsAnswer;
    } catch (error) {
      return { kind: "retry", reason: (error as Error).name };
    }
    const code = answer.Response?.Error?.Code;
    if (code) return { kind: TRANSIENT.test(code) ? "retry" : "final", reason: code };
    const statuses = answer.Response?.SendStatusSet ?? [];
    const ok = new Set(statuses.filter((st) => st.Code === "Ok").map((st) => st.PhoneNumber));
    const failed = numbers
      .filter((n) => !ok.has(n))
      .map((n) => statuses.find((st) => st.PhoneNumber === n)?.Code ?? "NoStatus");
    return {
      kind: "sent",
      reached: numbers.filter((n) => ok.has(n)).map(recipientKey),
      failed,
    };
  }
}
