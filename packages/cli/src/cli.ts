/**
 * How every command-line tool starts, explains itself and fails: `--help` prints its usage with
 * an example; a problem prints one line saying what is wrong and what to do, never a stack
 * trace. Exit codes: 0 done, 1 the work failed, 2 the command was not used as documented.
 */
/** The command was called wrongly: exit 2, with a pointer to `--help`. */
export class UsageError extends Error {}

interface FieldIssues {
  readonly issues?: readonly { readonly path?: unknown; readonly message?: unknown }[];
}

/** One line for a person: the message, the fields it names, and a hint for a refused connection. */
function oneLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; address?: string; port?: number } }).cause;
  const code = (error as NodeJS.ErrnoException).code ?? cause?.code;
  if (code === "ECONNREFUSED") {
    const where = cause?.port ? ` (port ${cause.port})` : "";
    return `cannot connect to the stack${where}: is \`npm start\` still running?`;
  }
  const issues = ((error as FieldIssues).issues ?? [])
    .map((i) => `${String(i.path)}: ${String(i.message)}`)
    .join("; ");
  const first = error.message.split("\n")[0] ?? error.name;
  return issues ? `${first} (${issues})` : first;
}

/**
 * Runs a tool's `main` and turns what it throws into one line on stderr. Returns the exit code.
 */
export async function runCli(
  name: string,
  help: string,
  main: (argv: readonly string[]) => Promise<number>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(help);
    return 0;
  }
  try {
    return await main(argv);
  } catch (error) {
    // node:util parseArgs refuses an unknown option or a missing value with these codes.
    const parseError = String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
    if (error instanceof UsageError || parseError) {
      console.error(`${name}: ${(error as Error).message} (see \`npm run ${name} -- --help\`)`);
      return 2;
    }
    console.error(`${name}: ${oneLine(error)}`);
    return 1;
  }
}
