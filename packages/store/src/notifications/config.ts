/**
 * Which channels serve which audience, from the environment:
 *
 * - `NOTIFY_WEBHOOKS`: JSON `{"<agency code>|supervisors": {"url": "https://…", "secret": "whsec_…"}}`.
 *   Locally an env var; in AWS the same JSON is kept in a Secrets Manager secret that the
 *   deployment resolves into the function's environment.
 * - `NOTIFY_SNS_TOPICS`: JSON `{"<agency code>|supervisors": "<topic ARN>"}` (AWS only).
 *
 * Unset means no such channel; the web inbox always receives every notification.
 */
import { SNSClient } from "@aws-sdk/client-sns";
import { AGENCY_CODES } from "@cp/domain";
import * as z from "zod";
import type { NotificationChannel } from "./channel.ts";
import type { Audience } from "./content.ts";
import { SnsChannel } from "./sns.ts";
import { WebhookChannel, type WebhookEndpoint, type WebhookOptions } from "./webhook.ts";

const AudienceSchema = z.enum([...AGENCY_CODES, "supervisors"]);

const WebhooksSchema = z.partialRecord(
  AudienceSchema,
  z.strictObject({ url: z.url({ protocol: /^https?$/ }), secret: z.string().min(8) }),
);
const TopicsSchema = z.partialRecord(AudienceSchema, z.string().startsWith("arn:"));

function parseJson<T>(name: string, raw: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${name} is not valid JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    // Paths only: the values may be secrets.
    const where = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw new Error(`${name} is not valid at: ${where}.`);
  }
  return parsed.data;
}

export function webhookEndpointsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Readonly<Partial<Record<Audience, WebhookEndpoint>>> {
  return parseJson("NOTIFY_WEBHOOKS", env.NOTIFY_WEBHOOKS, WebhooksSchema) ?? {};
}

/** The channels the environment configures, beside the inbox. */
export function channelsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  webhookOptions: Partial<WebhookOptions> = {},
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  const webhooks = webhookEndpointsFromEnv(env);
  if (Object.keys(webhooks).length > 0) channels.push(new WebhookChannel(webhooks, webhookOptions));
  const topics = parseJson("NOTIFY_SNS_TOPICS", env.NOTIFY_SNS_TOPICS, TopicsSchema);
  if (topics && Object.keys(topics).length > 0) {
    channels.push(new SnsChannel(new SNSClient({}), topics));
  }
  return channels;
}
