/**
 * The web app's pages table against the API's route policy: every role that may open a page may
 * call the API routes the page calls, and every navigation entry is a page its roles may open.
 */
import { PAGES, type PageAccess } from "@cp/domain";
import { ROUTE_POLICIES, type RouteKey } from "@cp/functions/api/policy";
import { describe, expect, it } from "vitest";

const pages = PAGES as readonly PageAccess[];

describe("the pages table", () => {
  it("offers a page only to roles the API lets call what the page calls", () => {
    const refused: string[] = [];
    for (const page of pages) {
      for (const call of page.calls) {
        const policy = ROUTE_POLICIES[call as RouteKey];
        expect(policy, `${page.path} calls ${call}, which has no route policy`).toBeDefined();
        if (!policy || policy.allow === "public") continue;
        const allowed = policy.allow;
        for (const role of page.roles) {
          if (!allowed.includes(role)) refused.push(`${page.path}: ${role} may not ${call}`);
        }
      }
    }
    expect(refused).toEqual([]);
  });
  it("lists in the navigation only roles that may open the page", () => {
    for (const page of pages) {
      for (const role of page.nav?.roles ?? []) expect(page.roles).toContain(role);
    }
  });
  it("names each path once", () => {
    const paths = pages.map((p) => p.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
