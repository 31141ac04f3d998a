/**
 * Application-layer encryption of a child's and a reporter's personal data before it reaches
 * DynamoDB, so a table export or a backup shows ciphertext for names, identity numbers, phone
 * numbers and descriptions (个人信息保护法 Arts. 28, 51). Table encryption at rest protects the
 * disks; this protects the data from anyone who can read the table but not use the key.
 */

/**
 * Seals and opens JSON values. Each value is bound to a `context` naming the record and field it
 * belongs to (e.g. `case:<caseId>:children`): a ciphertext copied onto another record does not open.
 */
export interface PersonalDataCipher {
  seal(value: unknown, context: string): Promise<string>;
  open<T>(sealed: string, context: string): Promise<T>;
}

/** A source of data keys: KMS in AWS, a local key in the local stack. */
export interface DataKeyProvider {
  /** A fresh 256-bit data key, in plain and wrapped (encrypted under the master key). */
  generateDataKey(): Promise<{ readonly plaintext: Uint8Array; readonly wrapped: Uint8Array }>;
  /** The plain data key of a wrapped one. */
  unwrapDataKey(wrapped: Uint8Array): Promise<Uint8Array>;
}

/** A sealed value that does not open: tampered, moved to another record, or under an unknown key. */
export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedValueError";
  }
}
