import { NoticeSchema } from "@cp/domain";
import { channelsFromEnv } from "@cp/store/notifications/config";
import { audienceOfQueue, shortText, webhookPayload } from "@cp/store/notifications/content";
import { describe, expect, it } from "vitest";

const CANARY = {
  name: "金丝雀小红",
  idNumber: "533421201409090011",
  birthDate: "2014-09-09",
  village: "金丝雀村",
  description: "CANARY 描述",
  phone: "13912349876",
};

describe("what a notification may carry", () => {
  it("keeps reference, category, township and due time, and drops a child's data a producer added", () => {
    // Prepare: a notice with personal data smuggled in, flat and nested.
    const raw = {
      event: "ticket_created",
      noticeId: "01J000",
      caseId: "01JCASE",
      referenceNo: "SGL-20261128-0042",
      ticketId: "01J000",
      agency: "police",
      categories: ["physical_abuse"],
      townships: ["建塘镇"],
      acceptDueAt: "2026-11-28T09:15:00.000Z",
      closeDueAt: "2026-12-01T09:00:00.000Z",
      ...CANARY,
      children: [CANARY],
      input: { children: [CANARY] },
    };

    // Act
    const notice = { ...NoticeSchema.parse(raw), audience: "police" as const };
    const outputs = [
      JSON.stringify(notice),
      JSON.stringify(webhookPayload(notice, new Date("2026-11-28T10:00:00Z"))),
      shortText(notice),
    ];

    // Assess
    for (const text of outputs) {
      for (const value of Object.values(CANARY)) expect(text).not.toContain(value);
    }
    expect(shortText(notice)).toBe(
      "[SGL-20261128-0042] ticket_created agency=police categories=physical_abuse township=建塘镇 acceptDue=2026-11-28T09:15:00.000Z",
    );
  });

  it("rejects a notice without the ids dispatch needs", () => {
    expect(NoticeSchema.safeParse({ event: "x", noticeId: "n" }).success).toBe(false);
  });
});

describe("audienceOfQueue", () => {
  it.each([
    ["prod-cp-agency-police.fifo", "police"],
    ["cp-agency-civil-affairs.fifo", "civil_affairs"],
    ["prod-cp-supervisors.fifo", "supervisors"],
    ["cp-intake.fifo", undefined],
  ])("%s → %s", (queue, audience) => {
    expect(audienceOfQueue(queue)).toBe(audience);
  });
});

describe("channelsFromEnv", () => {
  it("builds a webhook channel from NOTIFY_WEBHOOKS and none when unset", () => {
    const channels = channelsFromEnv({
      NOTIFY_WEBHOOKS: JSON.stringify({
        police: { url: "https://police.example/hooks", secret: "whsec_c2VjcmV0c2VjcmV0" },
      }),
    });
    expect(channels.map((c) => c.name)).toEqual(["webhook"]);
    expect(channels[0]?.serves("police")).toBe(true);
    expect(channelsFromEnv({})).toEqual([]);
  });

  it("names where the configuration is wrong without echoing a secret", () => {
    const bad = () =>
      channelsFromEnv({
        NOTIFY_WEBHOOKS: JSON.stringify({
          police: { url: "ftp://x", secret: "whsec_TOPSECRETVALUE" },
        }),
      });
    expect(bad).toThrow(/NOTIFY_WEBHOOKS is not valid at: police\.url/);
    expect(bad).not.toThrow(/TOPSECRET/);
  });
});
