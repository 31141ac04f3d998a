/**
 * Redaction of personal data from log lines. Log fields are meant to be ids, codes and counts;
 * this is the second line for when someone logs more than that: known personal fields are
 * replaced wherever they sit in a structure, and strings are scrubbed of what looks like a
 * resident identity number or a mainland mobile number. A child's or reporter's data must never
 * reach a log (个人信息保护法 Art. 51; docs/decisions/0007-access-and-privacy.md).
 */
import { LogFormatter, LogItem } from "@aws-lambda-powertools/logger";
import type { LogAttributes, UnformattedAttributes } from "@aws-lambda-powertools/logger/types";

export const REDACTED = "[redacted]";

/** Field names whose values are personal data, wherever they appear. */
const PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  "name",
  "idNumber",
  "birthDate",
  "village",
  "school",
  "phone",
  "description",
  "location",
  "children",
  "child",
  "reporter",
  "input",
  "body",
  "authorization",
  "token",
]);

const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g;

/** A string with identity numbers and mobile numbers replaced. */
export function scrub(text: string): string {
  return text.replace(ID_NUMBER, REDACTED).replace(MOBILE, REDACTED);
}

/** A copy of `value` fit for a log line. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrub(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return REDACTED;
  if (value instanceof Error) return { name: value.name };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      PERSONAL_FIELDS.has(k) ? REDACTED : redact(v, depth + 1),
    ]),
  );
}

/** Powertools' standard JSON log record, with the message and every added attribute redacted. */
export class RedactingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const lambda = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: scrub(attributes.message),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: lambda?.coldStart,
        function_arn: lambda?.invokedFunctionArn,
        function_memory_size: lambda?.memoryLimitInMB,
        function_name: lambda?.functionName,
        function_request_id: lambda?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(redact(additional) as LogAttributes);
  }
}

type LogSink = (level: "info" | "warn" | "error", message: string, fields?: object) => void;

/** A log sink that redacts before it writes: for sinks that are not the Powertools logger. */
export const redacting =
  (sink: LogSink): LogSink =>
  (level, message, fields = {}) =>
    sink(level, scrub(message), redact(fields) as object);
