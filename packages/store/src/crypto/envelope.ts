/**
 * Envelope encryption with AES-256-GCM (node:crypto): each value is encrypted under a data key,
 * and the data key travels with it, wrapped by the master key (KMS or local).
 *
 *   sealed = "pd1." wrappedKey "." iv "." ciphertext‖tag     (base64url parts)
 *   sealed = "pd2." iv "." ciphertext‖tag                    (under a subject's own key)
 *
 * `pd2.` values are sealed under one subject's (one case's) data key, kept wrapped on the
 * subject's item and never beside the value: destroying that one wrapped key makes every `pd2.`
 * value of the subject unreadable wherever it was copied (crypto-shredding). `pd1.` values
 * (written before, and the care module's) carry their wrapped key and stay readable.
 *
 * Data keys are cached both ways, as the AWS Encryption SDK's caching manager does: one key seals
 * for at most `maxKeyAgeMs` and `maxValuesPerKey` values, so KMS is asked once per container and
 * period, not once per write; opened keys are kept (bounded, LRU) so reading a case does not call
 * KMS each time. A random 96-bit IV per value stays far inside GCM's bound at these volumes.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import {
  type DataKeyProvider,
  ErasedValueError,
  type PersonalDataCipher,
  SealedValueError,
} from "./personal-data-cipher.ts";

interface EnvelopeOptions {
  /** How long one data key seals new values. */
  readonly maxKeyAgeMs?: number;
  readonly maxValuesPerKey?: number;
  /** How many opened data keys to keep. */
  readonly openedKeysCached?: number;
  readonly now?: () => number;
}

const PREFIX = "pd1";
const SUBJECT_PREFIX = "pd2";
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const unb64 = (text: string) => Buffer.from(text, "base64url");

interface SealingKey {
  readonly plaintext: Uint8Array;
  readonly wrapped: string;
  readonly createdAt: number;
  uses: number;
}

export function envelopeCipher(
  provider: DataKeyProvider,
  options: EnvelopeOptions = {},
): PersonalDataCipher {
  const maxAge = options.maxKeyAgeMs ?? 5 * 60_000;
  const maxUses = options.maxValuesPerKey ?? 10_000;
  const cacheSize = options.openedKeysCached ?? 500;
  const now = options.now ?? Date.now;
  let current: Promise<SealingKey> | undefined;
  const opened = new Map<string, Promise<Uint8Array>>();

  async function sealingKey(): Promise<SealingKey> {
    if (current) {
      const key = await current.catch(() => undefined);
      if (key && now() - key.createdAt < maxAge && key.uses < maxUses) {
        key.uses++;
        return key;
      }
    }
    const fresh = provider.generateDataKey().then(({ plaintext, wrapped }) => ({
      plaintext,
      wrapped: b64(wrapped),
      createdAt: now(),
      uses: 0,
    }));
    current = fresh;
    const key = await fresh;
    key.uses++;
    return key;
  }

  function openedKey(wrapped: string): Promise<Uint8Array> {
    const cached = opened.get(wrapped);
    if (cached) {
      opened.delete(wrapped);
      opened.set(wrapped, cached);
      return cached;
    }
    const key = provider.unwrapDataKey(unb64(wrapped));
    key.catch(() => opened.delete(wrapped));
    opened.set(wrapped, key);
    if (opened.size > cacheSize) opened.delete(opened.keys().next().value as string);
    return key;
  }

  function encrypt(key: Uint8Array, value: unknown, context: string) {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([
      cipher.update(JSON.stringify(value), "utf8"),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${b64(iv)}.${b64(body)}`;
  }

  function decrypt<T>(key: Uint8Array, iv: string, body: string, context: string): T {
    const bytes = unb64(body);
    if (bytes.length < 16) throw new SealedValueError("the sealed value is truncated");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, unb64(iv));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - 16)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString("utf8")) as T;
    } catch {
      throw new SealedValueError("the sealed value does not open in this context");
    }
  }

  const unwrap = (wrapped: string) =>
    openedKey(wrapped).catch(() => {
      throw new SealedValueError("the data key does not open");
    });

  async function openShared<T>(sealed: string, context: string): Promise<T> {
    const parts = sealed.split(".");
    if (parts.length !== 4 || parts[0] !== PREFIX) {
      throw new SealedValueError("not a sealed value");
    }
    const [, wrapped, iv, body] = parts as [string, string, string, string];
    return decrypt<T>(await unwrap(wrapped), iv, body, context);
  }

  return {
    async seal(value, context) {
      const key = await sealingKey();
      return `${PREFIX}.${key.wrapped}.${encrypt(key.plaintext, value, context)}`;
    },
    open: openShared,
    async newSubjectKey() {
      const { plaintext, wrapped } = await provider.generateDataKey();
      const name = b64(wrapped);
      opened.set(name, Promise.resolve(plaintext));
      if (opened.size > cacheSize) opened.delete(opened.keys().next().value as string);
      return name;
    },
    async sealFor(subjectKey, value, context) {
      return `${SUBJECT_PREFIX}.${encrypt(await unwrap(subjectKey), value, context)}`;
    },
    async openFor<T>(subjectKey: string | undefined, sealed: string, context: string) {
      if (sealed.startsWith(`${PREFIX}.`)) return openShared<T>(sealed, context);
      const parts = sealed.split(".");
      if (parts.length !== 3 || parts[0] !== SUBJECT_PREFIX) {
        throw new SealedValueError("not a sealed value");
      }
      if (subjectKey === undefined) throw new ErasedValueError();
      const [, iv, body] = parts as [string, string, string];
      return decrypt<T>(await unwrap(subjectKey), iv, body, context);
    },
    forget(subjectKey) {
      opened.delete(subjectKey);
    },
  };
}
