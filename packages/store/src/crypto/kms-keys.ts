/**
 * Data keys from AWS KMS: GenerateDataKey (AES_256) under the platform's customer-managed key, and
 * Decrypt of the wrapped key. The encryption context names the purpose, so the key policy (and
 * CloudTrail) can tell these calls from the table's and the queues' own use of the key.
 */
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import type { DataKeyProvider } from "./personal-data-cipher.ts";

const ENCRYPTION_CONTEXT = { purpose: "cp-personal-data" };

export function kmsDataKeys(kms: KMSClient, keyId: string): DataKeyProvider {
  return {
    async generateDataKey() {
      const out = await kms.send(
        new GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: "AES_256",
          EncryptionContext: ENCRYPTION_CONTEXT,
        }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error("KMS returned no data key.");
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    },
    async unwrapDataKey(wrapped) {
      const out = await kms.send(
        new DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: wrapped,
          EncryptionContext: ENCRYPTION_CONTEXT,
        }),
      );
      if (!out.Plaintext) throw new Error("KMS returned no plaintext.");
      return out.Plaintext;
    },
  };
}
