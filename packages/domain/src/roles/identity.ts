/**
 * The caller, as the verified token describes them. Nothing outside the API's auth middleware
 * reads raw token claims.
 */
import type { AgencyCode } from "../agencies.ts";
import type { AuditActor } from "../audit/chain.ts";
import type { Role } from "../schemas.ts";

export interface Identity {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Set for officers: the agency whose tickets they handle. */
  readonly agency?: AgencyCode;
  /** Free text: the reporter's school, hospital, village committee. */
  readonly org?: string;
  /** Care work (儿童督导员, 儿童主任): the township they serve. */
  readonly township?: string;
  /** Care work (儿童主任): the village they serve, within `township`. */
  readonly village?: string;
}

export const hasRole = (who: Identity, role: Role) => who.roles.includes(role);

/** The caller as recorded in the audit trail: no name, no organisation. */
export function actorOf(who: Identity): AuditActor {
  return { sub: who.sub, roles: who.roles, ...(who.agency ? { agency: who.agency } : {}) };
}

/** The platform itself (router, sweeper) as an audit actor. */
export const SYSTEM_ACTOR: AuditActor = { sub: "system", roles: [] };
