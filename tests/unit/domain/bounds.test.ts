/**
 * The bounds the API and its OpenAPI document share (bounds.ts): a count is a signed 32-bit
 * integer, a duration in milliseconds may exceed one (a case can run longer than the 24.8 days
 * an int32 of milliseconds holds), and the document says which.
 */
import { countSchema, millisSchema } from "@cp/domain";
import { describe, expect, it } from "vitest";

describe("countSchema and millisSchema", () => {
  it("takes 0 up to 2^31 − 1 as a count, documented as int32", () => {
    expect(countSchema().safeParse(0).success).toBe(true);
    expect(countSchema().safeParse(2_147_483_647).success).toBe(true);
    expect(countSchema().safeParse(2_147_483_648).success).toBe(false);
    expect(countSchema().safeParse(-1).success).toBe(false);
    expect(countSchema().meta()?.format).toBe("int32");
  });

  it("takes 0 up to 2^53 − 1 milliseconds, 30 days included, documented as int64", () => {
    expect(millisSchema().safeParse(0).success).toBe(true);
    expect(millisSchema().safeParse(30 * 86_400_000).success).toBe(true);
    expect(millisSchema().safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
    expect(millisSchema().safeParse(-1).success).toBe(false);
    expect(millisSchema().safeParse(1.5).success).toBe(false);
    expect(millisSchema().meta()?.format).toBe("int64");
  });
});
