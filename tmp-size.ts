import { SQSClient } from "@aws-sdk/client-sqs";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { startIdleStack } from "./tests/bench/idle-stack.ts";
import { installMeter } from "./tests/bench/instruments.ts";
import { measureLifecycle } from "./tests/bench/lifecycle.ts";

const size = (v: any): number => {
  if (v === null || v === undefined || typeof v === "boolean") return 1;
  if (typeof v === "string") return Buffer.byteLength(v);
  if (typeof v === "number") return Math.ceil(String(v).replace(/^-|\.|e.*$/g, "").length / 2) + 1;
  if (v instanceof Uint8Array) return v.byteLength;
  if (v instanceof Set) return [...v].reduce((a, x) => a + size(x), 0);
  if (Array.isArray(v)) return 3 + v.reduce((a, x) => a + 1 + size(x), 0);
  return 3 + Object.entries(v).reduce((a, [k, x]) => a + Buffer.byteLength(k) + 1 + size(x), 0);
};
const itemSize = (it: any) =>
  Object.entries(it).reduce((a, [k, x]) => a + Buffer.byteLength(k) + size(x), 0);
const stack = await startIdleStack();
const receiver = new SQSClient({
  endpoint: stack.sqsEndpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
try {
  const meter = installMeter(stack.store.clients);
  await measureLifecycle(stack, meter, receiver);
  const out = await stack.store.clients.ddb.send(
    new ScanCommand({ TableName: stack.store.config.mainTableName }),
  );
  for (const it of out.Items ?? []) {
    const per = Object.entries(it)
      .map(([k, x]) => [k, Buffer.byteLength(k) + size(x)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12);
    console.log(it.pk, it.sk, itemSize(it), JSON.stringify(per));
  }
} finally {
  receiver.destroy();
  await stack.stop();
}
