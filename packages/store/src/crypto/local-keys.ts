/**
 * The local stack's master key: 32 bytes kept in the stack's data directory (or in memory), that
 * wraps data keys with AES-256-GCM exactly where KMS would in AWS.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { DataKeyProvider } from "./personal-data-cipher.ts";

const WRAP_CONTEXT = Buffer.from("cp-data-key", "utf8");

export function localDataKeys(masterKey: Uint8Array): DataKeyProvider {
  if (masterKey.length !== 32) throw new Error("The local master key must be 32 bytes.");
  return {
    async generateDataKey() {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", masterKey, iv);
      cipher.setAAD(WRAP_CONTEXT);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, wrapped: Buffer.concat([iv, body, cipher.getAuthTag()]) };
    },
    async unwrapDataKey(wrapped) {
      const bytes = Buffer.from(wrapped);
      const decipher = createDecipheriv("aes-256-gcm", masterKey, bytes.subarray(0, 12));
      decipher.setAAD(WRAP_CONTEXT);
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(12, bytes.length - 16)),
        decipher.final(),
      ]);
    },
  };
}
