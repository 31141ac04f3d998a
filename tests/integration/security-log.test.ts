/**
 * The security log on the local stack: forged and over-aged tokens (401 with the reason), a role
 * refused (403), another agency's ticket (404), a spent quota (429) — each an event without
 * personal data, counted as a metric, a burst per caller flagged, and the day's events readable
 * by an administrator only.
 */
import { countingMetrics } from "@cp/functions/api/security-log";
import { importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  eventually,
  exampleReport,
  signToken,
  stack,
  tokenFor,
  uniqueIdNumber,
} from "../support/api.ts";
import {
  fileAndRoute,
  freshSub,
  inProcessApp,
  ticketOf,
  tokenWithRole,
} from "../support/security.ts";

interface Event {
  at: string;
  kind: string;
  status: number;
  route: string;
  reason: string;
  caller?: string;
}

describe("the security log", () => {
  it("records 401/403/404/429 with reasons and no personal data, flags a burst, and shows it to admins", async () => {
    const counted = countingMetrics();
    const warnings: string[] = [];
    const app = await inProcessApp({
      securityMetrics: counted.metrics,
      securityLog: { burstThreshold: 5, windowMs: 60_000, maxWritesPerMinute: 1000 },
      quotas: {
        read: { capacity: 3, refillPerSecond: 0.001 },
        write: { capacity: 100, refillPerSecond: 1 },
        file: { capacity: 100, refillPerSecond: 1 },
      },
      log: (level, message) => {
        if (level === "warn") warnings.push(message);
      },
    });
    const call = (path: string, token?: string, method = "GET") =>
      app.request(path, {
        method,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });

    // 401: none, forged, from the future, issued for ten years
    const valid = await signToken({ roles: ["officer"], agency: "court" }, freshSub("court"));
    const forged = `${valid.slice(0, -4)}AAAA`;
    const now = Math.floor(Date.now() / 1000);
    const future = await new SignJWT({ roles: ["officer"], agency: "court" })
      .setProtectedHeader({ alg: "ES256" })
      .setSubject("f")
      .setIssuer("urn:child-protection:local")
      .setAudience("child-protection-api")
      .setIssuedAt(now + 86_400)
      .setExpirationTime(now + 90_000)
      .sign(await importJWK(stack().signingJwk, "ES256"));
    const decade = await signToken({ roles: ["officer"], agency: "court" }, "d", {
      expiresIn: "3650d",
    });
    expect((await call("/v1/tickets")).status).toBe(401);
    expect((await call("/v1/tickets", forged)).status).toBe(401);
    expect((await call("/v1/tickets", future)).status).toBe(401);
    expect((await call("/v1/tickets", decade)).status).toBe(401);

    // 403: a reporter at the inbox; 404: another agency's ticket; 429: the read quota spent
    const reporterSub = freshSub("reporter");
    expect(
      (await call("/v1/tickets", await tokenWithRole("reporter", undefined, reporterSub))).status,
    ).toBe(403);
    const { tickets } = await fileAndRoute(
      exampleReport(uniqueIdNumber(), { categories: ["dropout"], immediateDanger: false }),
      // Not teacher.li, whose filing quota on the shared stack the other files spend.
      "director.zhaxi",
    );
    const education = ticketOf(tickets, "education");
    const courtSub = freshSub("court");
    const court = await tokenWithRole("officer", "court", courtSub);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await call(`/v1/tickets/${education.ticketId}`, court)).status);
    expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);

    expect(counted.refusals).toMatchObject({
      unauthenticated: 4,
      forbidden: 1,
      refused_object: 3,
      rate_limited: 3,
    });
    expect(counted.bursts).toMatchObject({ rate_limited: 1 });
    expect(warnings).toContain("security: refusal burst");

    // The administrator reads the day's events; nothing else may. The day holds the events of
    // every test of the suite, more pages than the tight read quota above allows, so the
    // administrator reads through an app with the default quotas.
    const day = new Date().toISOString().slice(0, 10);
    const admin = await tokenWithRole("admin");
    const adminApp = await inProcessApp();
    const read = (path: string) =>
      adminApp.request(path, { headers: { authorization: `Bearer ${admin}` } });
    const events = await eventually(async () => {
      const res = await read(`/v1/security-events?day=${day}&limit=100`);
      expect(res.status).toBe(200);
      const all: Event[] = [];
      let page = (await res.json()) as { items: Event[]; nextCursor?: string };
      all.push(...page.items);
      while (page.nextCursor) {
        const next = await read(
          `/v1/security-events?day=${day}&limit=100&cursor=${encodeURIComponent(page.nextCursor)}`,
        );
        expect(next.status, await next.clone().text()).toBe(200);
        page = (await next.json()) as { items: Event[]; nextCursor?: string };
        all.push(...page.items);
      }
      const mine = all.filter((e) => e.caller === courtSub || e.caller === reporterSub);
      return mine.length >= 7 ? { all, mine } : undefined;
    });
    expect(events.mine.filter((e) => e.kind === "refused_object")).toHaveLength(3);
    expect(events.mine.find((e) => e.kind === "refused_object")).toMatchObject({
      status: 404,
      route: "GET /v1/tickets/{ticketId}",
      reason: "not_theirs",
    });
    const reasons = events.all.filter((e) => e.kind === "unauthenticated").map((e) => e.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(["no_token", "bad_signature", "claim:iat", "lifetime"]),
    );
    // No ids of records, no names: routes are templates.
    expect(JSON.stringify(events.all)).not.toContain(education.ticketId);
    expect(JSON.stringify(events.all)).not.toContain("小明");

    expect(
      (await call(`/v1/security-events?day=${day}`, await tokenFor("supervisor.wang"))).status,
    ).toBe(403);
  });
});
