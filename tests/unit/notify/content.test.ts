import { NoticeSchema } from "@cp/domain";
import { channelsFromEnv } from "@cp/store/notifications/config";
import {
  audienceOfQueue,
  chinaLocalTime,
  shortText,
  smsTemplateParams,
  webhookPayload,
} from "@cp/store/notifications/content";
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
      JSON.stringify(smsTemplateParams(notice)),
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

describe("SMS template parameters", () => {
  const base = {
    event: "ticket_overdue",
    noticeId: "n1",
    caseId: "c1",
    referenceNo: "SGL-20261128-0042",
    audience: "supervisors" as const,
  };

  it("are the reference, the kind in Chinese and the missed due time in China's local time", () => {
    const n = { ...base, dueAt: "2026-11-28T16:30:00.000Z", acceptDueAt: "2026-11-28T01:00:00Z" };
    expect(smsTemplateParams(n)).toEqual({
      template: "withDue",
      params: ["SGL-20261128-0042", "办理超期", "2026-11-29 00:30"],
    });
  });

  it("use the template without a due time when the notice has none, and a generic kind for a new event", () => {
    expect(smsTemplateParams({ ...base, event: "some_new_event" })).toEqual({
      template: "withoutDue",
      params: ["SGL-20261128-0042", "案件动态"],
    });
  });

  it("local time is UTC+8 with no daylight saving", () => {
    expect(chinaLocalTime("2026-07-01T15:59:00Z")).toBe("2026-07-01 23:59");
    expect(chinaLocalTime("2026-12-31T16:00:00Z")).toBe("2027-01-01 00:00");
  });
});

describe("NOTIFY_SMS", () => {
  const sms = {
    secretId: "AKIDexampleexample",
    secretKey: "TOPSECRETKEYVALUE",
    sdkAppId: "1400123456",
    signName: "香格里拉未保",
    templates: { withDue: "2101001", withoutDue: "2101002" },
    recipients: { police: ["+8613900000001"] },
  };

  it("builds a Tencent Cloud SMS channel for the audiences with duty numbers", () => {
    const [channel] = channelsFromEnv({ NOTIFY_SMS: JSON.stringify(sms) });
    expect(channel?.name).toBe("tencent-sms");
    expect(channel?.serves("police")).toBe(true);
    expect(channel?.serves("court")).toBe(false);
  });

  it("refuses a number not in E.164, naming the place and not the secret", () => {
    const bad = () =>
      channelsFromEnv({
        NOTIFY_SMS: JSON.stringify({ ...sms, recipients: { police: ["13900000001"] } }),
      });
    expect(bad).toThrow(/NOTIFY_SMS is not valid at: recipients\.police\.0/);
    expect(bad).not.toThrow(/TOPSECRET/);
  });
});
