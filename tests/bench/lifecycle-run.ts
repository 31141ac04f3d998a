/**
 * `npm run bench:lifecycle`: only the bench's lifecycle step (lifecycle.ts) on a local stack of
 * its own, printed as JSON in the figures `npm run bench` writes to docs/performance.md. For
 * measuring a store change without the whole bench.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import type { LocalStack } from "@cp/local/stack";
import { startIdleStack } from "./idle-stack.ts";
import { installMeter } from "./instruments.ts";
import { measureLifecycle } from "./lifecycle.ts";

/** Every DynamoDB request on stderr: its command, the keys it names and the units it consumed. */
function traceRequests(ddb: LocalStack["store"]["clients"]["ddb"]) {
  ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const result = await next(args);
      const keysOf = (x: Record<string, unknown>) => {
        const k = (x.Item ?? x.Key) as Record<string, unknown> | undefined;
        return k ? `${JSON.stringify(k.pk)}/${JSON.stringify(k.sk)}` : "";
      };
      const named = Array.isArray(input.TransactItems)
        ? (input.TransactItems as Record<string, Record<string, unknown>>[]).map((t) => {
            const [op, body] = Object.entries(t)[0] as [string, Record<string, unknown>];
            return `${op} ${keysOf(body)} ${body.Item ? JSON.stringify(body.Item).length : ""}`;
          })
        : [keysOf(input) || String(input.IndexName ?? input.KeyConditionExpression ?? "")];
      process.stderr.write(
        `${context.commandName} ${JSON.stringify((result.output as Record<string, unknown>).ConsumedCapacity)}\n  ${named.join("\n  ")}\n`,
      );
      return result;
    },
    { step: "initialize", priority: "high", name: "lifecycleTrace" },
  );
}

const stack = await startIdleStack();
const receiver = new SQSClient({
  endpoint: stack.sqsEndpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
try {
  const meter = installMeter(stack.store.clients);
  if (process.env.LIFECYCLE_TRACE) traceRequests(stack.store.clients.ddb);
  const cost = await measureLifecycle(stack, meter, receiver);
  const { capacityUnits, readUnits, writeUnits, dynamo } = cost.total;
  process.stdout.write(
    `${JSON.stringify(
      {
        capacityUnits,
        readUnits,
        writeUnits,
        dynamo,
        unitsByTable: cost.unitsByTable,
        writesByKind: cost.writesByKind,
        steps: cost.steps.map((s) => ({
          step: s.step,
          dynamo: s.dynamo,
          read: s.readUnits,
          write: s.writeUnits,
        })),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  receiver.destroy();
  await stack.stop();
}
