import readline from "node:readline";

/** Streams stdin as JSON lines; a line that is not a JSON object yields its error instead, so N in gives N out. */
export async function* readJsonLines(input: NodeJS.ReadableStream = process.stdin): AsyncGenerator<{ value: Record<string, unknown> } | { error: string }> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === "object" && !Array.isArray(value)) yield { value: value as Record<string, unknown> };
      else yield { error: `line ${number}: expected a JSON object` };
    } catch {
      yield { error: `line ${number}: not valid JSON` };
    }
  }
}

export function writeJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
