#!/usr/bin/env node
// DynamoDB Local, which the integration, browser and reliability tests start, runs on Java 17+.
// Without it they would fail one by one with a spawn error; this says so once, before any test runs.
import { spawnSync } from "node:child_process";

const INSTALL =
  "install it: `sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu), `brew install openjdk@17` (macOS)";
const run = spawnSync("java", ["-version"], { encoding: "utf8" });
const major = Number(/version "(?:1\.)?(\d+)/.exec(`${run.stderr}${run.stdout}`)?.[1] ?? 0);
if (run.error || major < 17) {
  const found = run.error ? "no Java found" : `Java ${major} found`;
  console.error(`Java 17 or newer is needed for DynamoDB Local (${found}); ${INSTALL}`);
  process.exit(1);
}
