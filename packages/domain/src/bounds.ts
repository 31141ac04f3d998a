/**
 * The bounds of the values the API carries, named once, so that what the schemas check and what the
 * OpenAPI document promises are the same numbers. Input is refused past them (400 naming the
 * field); on answers they state what a client must be ready to hold.
 */
import * as z from "zod";

/** Largest value of a signed 32-bit integer: counts, versions, sequence numbers. */
const INT32_MAX = 2_147_483_647;

/** A count, version or sequence number: 0..2³¹−1, `int32` in the document. */
export const countSchema = () => z.int().min(0).max(INT32_MAX).meta({ format: "int32" });

/**
 * A duration or offset in milliseconds: 0..2⁵³−1, `int64` in the document (a case may take more
 * than the 24.8 days an int32 of milliseconds can hold).
 */
export const millisSchema = () =>
  z.int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ format: "int64" });

/**
 * A record id: a ULID (26 characters) or an id derived from one (a clock or a log entry), at most
 * 64 characters of letters, digits and `_-.:#`.
 */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9A-Za-z_.:#-]+$/, "an id");

/** The reference a reporter quotes (`SGL-20261101-7K2M9Q`, reference-number.ts). */
export const ReferenceNoSchema = z
  .string()
  .max(40)
  .regex(/^[A-Z0-9]{1,16}-\d{8}-[0-9A-Z]{6}$/, "a reference number");

/** An instant as the server writes it: ISO 8601 in UTC with `Z`, at most nanoseconds. */
export const InstantSchema = z.iso.datetime({ offset: false }).max(30);

/** A calendar date, YYYY-MM-DD. */
export const CalendarDateSchema = z.iso.date().max(10);

/** A user's id as the identity provider gives it (Cognito: a UUID; OIDC `sub`: ≤ 255). */
export const SubjectSchema = z.string().min(1).max(255);

/** A short code of the server's own vocabulary (an action, an outcome, a clock, a reason). */
export const CodeSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9_.:-]+$/i, "a code");

/** Text the server wrote or checked on the way in (a name, a note), up to `max` characters. */
export const boundedText = (max: number) => z.string().max(max);

/** A SHA-256 digest, hex. */
export const HashSchema = z
  .string()
  .max(64)
  .regex(/^[0-9a-f]{64}$/, "a SHA-256 digest, hex");

/** An opaque page cursor (base64url). */
export const CursorSchema = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/, "a cursor from `nextCursor`");

/** Rules in one routing table or SLA policy (policy-inputs.ts refuses more). */
export const MAX_POLICY_RULES = 100;

/**
 * Distinct townships named on one case or notification: a case gathers the townships of its
 * children (at most 10 per report). A ceiling for clients, not a count the store enforces.
 */
export const MAX_TOWNSHIPS = 100;

/** Event clocks on one ticket (protection orders, warning letters, placements…): a ceiling for clients. */
export const MAX_TICKET_CLOCKS = 50;

/** Roles one identity holds (ROLES has six). */
export const MAX_ROLES = 10;

/**
 * The largest body a synchronous Lambda answer may carry (6 MB): a download (CSV, XLSX) cannot
 * exceed it.
 */
export const MAX_DOWNLOAD_BYTES = 6 * 1024 * 1024;

/** Townships of one deployment's area, as rows of a report: a ceiling sized for a province. */
export const MAX_AREA_TOWNSHIPS = 2000;

/** A survey sheet of a township's children (a few thousand rows) comes in one request. */
export const MAX_SURVEY_BYTES = 4 * 1024 * 1024;
