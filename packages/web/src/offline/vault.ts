/**
 * Encryption at rest for what a reporter's phone keeps (drafts, the outbox, receipts): AES-GCM
 * with a key made on the device by WebCrypto as non-extractable. The key object itself is kept
 * in IndexedDB, which stores it without ever exposing its bytes, so a copy of the browser's files
 * or a script that reads the stores sees only ciphertext. Losing the key (site data cleared)
 * loses what it sealed, which is the point.
 */
import { createStore, get, set } from "idb-keyval";

export interface Sealed {
  readonly iv: Uint8Array;
  readonly data: ArrayBuffer;
}

const keys = createStore("cp-device", "keys");
const KEY_NAME = "vault-aes-gcm-v1";
let key: Promise<CryptoKey> | undefined;

async function deviceKey(): Promise<CryptoKey> {
  const existing = await get<CryptoKey>(KEY_NAME, keys);
  if (existing) return existing;
  const made = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
    "encrypt",
    "decrypt",
  ]);
  await set(KEY_NAME, made, keys);
  return made;
}

const theKey = () => {
  key ??= deviceKey().catch((e) => {
    key = undefined;
    throw e;
  });
  return key;
};

export async function seal(value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await theKey(), plain);
  return { iv, data };
}

/** The sealed value, or undefined if it cannot be opened (another device's key, or tampered). */
export async function unseal<T>(sealed: Sealed | undefined): Promise<T | undefined> {
  if (!sealed) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: sealed.iv as Uint8Array<ArrayBuffer> },
      await theKey(),
      sealed.data,
    );
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    return undefined;
  }
}
