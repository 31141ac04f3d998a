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
  /** Sealed under a shared data key that travels with the value (`pd1.`): the care module's values. */
  seal(value: unknown, context: string): Promise<string>;
  /** Opens a `pd1.` value. */
  open<T>(sealed: string, context: string): Promise<T>;
  /**
   * A fresh data key for one subject (a case), wrapped under the master key: stored on the
   * subject's own item, it is the one thing to destroy to erase the subject's personal data.
   */
  newSubjectKey(): Promise<string>;
  /** Sealed under the subject's key (`pd2.`): the value does not carry the key, only names no one. */
  sealFor(subjectKey: string, value: unknown, context: string): Promise<string>;
  /**
   * Opens a `pd2.` value under the subject's key, or a `pd1.` value written before subjects had
   * keys. `subjectKey` undefined (destroyed) makes a `pd2.` value an `ErasedValueError`.
   */
  openFor<T>(subjectKey: string | undefined, sealed: string, context: string): Promise<T>;
  /** Drops a subject's opened key from this process's cache (its erasure). */
  forget(subjectKey: string): void;
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

/** A value sealed under a subject key that has been destroyed: the personal data is erased. */
export class ErasedValueError extends SealedValueError {
  constructor() {
    super("the subject's data key was destroyed: the value is erased");
    this.name = "ErasedValueError";
  }
}

/** True for a value sealed by this cipher (either form): what `openFor` expects. */
export const isSealedValue = (value: unknown): value is string =>
  typeof value === "string" && (value.startsWith("pd1.") || value.startsWith("pd2."));
