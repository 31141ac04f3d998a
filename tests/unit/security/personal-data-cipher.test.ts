import { randomBytes } from "node:crypto";
import { type DataKeyProvider, envelopeCipher, localDataKeys, SealedValueError } from "@cp/store";
import { describe, expect, it } from "vitest";

const CHILD = { name: "小明", idNumber: "533421201503020011", village: "红坡村" };

/** A provider that counts its calls, over a local key. */
function counting() {
  const inner = localDataKeys(randomBytes(32));
  const calls = { generate: 0, unwrap: 0 };
  const provider: DataKeyProvider = {
    generateDataKey: () => {
      calls.generate++;
      return inner.generateDataKey();
    },
    unwrapDataKey: (w) => {
      calls.unwrap++;
      return inner.unwrapDataKey(w);
    },
  };
  return { provider, calls };
}

describe("envelope encryption of personal data", () => {
  it("seals a value into ciphertext that names none of it, and opens it again", async () => {
    const cipher = envelopeCipher(localDataKeys(randomBytes(32)));
    const sealed = await cipher.seal(CHILD, "case:c1:children");
    for (const plain of Object.values(CHILD)) expect(sealed).not.toContain(plain);
    expect(await cipher.open(sealed, "case:c1:children")).toEqual(CHILD);
  });

  it("does not open on another record, after tampering, or under another master key", async () => {
    const key = randomBytes(32);
    const cipher = envelopeCipher(localDataKeys(key));
    const sealed = await cipher.seal(CHILD, "case:c1:children");
    await expect(cipher.open(sealed, "case:c2:children")).rejects.toThrow(SealedValueError);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3] as string, "base64url");
    body[0] = (body[0] as number) ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString("base64url")].join(".");
    await expect(cipher.open(tampered, "case:c1:children")).rejects.toThrow(SealedValueError);
    const stranger = envelopeCipher(localDataKeys(randomBytes(32)));
    await expect(stranger.open(sealed, "case:c1:children")).rejects.toThrow(SealedValueError);
    // A fresh cipher over the same master key (a new Lambda container) opens it.
    expect(await envelopeCipher(localDataKeys(key)).open(sealed, "case:c1:children")).toEqual(
      CHILD,
    );
  });

  it("asks the key provider once per key period, not once per value", async () => {
    let now = 0;
    const { provider, calls } = counting();
    const cipher = envelopeCipher(provider, { maxKeyAgeMs: 60_000, now: () => now });
    const sealed = await Promise.all(
      Array.from({ length: 50 }, (_, i) => cipher.seal({ i }, `r:${i}`)),
    );
    expect(calls.generate).toBe(1);
    now += 61_000;
    await cipher.seal({ late: true }, "r:late");
    expect(calls.generate).toBe(2);

    const reader = envelopeCipher(provider);
    for (const [i, s] of sealed.entries()) expect(await reader.open(s, `r:${i}`)).toEqual({ i });
    expect(calls.unwrap).toBe(1);
  });

  it("changes key after the most values one key may seal", async () => {
    const { provider, calls } = counting();
    const cipher = envelopeCipher(provider, { maxValuesPerKey: 3 });
    for (let i = 0; i < 7; i++) await cipher.seal(i, "r");
    expect(calls.generate).toBe(3);
  });
});
