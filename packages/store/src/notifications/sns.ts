/**
 * E-mail and SMS through Amazon SNS, for AWS deployments: one topic per audience (an agency's
 * duty desk subscribes its e-mail addresses and phone numbers). The text is the short form of
 * the notice — reference, category, township, due time — never a child's details.
 */
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { DeliveryReceipt, NotificationChannel } from "./channel.ts";
import { DeliveryFailedError } from "./channel.ts";
import { type Audience, type Notification, shortText } from "./content.ts";

export class SnsChannel implements NotificationChannel {
  readonly name = "sns";

  constructor(
    private readonly sns: SNSClient,
    private readonly topics: Readonly<Partial<Record<Audience, string>>>,
  ) {}

  serves(audience: Audience): boolean {
    return this.topics[audience] !== undefined;
  }

  async deliver(notification: Notification): Promise<DeliveryReceipt> {
    const topicArn = this.topics[notification.audience];
    if (!topicArn) throw new DeliveryFailedError(this.name, 0, "no topic for the audience");
    try {
      // The SDK retries throttling and transient errors itself (standard retry mode).
      await this.sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: `[${notification.referenceNo}] ${notification.event}`,
          Message: shortText(notification),
        }),
      );
      return { attempts: 1 };
    } catch (error) {
      throw new DeliveryFailedError(this.name, 1, (error as Error).name);
    }
  }
}
