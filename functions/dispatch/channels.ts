/**
 * Where dispatch finds its channels. In AWS the stack names one Secrets Manager secret
 * (`NOTIFY_SECRET_ID`, encrypted with the data key) holding the webhook endpoints with their
 * secrets and the SMS settings: dispatch reads it through Powertools Parameters on its first batch
 * after a cold start and again once the cached value is five minutes old, so a secret an operator
 * changes is in use within five minutes without a deploy, and nothing secret is ever in the
 * template or the function's environment. Without `NOTIFY_SECRET_ID` (the local stack, tests) the
 * environment configures the channels (`NOTIFY_WEBHOOKS`, `NOTIFY_SMS`, `NOTIFY_SNS_TOPICS`).
 */
import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
import {
  type ChannelOptions,
  ChannelSecretsSchema,
  channelsFromEnv,
  channelsOf,
  type NotificationChannel,
  parseJson,
} from "@cp/store/notifications";

/** How long a read secret is trusted before it is read again (Powertools' cache). */
const SECRET_MAX_AGE_SECONDS = 300;

export type ChannelSource = () => Promise<readonly NotificationChannel[]>;

/** Reads a secret's current value (Powertools' cached `getSecret` in AWS). */
export type SecretReader = (secretId: string) => Promise<unknown>;

const readSecret: SecretReader = (secretId) =>
  getSecret(secretId, { maxAge: SECRET_MAX_AGE_SECONDS });

export function channelSource(
  env: NodeJS.ProcessEnv = process.env,
  options: ChannelOptions = {},
  read: SecretReader = readSecret,
): ChannelSource {
  const secretId = env.NOTIFY_SECRET_ID;
  if (!secretId) {
    const channels = channelsFromEnv(env, options);
    return () => Promise.resolve(channels);
  }
  let built:
    | { readonly raw: string; readonly channels: readonly NotificationChannel[] }
    | undefined;
  return async () => {
    const raw = await read(secretId);
    if (typeof raw !== "string") throw new Error("the notification secret has no SecretString");
    if (built?.raw !== raw) {
      const secrets = parseJson("the notification secret", raw, ChannelSecretsSchema) ?? {};
      built = { raw, channels: channelsOf(secrets, env, options) };
    }
    return built.channels;
  };
}
