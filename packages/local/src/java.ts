import { spawnSync } from "node:child_process";

/** DynamoDB Local is a Java program: say plainly when Java 17+ is missing. */
export function checkJava(): void {
  const out = spawnSync("java", ["-version"], { encoding: "utf8" });
  const text = `${out.stderr ?? ""}${out.stdout ?? ""}`;
  const major = Number(/version "(\d+)/.exec(text)?.[1] ?? Number.NaN);
  if (out.error || !(major >= 17)) {
    throw new Error(
      "DynamoDB Local needs a Java 17+ runtime on the PATH (found: " +
        (out.error ? "no java" : `Java ${Number.isNaN(major) ? "?" : major}`) +
        "). On Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless",
    );
  }
}
