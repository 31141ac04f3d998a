/**
 * Page cursors a client can hold but neither read nor forge nor reuse elsewhere. The store's own
 * cursor (the last key of a page) is encrypted (AES-256-CTR, fresh IV) so a client learns no key
 * names or user names from it, then MACed (HMAC-SHA256, encrypt-then-MAC) over the ciphertext and a
 * binding — the caller and the query the page answered — so a cursor that was altered, made up,
 * or given to another caller or another query does not open. Both keys are derived from the
 * deployment's secret key with their own purpose labels (as the filing receipt's is), so no new
 * secret has to be provisioned and neither key can stand for another.
 *
 * Layout, base64url: version (1 byte) ‖ IV (16) ‖ ciphertext ‖ HMAC (32).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

const VERSION = 1;
const IV_BYTES = 16;
const MAC_BYTES = 32;

export interface CursorKeys {
  readonly encryption: Buffer;
  readonly mac: Buffer;
}

const derive = (secret: string, purpose: string) =>
  createHmac("sha256", secret).update(purpose).digest();

export const cursorKeys = (secret: string): CursorKeys => ({
  encryption: derive(secret, "cp-page-cursor-encryption"),
  mac: derive(secret, "cp-page-cursor-mac"),
});

const macOf = (keys: CursorKeys, body: Buffer, binding: string) =>
  createHmac("sha256", keys.mac).update(body).update(binding, "utf8").digest();

/** The cursor a client is given for the store's cursor `inner`, bound to `binding`. */
export function sealCursor(keys: CursorKeys, inner: string, binding: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-ctr", keys.encryption, iv);
  const body = Buffer.concat([
    Buffer.from([VERSION]),
    iv,
    cipher.update(inner, "utf8"),
    cipher.final(),
  ]);
  return Buffer.concat([body, macOf(keys, body, binding)]).toString("base64url");
}

/**
 * The store's cursor inside a client's cursor, or undefined when it is not one this deployment
 * gave for this binding: malformed, altered, foreign, or of another version. Nothing is
 * decrypted before the MAC holds.
 */
export function openCursor(keys: CursorKeys, cursor: string, binding: string): string | undefined {
  const raw = Buffer.from(cursor, "base64url");
  // Buffer.from skips characters outside the alphabet: only the canonical form is ours.
  if (raw.toString("base64url") !== cursor) return undefined;
  if (raw.length <= 1 + IV_BYTES + MAC_BYTES || raw[0] !== VERSION) return undefined;
  const body = raw.subarray(0, raw.length - MAC_BYTES);
  const mac = raw.subarray(raw.length - MAC_BYTES);
  if (!timingSafeEqual(mac, macOf(keys, body, binding))) return undefined;
  const decipher = createDecipheriv("aes-256-ctr", keys.encryption, body.subarray(1, 1 + IV_BYTES));
  return Buffer.concat([decipher.update(body.subarray(1 + IV_BYTES)), decipher.final()]).toString(
    "utf8",
  );
}
