import { REDACTED, RedactingLogFormatter, redact, scrub } from "@cp/functions/commons/redaction";
import { describe, expect, it } from "vitest";

describe("log redaction", () => {
  it("replaces known personal fields wherever they sit", () => {
    const out = redact({
      reportId: "01JREPORT",
      children: [{ name: "小明" }],
      nested: { reporter: { phone: "13800000000" }, idNumber: "533421201503020011" },
      description: "孩子身上多处淤青",
      count: 3,
    });
    expect(out).toEqual({
      reportId: "01JREPORT",
      children: REDACTED,
      nested: { reporter: REDACTED, idNumber: REDACTED },
      description: REDACTED,
      count: 3,
    });
  });

  // The list is written out here, not read from the module: dropping a field there must fail.
  it.each([
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
  ])("redacts the field %s, at the top and nested", (field) => {
    // A value the text scrubber would leave alone, so only the field rule can remove it.
    const value = "红旗村 plain words";
    expect(redact({ [field]: value, caseId: "c1" })).toEqual({ [field]: REDACTED, caseId: "c1" });
    expect(redact({ outer: [{ [field]: { deep: value } }] })).toEqual({
      outer: [{ [field]: REDACTED }],
    });
  });

  it("scrubs identity numbers and mobile numbers out of free text, and leaves ids alone", () => {
    expect(scrub("id 53342120150302001X, call 138-0000-0000 or +86 13912345678")).toBe(
      `id ${REDACTED}, call ${REDACTED} or ${REDACTED}`,
    );
    const ulid = "01KAZ3T9ZP6Q8M0W3E5R7T9Y1B";
    expect(scrub(`ticket ${ulid} at 2026-11-28T08:00:00.000Z, 1764316800000`)).toBe(
      `ticket ${ulid} at 2026-11-28T08:00:00.000Z, 1764316800000`,
    );
  });

  it("keeps only the name of an error, never its message", () => {
    expect(redact({ error: new Error("小明 533421201503020011") })).toEqual({
      error: { name: "Error" },
    });
  });

  it("redacts through the Powertools formatter: message and attributes", () => {
    const formatter = new RedactingLogFormatter();
    const item = formatter.formatAttributes(
      {
        logLevel: "INFO",
        message: "phone 13800000000",
        timestamp: new Date(0),
        serviceName: "api",
        environment: "",
        sampleRateValue: 0,
        xRayTraceId: undefined,
      } as never,
      { phone: "13800000000", caseId: "c1" },
    );
    const line = JSON.stringify(item.getAttributes());
    expect(line).not.toContain("13800000000");
    expect(line).toContain('"caseId":"c1"');
  });
});
