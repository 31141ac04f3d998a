import { createHmac, randomBytes } from "node:crypto";
import { ManualClock } from "@cp/domain";
import { DeliveryFailedError } from "@cp/store/notifications/channel";
import type { Notification } from "@cp/store/notifications/content";
import { WebhookChannel } from "@cp/store/notifications/webhook";
import { describe, expect, it } from "vitest";

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString("base64")}`;
const NOTIFICATION: Notification = {
  event: "ticket_overdue",
  noticeId: "escalation:01J000#2026-11-28T09:00:00.000Z",
  caseId: "01JCASE",
  referenceNo: "SGL-20261128-0042",
  ticketId: "01J000",
  agency: "police",
  categories: ["physical_abuse"],
  townships: ["建塘镇"],
  dueAt: "2026-11-28T09:00:00.000Z",
  audience: "police",
};

interface Call {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function fakeFetch(statuses: number[]) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string>, body: String(init.body) });
    return new Response(null, { status: statuses[calls.length - 1] ?? 500 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

describe("WebhookChannel", () => {
  it("signs each delivery as Standard Webhooks does: HMAC-SHA256 over id, timestamp and body", async () => {
    // Prepare
    const { fetch, calls } = fakeFetch([204]);
    const clock = new ManualClock("2026-11-28T10:00:00.000Z");
    const channel = new WebhookChannel(
      { police: { url: "https://police.example/hooks", secret: SECRET } },
      { fetch, clock, sleep: async () => undefined },
    );

    // Act
    const receipt = await channel.deliver(NOTIFICATION);

    // Assess: recompute the signature independently of the library that made it.
    expect(receipt.attempts).toBe(1);
    const [call] = calls as [Call];
    expect(call.url).toBe("https://police.example/hooks");
    expect(call.headers["webhook-id"]).toBe(NOTIFICATION.noticeId);
    expect(call.headers["webhook-timestamp"]).toBe(
      String(Date.parse("2026-11-28T10:00:00Z") / 1000),
    );
    const expected = createHmac("sha256", KEY)
      .update(`${NOTIFICATION.noticeId}.${call.headers["webhook-timestamp"]}.${call.body}`)
      .digest("base64");
    expect(call.headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(JSON.parse(call.body)).toMatchObject({
      type: "ticket_overdue",
      data: { notificationId: NOTIFICATION.noticeId, referenceNo: "SGL-20261128-0042" },
    });
  });

  it("retries with growing pauses and succeeds when the receiver recovers", async () => {
    // Prepare
    const { fetch, calls } = fakeFetch([500, 502, 204]);
    const pauses: number[] = [];
    const channel = new WebhookChannel(
      { police: { url: "https://police.example/hooks", secret: SECRET } },
      { fetch, backoffMs: 100, sleep: async (ms) => void pauses.push(ms) },
    );

    // Act
    const receipt = await channel.deliver(NOTIFICATION);

    // Assess: 100 ms then 200 ms, each with up to 50% jitter.
    expect(receipt.attempts).toBe(3);
    expect(calls).toHaveLength(3);
    expect(pauses).toHaveLength(2);
    expect(pauses[0]).toBeGreaterThanOrEqual(100);
    expect(pauses[0]).toBeLessThanOrEqual(150);
    expect(pauses[1]).toBeGreaterThanOrEqual(200);
    expect(pauses[1]).toBeLessThanOrEqual(300);
  });

  it("gives up after its attempts with an error naming only the reason", async () => {
    // Prepare
    const { fetch, calls } = fakeFetch([503, 503, 503]);
    const channel = new WebhookChannel(
      { police: { url: "https://police.example/hooks", secret: SECRET } },
      { fetch, sleep: async () => undefined },
    );

    // Act
    const attempt = channel.deliver(NOTIFICATION);

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DeliveryFailedError);
    await expect(attempt).rejects.toMatchObject({
      attempts: 3,
      message: expect.stringContaining("HTTP 503"),
    });
    expect(calls).toHaveLength(3);
  });

  it("serves only the audiences it has an endpoint for", () => {
    const channel = new WebhookChannel({ police: { url: "https://p.example", secret: SECRET } });
    expect(channel.serves("police")).toBe(true);
    expect(channel.serves("court")).toBe(false);
    expect(channel.serves("supervisors")).toBe(false);
  });
});
