export * from "./channel.ts";
export * from "./config.ts";
export * from "./content.ts";
export * from "./ledger.ts";
export * from "./sns.ts";
export * from "./webhook.ts";
