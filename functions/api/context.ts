import type { StoreContext } from "@cp/store";
import type { TokenSettings } from "./auth.ts";
import type { AuthEnv } from "./policy.ts";
import type { QuotaSettings } from "./quota.ts";
import type { SecurityLogSettings, SecurityMetrics } from "./security-log.ts";

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
  /** Where the security log's counts go (Powertools in Lambda); counted in memory when absent. */
  readonly securityMetrics?: SecurityMetrics;
  /** Burst threshold and write bound of the security log; its defaults when absent. */
  readonly securityLog?: SecurityLogSettings;
  /** Structured log sink; must never receive personal data. */
  readonly log: (level: "info" | "warn" | "error", message: string, fields?: object) => void;
}

export type AppEnv = AuthEnv;
