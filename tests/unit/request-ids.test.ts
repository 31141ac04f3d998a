/**
 * Every log line of a function carries the ids that join it to its invocation: the Lambda
 * request id always, and API Gateway's request id (the access log's `requestId`) behind the API.
 * The lines are read as the Powertools logger writes them, from the process's own stdout/stderr.
 */
import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LOGS_REQUEST_IDS, log, withRequestIds } from "../../functions/commons/runtime.ts";

const lines: Record<string, unknown>[] = [];
beforeEach(() => {
  lines.length = 0;
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

const contextOf = (awsRequestId: string) =>
  ({
    awsRequestId,
    functionName: "prod-cp-api",
    invokedFunctionArn: "arn:aws-cn:lambda:cn-northwest-1:111122223333:function:prod-cp-api",
    memoryLimitInMB: "1024",
    functionVersion: "$LATEST",
    getRemainingTimeInMillis: () => 1000,
  }) as unknown as Context;

const apiEvent = (requestId: string) => ({ requestContext: { requestId }, rawPath: "/v1/health" });

describe("request ids in log lines", () => {
  it("an API invocation's every line carries the Lambda and the API Gateway request id", async () => {
    const handler = withRequestIds(async (_event: unknown) => {
      log("info", "first");
      log("warn", "second", { caseId: "c-1" });
      log("error", "third");
      return "done";
    });
    expect(await handler(apiEvent("api-req-1"), contextOf("lambda-req-1"))).toBe("done");
    expect(lines.map((l) => l.message)).toEqual(["first", "second", "third"]);
    for (const line of lines) {
      expect(line).toMatchObject({
        function_request_id: "lambda-req-1",
        api_request_id: "api-req-1",
      });
    }
  });

  it("the next invocation carries its own ids, none of the previous one's", async () => {
    const handler = withRequestIds(async (_event: unknown) => log("info", "handled"));
    await handler(apiEvent("api-req-1"), contextOf("lambda-req-1"));
    // A queue's batch has no API request id; the previous one must not stick.
    await handler({ Records: [] }, contextOf("lambda-req-2"));
    await handler(apiEvent("api-req-3"), contextOf("lambda-req-3"));
    expect(lines.map((l) => [l.function_request_id, l.api_request_id])).toEqual([
      ["lambda-req-1", "api-req-1"],
      ["lambda-req-2", undefined],
      ["lambda-req-3", "api-req-3"],
    ]);
  });

  it("keys are reset when the handler throws", async () => {
    const failing = withRequestIds(async (_event: unknown) => {
      log("error", "failing");
      throw new Error("boom");
    });
    await expect(failing(apiEvent("api-req-9"), contextOf("lambda-req-9"))).rejects.toThrow("boom");
    await withRequestIds(async (_event: unknown) => log("info", "after"))({}, contextOf("l-10"));
    expect(lines.at(-1)).toMatchObject({ message: "after", function_request_id: "l-10" });
    expect(lines.at(-1)?.api_request_id).toBeUndefined();
  });

  it("every function's entry is wrapped", async () => {
    vi.stubEnv("MAIN_TABLE_NAME", "t-main");
    vi.stubEnv("AUDIT_TABLE_NAME", "t-audit");
    vi.stubEnv("QUEUE_URL_PREFIX", "https://sqs.example/1/t-");
    vi.stubEnv("FINGERPRINT_KEY", "k");
    vi.stubEnv("PERSONAL_DATA_KEY_ID", "arn:aws:kms:x:1:key/k");
    vi.stubEnv("JWT_ISSUER", "https://issuer.example");
    vi.stubEnv("JWT_AUDIENCE", "cp-web");
    vi.stubEnv("JWKS_URL", "https://issuer.example/jwks.json");
    vi.stubEnv("AWS_REGION", "cn-northwest-1");
    try {
      const entries = await Promise.all([
        import("../../functions/api/index.ts"),
        import("../../functions/progress/index.ts"),
        import("../../functions/router/index.ts"),
        import("../../functions/dispatch/index.ts"),
        import("../../functions/sweeper/index.ts"),
      ]);
      for (const entry of entries) {
        expect((entry.handler as unknown as Record<symbol, unknown>)[LOGS_REQUEST_IDS]).toBe(true);
      }
    } finally {
      vi.unstubAllEnvs();
    }
  }, 60_000); // it imports every function's entry, with its SDK clients: seconds on a loaded machine
});
