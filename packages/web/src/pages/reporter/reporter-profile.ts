/**
 * What the reporter section starts with: the relationship from the sign-in profile when the
 * identity provider gives one, else what this reporter chose last time on this device (sealed),
 * else what the user's role says they are (a 儿童主任, a police officer).
 */
import { createStore, get, set } from "idb-keyval";
import type { Session } from "../../auth/session.ts";
import { type Sealed, seal, unseal } from "../../offline/vault.ts";

const profiles = createStore("cp-reporter-profile", "profile");

export interface ReporterProfile {
  relationship?: string;
  phone?: string;
}

/** The relationship a role implies, when it implies one. */
function relationshipOfRoles(s: Pick<Session, "roles" | "agency">): string | undefined {
  if (s.roles.includes("child_director")) return "child_director";
  if (s.roles.includes("officer")) return s.agency === "police" ? "police_officer" : "official";
  return undefined;
}

export async function loadProfile(
  session: Pick<Session, "sub" | "roles" | "agency" | "relationship">,
): Promise<ReporterProfile | undefined> {
  const last = await unseal<ReporterProfile>(await get<Sealed>(session.sub, profiles)).catch(
    () => undefined,
  );
  const relationship = session.relationship ?? last?.relationship ?? relationshipOfRoles(session);
  const profile = { ...last, ...(relationship ? { relationship } : {}) };
  return Object.keys(profile).length > 0 ? profile : undefined;
}

export async function rememberProfile(owner: string, reporter: ReporterProfile) {
  const keep: ReporterProfile = {
    ...(reporter.relationship ? { relationship: reporter.relationship } : {}),
    ...(reporter.phone ? { phone: reporter.phone } : {}),
  };
  await set(owner, await seal(keep), profiles);
}
