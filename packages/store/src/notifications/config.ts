/**
 * Which channels serve which audience.
 *
 * Locally, from the environment:
 * - `NOTIFY_WEBHOOKS`: JSON `{"<agency code>|supervisors": {"url": "https://…", "secret": "whsec_…"}}`.
 * - `NOTIFY_SMS`: JSON of the Tencent Cloud SMS settings (`SmsSettingsSchema`).
 * - `NOTIFY_SNS_TOPICS`: JSON `{"<agency code>|supervisors": "<topic ARN>"}`.
 *
 * In AWS the secrets (webhooks and SMS) are one Secrets Manager secret per stage,
 * `{"webhooks": …, "sms": …}` (`ChannelSecretsSchema`), read by dispatch at run time
 * (functions/dispatch/channels.ts), never in the template or the environment; the topics' ARNs
 * are set by the stack in `NOTIFY_SNS_TOPICS`.
 *
 * Unset means no such channel; the web inbox always receives every notification.
 */
import { SNSClient } from "@aws-sdk/client-sns";
import { AGENCY_CODES } from "@cp/domain";
import * as z from "zod";
import type { NotificationChannel } from "./channel.ts";
import type { Audience } from "./content.ts";
import { SnsChannel } from "./sns.ts";
import { TENCENT_SMS_ENDPOINT, TencentSmsChannel, type TencentSmsOptions } from "./tencent-sms.ts";
import { WebhookChannel, type WebhookEndpoint, type WebhookOptions } from "./webhook.ts";

const AudienceSchema = z.enum([...AGENCY_CODES, "supervisors"]);

const WebhooksSchema = z.partialRecord(
  AudienceSchema,
  z.strictObject({ url: z.url({ protocol: /^https?$/ }), secret: z.string().min(8) }),
);
const TopicsSchema = z.partialRecord(AudienceSchema, z.string().startsWith("arn:"));

/** A phone number in E.164: `+`, country code, number; no spaces. */
const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, "a phone number in E.164 (+8613912345678)");

/** Tencent Cloud SMS: credentials, the approved sign and templates, duty numbers per audience. */
const SmsSettingsSchema = z.strictObject({
  secretId: z.string().min(8),
  secretKey: z.string().min(8),
  sdkAppId: z.string().regex(/^\d{6,12}$/),
  signName: z.string().min(2).max(20),
  templates: z.strictObject({
    withDue: z.string().regex(/^\d{1,12}$/),
    withoutDue: z.string().regex(/^\d{1,12}$/),
  }),
  // Tencent takes at most 200 numbers per SendSms.
  recipients: z.partialRecord(AudienceSchema, z.array(E164).min(1).max(200)),
  region: z.enum(["ap-guangzhou", "ap-beijing", "ap-nanjing"]).default("ap-guangzhou"),
  endpoint: z.url({ protocol: /^https?$/ }).default(TENCENT_SMS_ENDPOINT),
});

/** The per-stage secret of an AWS deployment: every channel setting that is a secret. */
export const ChannelSecretsSchema = z.strictObject({
  webhooks: WebhooksSchema.optional(),
  sms: SmsSettingsSchema.optional(),
});
export type ChannelSecrets = z.infer<typeof ChannelSecretsSchema>;

export function parseJson<T>(
  name: string,
  raw: string | undefined,
  schema: z.ZodType<T>,
): T | undefined {
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

export interface ChannelOptions {
  readonly webhook?: Partial<WebhookOptions>;
  readonly sms?: Partial<TencentSmsOptions>;
}

/** The channels of the given secrets and of the SNS topics in `env`, beside the inbox. */
export function channelsOf(
  secrets: ChannelSecrets,
  env: NodeJS.ProcessEnv = process.env,
  options: ChannelOptions = {},
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  const webhooks = secrets.webhooks ?? {};
  if (Object.keys(webhooks).length > 0)
    channels.push(new WebhookChannel(webhooks, options.webhook));
  const topics = parseJson("NOTIFY_SNS_TOPICS", env.NOTIFY_SNS_TOPICS, TopicsSchema);
  if (topics && Object.keys(topics).length > 0) {
    channels.push(new SnsChannel(new SNSClient({}), topics));
  }
  if (secrets.sms && Object.keys(secrets.sms.recipients).length > 0) {
    channels.push(new TencentSmsChannel(secrets.sms, options.sms));
  }
  return channels;
}

/** The channels the environment configures, beside the inbox (the local stack, tests). */
export function channelsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: ChannelOptions = {},
): NotificationChannel[] {
  const secrets: ChannelSecrets = {
    webhooks: webhookEndpointsFromEnv(env),
    sms: parseJson("NOTIFY_SMS", env.NOTIFY_SMS, SmsSettingsSchema),
  };
  return channelsOf(secrets, env, options);
}
