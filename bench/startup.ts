/**
 * Start-up as people meet it: `npm run -s cli -- ask "…"`, `… search "…"` and `npm start` to "index ready", each a
 * cold process on the sample articles, interleaved with `node -e 0` in the same run so the ratio survives a noisy
 * machine. Keyword-only (`EMBEDDING_MODEL=none`): no real model can be had where the benchmark runs.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./child-process";

export interface StartupResult {
  runs: number;
  question: string;
  query: string;
  /** Wall milliseconds per run, in run order. */
  nodeMs: number[];
  askMs: number[];
  /** The same `ask` without npm in front: what newsdesk itself costs. */
  askWithoutNpmMs: number[];
  searchMs: number[];
  startReadyMs: number[];
}

export interface StartupOptions {
  workDir: string;
  runs: number;
  progress?: (line: string) => void;
}

const QUESTION = "Why is the Kremlin urging restraint over Iran?";
const QUERY = "Kremlin restraint Iran";
const READY_LINE = "index ready";
const START_TIMEOUT_MS = 60_000;

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  execFileSync(command, args, { cwd: REPO_ROOT, env, stdio: "ignore" });
  return performance.now() - started;
}

/** `npm start` until it says the index is ready; then its whole process group is stopped. */
async function timedStartToReady(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn("npm", ["start"], { cwd: REPO_ROOT, env, stdio: ["pipe", "ignore", "pipe"], detached: true });
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not print "${READY_LINE}" within ${START_TIMEOUT_MS / 1000}s`)), START_TIMEOUT_MS);
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (data: string) => {
        stderr += data;
        if (stderr.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`npm start exited with ${code} before it was ready:\n${stderr}`)));
    });
  } finally {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  }
}

export async function measureStartup(options: StartupOptions): Promise<StartupResult> {
  const indexDir = path.join(options.workDir, "startup-index");
  fs.mkdirSync(indexDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DISCORD_TOKEN: "",
    INDEX_DIR: indexDir,
    ARTICLES_DIR: path.join(REPO_ROOT, "articles"),
    EMBEDDING_MODEL: "none",
    LOG_LEVEL: "silent",
  };
  const cli = (...args: string[]) => ["run", "-s", "cli", "--", ...args];
  // Untimed: builds dist/ if the sources changed and ingests the sample articles, so every timed run is a plain start.
  timed("npm", cli("ingest"), env);
  const result: StartupResult = { runs: options.runs, question: QUESTION, query: QUERY, nodeMs: [], askMs: [], askWithoutNpmMs: [], searchMs: [], startReadyMs: [] };
  for (let run = 0; run < options.runs; run++) {
    options.progress?.(`start-up run ${run + 1}/${options.runs}`);
    result.nodeMs.push(timed(process.execPath, ["-e", "0"], env));
    result.askMs.push(timed("npm", cli("ask", QUESTION), env));
    result.askWithoutNpmMs.push(timed(process.execPath, ["scripts/run.mjs", "cli/main", "ask", QUESTION], env));
    result.searchMs.push(timed("npm", cli("search", QUERY), env));
    result.startReadyMs.push(await timedStartToReady(env));
  }
  return result;
}
