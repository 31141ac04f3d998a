/**
 * The signed-in user's token. It lives in memory and in this tab's sessionStorage (so a reload
 * while offline keeps the reporter signed in); never in a URL, localStorage or a log.
 */
import type { Role } from "@cp/domain/schemas";
import { decodeJwt } from "jose";

export type { Role };

export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly agency?: string;
  readonly org?: string;
  /** The reporter's relationship to children (教师, 儿童主任…) when the identity provider has it. */
  readonly relationship?: string;
  /** Care work (儿童督导员, 儿童主任): the township they serve. */
  readonly township?: string;
  /** Care work (儿童主任): the village they serve. */
  readonly village?: string;
  /** Seconds since the epoch. */
  readonly expiresAt?: number;
}

const KEY = "cp.session.token";
let current: Session | undefined;
const listeners = new Set<(s: Session | undefined) => void>();

function fromToken(token: string): Session {
  const c = decodeJwt(token);
  return {
    token,
    sub: String(c.sub ?? ""),
    name: String(c.name ?? c.sub ?? ""),
    roles: Array.isArray(c.roles) ? (c.roles as Role[]) : [],
    ...(typeof c.agency === "string" ? { agency: c.agency } : {}),
    ...(typeof c.org === "string" ? { org: c.org } : {}),
    ...(typeof c.relationship === "string" ? { relationship: c.relationship } : {}),
    ...(typeof c.township === "string" ? { township: c.township } : {}),
    ...(typeof c.village === "string" ? { village: c.village } : {}),
    ...(typeof c.exp === "number" ? { expiresAt: c.exp } : {}),
  };
}

export function restoreSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  if (!token) return undefined;
  try {
    const s = fromToken(token);
    if (s.expiresAt && s.expiresAt * 1000 < Date.now()) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
    current = s;
    return s;
  } catch {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
}

export function setSession(token: string): Session {
  current = fromToken(token);
  sessionStorage.setItem(KEY, token);
  for (const l of listeners) l(current);
  return current;
}

export function clearSession() {
  current = undefined;
  sessionStorage.removeItem(KEY);
  for (const l of listeners) l(undefined);
}

export function currentSession(): Session | undefined {
  return current;
}

export function onSessionChange(listener: (s: Session | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const hasRole = (s: Session | undefined, role: Role) => s?.roles.includes(role) ?? false;
