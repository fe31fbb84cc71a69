/**
 * Benchmarks that need a process of their own: a clean peak RSS, a real startup, the bot as its own process.
 * The parent writes the input to a file, the child writes its result to another, stderr lines are progress.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

interface ChildEnvelope {
  input: unknown;
  resultFile: string;
}

export interface ChildOptions {
  onProgress?: (line: string) => void;
  /** Killed (and the run failed) past this. */
  timeoutMs?: number;
}

/** Runs `bench/<script>` under Node with tsx, and resolves with the result it wrote. */
export async function runBenchChild<Result>(script: string, input: unknown, options: ChildOptions = {}): Promise<Result> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "newsdesk-bench-child-"));
  const envelopeFile = path.join(scratch, "input.json");
  const envelope: ChildEnvelope = { input, resultFile: path.join(scratch, "result.json") };
  fs.writeFileSync(envelopeFile, JSON.stringify(envelope));
  try {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "bench", script), envelopeFile], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const stderrTail: string[] = [];
    let pending = "";
    child.stderr.setEncoding("utf8").on("data", (data: string) => {
      const lines = (pending + data).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        stderrTail.push(line);
        if (stderrTail.length > 40) stderrTail.shift();
        options.onProgress?.(line);
      }
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : undefined;
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (exitCode) => resolve(exitCode));
    });
    clearTimeout(timer);
    if (pending) stderrTail.push(pending);
    if (code !== 0) throw new Error(`bench/${script} exited with ${code ?? "a signal"}:\n${stderrTail.join("\n")}`);
    return JSON.parse(fs.readFileSync(envelope.resultFile, "utf8")) as Result;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The child's side: reads the input, runs `work`, writes its result; a failure exits non-zero with the stack. */
export function serveAsChild<Input, Result>(work: (input: Input) => Promise<Result>): void {
  const envelopeFile = process.argv[2];
  if (!envelopeFile) {
    process.stderr.write("this file is run by the benchmark harness (npm run bench), not directly\n");
    process.exit(2);
  }
  const envelope = JSON.parse(fs.readFileSync(envelopeFile, "utf8")) as ChildEnvelope;
  work(envelope.input as Input).then(
    (result) => {
      fs.writeFileSync(envelope.resultFile, JSON.stringify(result));
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
