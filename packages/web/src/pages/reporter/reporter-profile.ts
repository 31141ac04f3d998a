/**
 * What the reporter section starts with: the relationship from the sign-in profile when the
 * identity provider gives one, else what this reporter chose last time on this device (sealed).
 */
import { createStore, get, set } from "idb-keyval";
import { type Sealed, seal, unseal } from "../../offline/vault.ts";

const profiles = createStore("cp-reporter-profile", "profile");

export interface ReporterProfile {
  relationship?: string;
  phone?: string;
}

export async function loadProfile(
  owner: string,
  claimed?: string,
): Promise<ReporterProfile | undefined> {
  const last = await unseal<ReporterProfile>(await get<Sealed>(owner, profiles)).catch(
    () => undefined,
  );
  const profile = { ...last, ...(claimed ? { relationship: claimed } : {}) };
  return Object.keys(profile).length > 0 ? profile : undefined;
}

export async function rememberProfile(owner: string, reporter: ReporterProfile) {
  const keep: ReporterProfile = {
    ...(reporter.relationship ? { relationship: reporter.relationship } : {}),
    ...(reporter.phone ? { phone: reporter.phone } : {}),
  };
  await set(owner, await seal(keep), profiles);
}
