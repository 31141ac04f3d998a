import { channelSource } from "@cp/functions/dispatch/channels";
import { describe, expect, it } from "vitest";

const SECRET_ID =
  "arn:aws-cn:secretsmanager:cn-northwest-1:111122223333:secret:prod-cp-notify-Ab12Cd";
const webhooks = {
  police: { url: "https://duty.police.example/hooks", secret: "whsec_TOPSECRETVALUE" },
};

/** A secret store whose value the test changes, counting reads. */
function store(value: unknown) {
  const state = { value, reads: 0 };
  return {
    state,
    read: async (id: string) => {
      expect(id).toBe(SECRET_ID);
      state.reads += 1;
      return state.value;
    },
  };
}

describe("dispatch's channels from the stage's secret", () => {
  it("are built from the secret, and rebuilt only when its value changes", async () => {
    const secret = store(JSON.stringify({ webhooks }));
    const source = channelSource({ NOTIFY_SECRET_ID: SECRET_ID }, {}, secret.read);

    const first = await source();
    const again = await source();
    secret.state.value = JSON.stringify({ webhooks: { supervisors: webhooks.police } });
    const changed = await source();

    expect(first.map((c) => c.name)).toEqual(["webhook"]);
    expect(again).toBe(first);
    expect(changed).not.toBe(first);
    expect(changed[0]?.serves("supervisors")).toBe(true);
    expect(changed[0]?.serves("police")).toBe(false);
    expect(secret.state.reads).toBe(3);
  });

  it("an empty secret (as the stack creates it) means the inbox only", async () => {
    const source = channelSource({ NOTIFY_SECRET_ID: SECRET_ID }, {}, store("{}").read);
    expect(await source()).toEqual([]);
  });

  it("a wrong value fails, naming the field and not the secret's contents", async () => {
    const wrong = JSON.stringify({ webhooks: { police: { ...webhooks.police, url: "ftp://x" } } });
    const source = channelSource({ NOTIFY_SECRET_ID: SECRET_ID }, {}, store(wrong).read);
    const error = (await source().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/the notification secret is not valid at: webhooks\.police\.url/);
    expect(error.message).not.toContain("TOPSECRET");
  });

  it("a key unknown to the schema is refused rather than ignored", async () => {
    const typo = JSON.stringify({ webhook: webhooks });
    const source = channelSource({ NOTIFY_SECRET_ID: SECRET_ID }, {}, store(typo).read);
    await expect(source()).rejects.toThrow(/not valid at/);
  });

  it("a binary secret is refused", async () => {
    const source = channelSource(
      { NOTIFY_SECRET_ID: SECRET_ID },
      {},
      store(new Uint8Array(4)).read,
    );
    await expect(source()).rejects.toThrow(/no SecretString/);
  });
});
