/** A command called the wrong way (a missing argument, an unknown option): its usage follows on stderr, exit 1. */
export class UsageError extends Error {}

/** node:util parseArgs' errors, in one line without its advice on `--` (whose quoting is unbalanced). */
export function usageErrorOf(error: unknown): UsageError | null {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string" || !error.code.startsWith("ERR_PARSE_ARGS_")) return null;
  const missing = /^Option '(?:(-\w), )?(--[\w-]+) <value>' argument missing/.exec(error.message);
  if (missing) return new UsageError(`${missing[1] ?? missing[2]} needs a value`);
  // "-k --json": the value was left out and the next option taken for it.
  const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(error.message);
  if (ambiguous) return new UsageError(`${ambiguous[1]} needs a value`);
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return new UsageError(`unknown option ${unknown[1]}`);
  const unexpected = /^Unexpected argument '([^']*)'/.exec(error.message);
  if (unexpected) return new UsageError(`unexpected argument ${JSON.stringify(unexpected[1])}`);
  return new UsageError(error.message.split(/\.\s/)[0]!);
}
