/**
 * The child fingerprint: a keyed hash (HMAC-SHA256) that finds an open case about the same child
 * without storing the identity number or name in a key. From the identity number when given;
 * otherwise from name + birth date + township, normalised. A child described only by an age has
 * no fingerprint: too little to be sure it is the same child.
 */
import { createHmac } from "node:crypto";
import type { ChildInput } from "../schemas.ts";

const normalise = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

/** The text the fingerprint is taken of, or undefined when the child cannot be identified. */
export function fingerprintSource(child: ChildInput): string | undefined {
  if (child.idNumber) return `id:${child.idNumber.toUpperCase()}`;
  if (child.name && child.birthDate) {
    return `nbt:${normalise(child.name)}|${child.birthDate}|${normalise(child.township)}`;
  }
  return undefined;
}

export function childFingerprint(child: ChildInput, key: string | Buffer): string | undefined {
  const source = fingerprintSource(child);
  if (source === undefined) return undefined;
  return createHmac("sha256", key).update(source, "utf8").digest("hex");
}
