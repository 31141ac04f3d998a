/**
 * `npm run audit:verify -- FILE [--key PUBLIC_JWK_FILE]`: verify an exported audit trail with no
 * network and no database. Exit code 0 when the trail holds, 1 when it does not (naming the
 * first bad event), 2 when the file cannot be read.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { JWK } from "jose";
import { verifyAuditExport } from "./verify-export.ts";

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { key: { type: "string", multiple: true } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) {
    console.error("usage: npm run audit:verify -- FILE [--key PUBLIC_JWK_FILE]");
    return 2;
  }
  let data: unknown;
  let trustedKeys: JWK[] | undefined;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
    trustedKeys = values.key?.map((k) => JSON.parse(readFileSync(k, "utf8")) as JWK);
  } catch (error) {
    console.error(`cannot read: ${(error as Error).message}`);
    return 2;
  }
  const verdict = await verifyAuditExport(data, trustedKeys ? { trustedKeys } : {});
  for (const w of verdict.warnings) console.error(`warning: ${w}`);
  if (verdict.valid) {
    console.log(
      `VALID case ${verdict.caseId}: ${verdict.events} events, head ${verdict.head}, ${verdict.checkpointsVerified} checkpoint(s) verified`,
    );
    return 0;
  }
  const where =
    verdict.firstBadSeq !== undefined ? `first bad event: seq ${verdict.firstBadSeq}: ` : "";
  console.log(`INVALID case ${verdict.caseId ?? "?"}: ${where}${verdict.problem}`);
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
