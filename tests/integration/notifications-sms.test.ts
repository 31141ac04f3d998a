/**
 * The Tencent Cloud SMS channel's contract, against a server on 127.0.0.1 that recomputes the
 * TC3-HMAC-SHA256 signature from Tencent's documented algorithm and checks the X-TC-* headers, the
 * timestamp's freshness and the SendSms fields (tests/support/tencent-sms-server.ts). Through the
 * real dispatch handler and ledger (local DynamoDB): a good send, a wrong secret, a partial
 * failure whose redelivery texts only the numbers not reached, and a notice carrying a child's
 * data that reaches no text message.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createDispatchHandler } from "@cp/functions/dispatch/handler";
import { DeliveryFailedError, type Notification } from "@cp/store/notifications";
import {
  recipientKey,
  TencentSmsChannel,
  type TencentSmsSettings,
} from "@cp/store/notifications/tencent-sms";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeContext, uniqueIdNumber } from "../support/api.ts";
import { startTencentSms } from "../support/tencent-sms-server.ts";
import { ledgerEntry } from "./sweeper-helpers.ts";

const account = {
  secretId: `AKID${randomBytes(12).toString("hex")}`,
  secretKey: randomBytes(24).toString("base64url"),
  sdkAppId: "1400987654",
  signName: "香格里拉未保",
  templates: { "2101001": 3, "2101002": 2 },
};
const DUTY = { police: ["+8613900000001", "+8613900000002"], supervisors: ["+8613900000003"] };

let server: Awaited<ReturnType<typeof startTencentSms>>;
const settings = (overrides: Partial<TencentSmsSettings> = {}): TencentSmsSettings => ({
  secretId: account.secretId,
  secretKey: account.secretKey,
  sdkAppId: account.sdkAppId,
  signName: account.signName,
  templates: { withDue: "2101001", withoutDue: "2101002" },
  recipients: DUTY,
  region: "ap-guangzhou",
  endpoint: server.endpoint,
  ...overrides,
});
const channel = (overrides: Partial<TencentSmsSettings> = {}) =>
  new TencentSmsChannel(settings(overrides), { backoffMs: 1 });

beforeAll(async () => {
  server = await startTencentSms(account);
});
afterAll(() => server.close());

const ctx = storeContext();
const CANARY = {
  name: "金丝雀小红",
  idNumber: uniqueIdNumber("20140909"),
  village: "金丝雀村",
  description: "CANARY 描述",
};

function notice(overrides: Partial<Notification> = {}): Notification {
  return {
    event: "ticket_created",
    noticeId: `sms-test:${randomUUID()}`,
    caseId: `case-${randomUUID()}`,
    referenceNo: "SGL-20261129-0042",
    ticketId: randomUUID(),
    agency: "police",
    audience: "police",
    categories: ["physical_abuse"],
    townships: ["建塘镇"],
    // 09:15 UTC is 17:15 in Shangri-La.
    acceptDueAt: "2026-11-29T09:15:00.000Z",
    ...overrides,
  };
}

/** One message on the police queue, as Lambda's event source mapping hands it to dispatch. */
function eventOf(body: object, queue = "prod-cp-agency-police.fifo"): SQSEvent {
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: "r",
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: String(Date.now()),
          SenderId: "local",
          ApproximateFirstReceiveTimestamp: String(Date.now()),
          MessageGroupId: "g",
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: `arn:aws-cn:sqs:cn-northwest-1:123456789012:${queue}`,
        awsRegion: "cn-northwest-1",
      },
    ],
  };
}

/** The SMS channel's state on a ledger entry. */
const smsState = (entry: Record<string, unknown> | undefined) =>
  (entry?.channels as Record<string, Record<string, unknown>> | undefined)?.["tencent-sms"];

const sentFor = (noticeId: string) =>
  server.accepted.filter((send) => send.sessionContext === noticeId);

describe("Tencent Cloud SMS channel", () => {
  it("sends the approved template to the audience's duty numbers, signed as Tencent checks", async () => {
    // Prepare
    const n = notice();

    // Act
    const receipt = await channel().deliver(n);

    // Assess: accepted by the verifying server, with reference, kind and local due time only.
    expect(receipt).toEqual({ attempts: 1 });
    const [send] = sentFor(n.noticeId);
    expect(send?.numbers).toEqual(DUTY.police);
    expect(send?.templateId).toBe("2101001");
    expect(send?.params).toEqual(["SGL-20261129-0042", "新转办案件", "2026-11-29 17:15"]);
  });

  it("a notice without a due time uses the template without one", async () => {
    const n = notice({ event: "report_linked", acceptDueAt: undefined, audience: "supervisors" });
    await channel().deliver(n);
    const [send] = sentFor(n.noticeId);
    expect(send?.templateId).toBe("2101002");
    expect(send?.params).toEqual(["SGL-20261129-0042", "新报告并案"]);
    expect(send?.numbers).toEqual(DUTY.supervisors);
  });

  it("a wrong secret is refused by the signature check and fails the delivery at once", async () => {
    // Prepare
    const n = notice();
    const before = server.refusals.length;

    // Act
    const failed = await channel({ secretKey: "not-the-secret-key" })
      .deliver(n)
      .catch((e: unknown) => e);

    // Assess: one try (retrying a wrong key cannot help), the server's code in the reason.
    expect(failed).toBeInstanceOf(DeliveryFailedError);
    expect((failed as DeliveryFailedError).attempts).toBe(1);
    expect((failed as DeliveryFailedError).message).toContain("AuthFailure.SignatureFailure");
    expect(server.refusals.slice(before)).toEqual(["AuthFailure.SignatureFailure"]);
    expect(sentFor(n.noticeId)).toEqual([]);
  });

  it("a transient error of Tencent's is retried with backoff and then sent once", async () => {
    const n = notice();
    server.outage.requests = 2;
    const receipt = await channel().deliver(n);
    expect(receipt).toEqual({ attempts: 3 });
    expect(sentFor(n.noticeId)).toHaveLength(1);
  });

  it("a clock five minutes off is refused as an expired signature", async () => {
    const n = notice();
    const late = new Date(Date.now() - 6 * 60_000);
    const failed = await new TencentSmsChannel(settings(), { clock: { now: () => late } })
      .deliver(n)
      .catch((e: unknown) => e);
    expect((failed as Error).message).toContain("AuthFailure.SignatureExpire");
  });

  it("a partial failure fails the delivery, and the redelivery texts only the numbers not reached", async () => {
    // Prepare: the second duty number is over its daily limit, once.
    const dispatch = createDispatchHandler(ctx, () => undefined, [channel()]);
    const n = notice();
    const { audience: _a, ...body } = n;
    const [first, second] = DUTY.police as [string, string];
    server.refuse.set(second, "LimitExceeded.PhoneNumberDailyLimit");

    // Act: the first delivery, then the queue's redelivery once the limit has passed.
    const firstTry = (await dispatch(eventOf(body))) as SQSBatchResponse;
    const afterFirst = await ledgerEntry(ctx, n.noticeId);
    server.refuse.delete(second);
    const secondTry = (await dispatch(eventOf(body))) as SQSBatchResponse;
    const afterSecond = await ledgerEntry(ctx, n.noticeId);

    // Assess: the first try failed the message (so the queue redelivers it) and kept in the
    // ledger who was reached; the redelivery texted the other number only, and is delivered.
    expect(firstTry.batchItemFailures).toHaveLength(1);
    const state1 = smsState(afterFirst);
    expect(state1?.deliveredAt).toBeUndefined();
    expect(state1?.reached).toEqual([recipientKey(first)]);
    expect(state1?.lastFailure).toContain("LimitExceeded.PhoneNumberDailyLimit");
    expect(JSON.stringify(afterFirst)).not.toContain(first.slice(3));
    expect(secondTry.batchItemFailures).toEqual([]);
    expect(sentFor(n.noticeId).map((send) => send.numbers)).toEqual([[first, second], [second]]);
    const state2 = smsState(afterSecond);
    expect(state2?.deliveredAt).toEqual(expect.any(String));
  });

  it("carries nothing of a child even when a producer put a child's data on the queue", async () => {
    // Prepare: a notice with a child's name and ID number added, flat and nested.
    const dispatch = createDispatchHandler(ctx, () => undefined, [channel()]);
    const { audience: _a, ...n } = notice();
    const polluted = { ...n, ...CANARY, children: [CANARY], input: { child: CANARY } };

    // Act
    const result = (await dispatch(eventOf(polluted))) as SQSBatchResponse;

    // Assess: the text went out, and its request body holds none of the child's data.
    expect(result.batchItemFailures).toEqual([]);
    const [send] = sentFor(n.noticeId);
    expect(send).toBeDefined();
    for (const value of Object.values(CANARY)) expect(send?.body).not.toContain(value);
    expect(send?.params).toEqual(["SGL-20261129-0042", "新转办案件", "2026-11-29 17:15"]);
  });
});
