/**
 * Who may see which children's files (need-to-know, deny by default):
 * - 儿童主任 (`child_director`): the children of their own village;
 * - 儿童督导员 (`child_supervisor`): the children of their township;
 * - 民政 (an officer of `civil_affairs`): the city (一市一库).
 * Anyone else sees none. The store answers 404 for a file outside the caller's area, exactly as
 * for a file that does not exist, and records the refusal on the file's access log.
 */
import { hasRole, type Identity } from "../roles/identity.ts";

export type CareScope =
  | { readonly level: "village"; readonly township: string; readonly village: string }
  | { readonly level: "township"; readonly township: string }
  | { readonly level: "city" };

interface CareArea {
  readonly township: string;
  readonly village: string;
}

/** The area a caller's care work covers, or undefined for someone with no part in it. */
export function careScopeOf(who: Identity): CareScope | undefined {
  if (hasRole(who, "officer") && who.agency === "civil_affairs") return { level: "city" };
  if (hasRole(who, "child_supervisor") && who.township) {
    return { level: "township", township: who.township };
  }
  if (hasRole(who, "child_director") && who.township && who.village) {
    return { level: "village", township: who.township, village: who.village };
  }
  return undefined;
}

/** Whether a scope covers a village. */
function scopeCovers(scope: CareScope, area: CareArea): boolean {
  if (scope.level === "city") return true;
  if (scope.township !== area.township) return false;
  return scope.level === "township" || scope.village === area.village;
}

export function mayReadChildFile(who: Identity, area: CareArea): boolean {
  const scope = careScopeOf(who);
  return scope !== undefined && scopeCovers(scope, area);
}

/**
 * Who keeps a file: the village's 主任 and the township's 督导员 (who organises the survey, item
 * 5). 民政 reads, imports, checks and exports; it does not edit a village's files by hand.
 */
export function mayKeepChildFile(who: Identity, area: CareArea): boolean {
  const scope = careScopeOf(who);
  return scope !== undefined && scope.level !== "city" && scopeCovers(scope, area);
}

/** Whether a caller may read the roll-up of an area (a household's within its village). */
export function mayReadRollup(
  who: Identity,
  area: { readonly township?: string | undefined; readonly village?: string | undefined },
): boolean {
  const scope = careScopeOf(who);
  if (!scope) return false;
  if (scope.level === "city") return true;
  if (area.township !== scope.township) return false;
  return scope.level === "township" || area.village === scope.village;
}
