/**
 * CPU seconds a phase of the bench costs the stack's own process (API, SQS emulator, pollers)
 * and DynamoDB Local's JVM: on a shared 2-core machine these, not wall-clock latencies, say what
 * each filing or transaction costs, and they move less with what else the machine runs.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface CpuSeconds {
  readonly wall: number;
  readonly java: number;
  readonly node: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A meter for the stack whose DynamoDB Local listens on `dynamoEndpoint` (Linux /proc). */
export function cpuMeter(dynamoEndpoint: string) {
  const port = new URL(dynamoEndpoint).port;
  let javaPid: string | undefined;
  try {
    javaPid = execFileSync("pgrep", ["-f", `DynamoDBLocal.jar.*-port ${port}`], {
      encoding: "utf8",
    })
      .trim()
      .split("\n")[0];
  } catch {
    javaPid = undefined;
  }
  const javaCpu = () => {
    if (!javaPid) return Number.NaN;
    const f = readFileSync(`/proc/${javaPid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime, in clock ticks of 1/100 s.
    return (Number(f[11]) + Number(f[12])) / 100;
  };
  const nodeCpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  return async <T>(work: () => Promise<T>): Promise<{ result: T; cpu: CpuSeconds }> => {
    const [j, n, t] = [javaCpu(), nodeCpu(), performance.now()];
    const result = await work();
    return {
      result,
      cpu: {
        wall: round1((performance.now() - t) / 1000),
        java: round1(javaCpu() - j),
        node: round1(nodeCpu() - n),
      },
    };
  };
}
