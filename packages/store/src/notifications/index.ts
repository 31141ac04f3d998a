export * from "./channel.ts";
export * from "./config.ts";
export * from "./content.ts";
export * from "./ledger.ts";
export * from "./sns.ts";
export * from "./tencent-cloud-signing.ts";
export * from "./tencent-sms.ts";
export * from "./webhook.ts";
