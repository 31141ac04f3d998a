import type { StoreContext } from "@cp/store";
import type { TokenSettings } from "./auth.ts";
import type { AuthEnv } from "./policy.ts";
import type { QuotaSettings } from "./quota.ts";

/** What the API needs from the outside world; the Lambda entry and the local stack supply it. */
export interface AppDeps {
  readonly store: StoreContext;
  readonly tokens: TokenSettings;
  /** "local" adds the dev token route; any other stage never has it. */
  readonly stage: string;
  /** Whether the table and the queues answer. */
  readonly health: () => Promise<boolean>;
  /** Local stage only: a signed token for a demo user, or undefined for an unknown name. */
  readonly devToken?: (username: string) => Promise<string | undefined>;
  /** Origins a browser may call the API from (CORS); none when absent. */
  readonly corsOrigins?: readonly string[];
  /** Per-user request quotas; the defaults of quota.ts when absent. */
  readonly quotas?: QuotaSettings;
  /** Structured log sink; must never receive personal data. */
  readonly log: (level: "info" | "warn" | "error", message: string, fields?: object) => void;
}

export type AppEnv = AuthEnv;
