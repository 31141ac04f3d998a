/** What every store function is given: the SDK clients, where the tables and queues are, the clock, the cipher. */
import type { Clock } from "@cp/domain";
import type { AwsClients } from "./clients.ts";
import type { StoreConfig } from "./config.ts";
import type { PersonalDataCipher } from "./crypto/personal-data-cipher.ts";

export interface StoreContext {
  readonly clients: AwsClients;
  readonly config: StoreConfig;
  readonly clock: Clock;
  /** Seals a child's and a reporter's personal data before it is written, opens it when read. */
  readonly cipher: PersonalDataCipher;
}
