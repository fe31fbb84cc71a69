import { createRequire } from "node:module";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ArticleOutcome } from "./types";

/**
 * Time one page may take to parse before its worker is stopped. Pages within the measured limits
 * (measure-html.ts) took under 1 s on the shared 2-core box; the budget is for what slips past them.
 */
export const HTML_PARSE_BUDGET_MS = 10_000;
/** Parsing is CPU-bound: more workers than cores would only slow answering down. */
const WORKERS = Math.max(1, Math.min(2, os.availableParallelism() - 1));

interface Job {
  html: string;
  path: string;
  budgetMs: number;
  resolve: (outcome: ArticleOutcome) => void;
}

interface PoolWorker {
  worker: Worker;
  /** Its modules are loaded: a page's time budget starts only then. */
  ready: boolean;
  job: (Job & { id: number; timer: NodeJS.Timeout }) | null;
}

/**
 * The worker, started from TypeScript source through tsx's loader (as under `tsx` and vitest), or from
 * compiled JavaScript as is.
 */
function startWorker(): Worker {
  const url = new URL(import.meta.url.endsWith(".ts") ? "./html-worker.ts" : "./html-worker.js", import.meta.url);
  if (!url.pathname.endsWith(".ts")) return new Worker(url);
  const tsxApi = createRequire(import.meta.url).resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(pathToFileURL(tsxApi.replace(/\.cjs$/, ".mjs")).href)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * Parses HTML pages in worker threads, so nothing a page contains can block answering questions. One pool
 * per process: it bounds parsing CPU across the watcher, feeds and ingest. Idle workers do not keep the
 * process alive; a page over its time budget has its worker stopped and becomes a failure line.
 */
export function createHtmlParserPool(size = WORKERS) {
  const workers: PoolWorker[] = [];
  const queue: Job[] = [];
  let nextId = 1;

  function spawn(): void {
    const entry: PoolWorker = { worker: startWorker(), ready: false, job: null };
    entry.worker.on("message", (message: { ready: true } | { id: number; outcome: ArticleOutcome }) => {
      if ("ready" in message) {
        entry.ready = true;
        entry.worker.unref();
        dispatch();
      } else if (entry.job?.id === message.id) finish(entry, message.outcome);
    });
    entry.worker.on("error", (error) => {
      if (entry.job) return finish(entry, { error: `cannot parse the HTML (${error.message})` }, { replace: true });
      replace(entry);
      // A worker that cannot even start fails the next page instead of leaving every page waiting.
      if (!entry.ready) queue.shift()?.resolve({ error: `cannot parse the HTML (${error.message})` });
      dispatch();
    });
    // Starting up keeps the process alive: pages are waiting for it.
    workers.push(entry);
  }

  function replace(entry: PoolWorker): void {
    workers.splice(workers.indexOf(entry), 1);
    void entry.worker.terminate();
  }

  function finish(entry: PoolWorker, outcome: ArticleOutcome, options: { replace?: boolean } = {}): void {
    const job = entry.job!;
    clearTimeout(job.timer);
    entry.job = null;
    if (options.replace) replace(entry);
    else entry.worker.unref();
    job.resolve(outcome);
    dispatch();
  }

  function dispatch(): void {
    while (queue.length > 0) {
      const entry = workers.find((candidate) => candidate.ready && candidate.job === null);
      if (!entry) {
        const starting = workers.filter((candidate) => !candidate.ready).length;
        if (workers.length < size && starting < queue.length) spawn();
        return;
      }
      const job = queue.shift()!;
      const id = nextId++;
      // A worker with a page keeps the process alive until the page is done.
      entry.worker.ref();
      const timer = setTimeout(() => {
        const seconds = Math.round(job.budgetMs / 100) / 10;
        finish(entry, { error: `the HTML took over ${seconds} s to parse; not parsed` }, { replace: true });
      }, job.budgetMs);
      entry.job = { ...job, id, timer };
      entry.worker.postMessage({ id, html: job.html, path: job.path });
    }
  }

  return {
    parse(html: string, path: string, budgetMs = HTML_PARSE_BUDGET_MS): Promise<ArticleOutcome> {
      return new Promise((resolve) => {
        queue.push({ html, path, budgetMs, resolve });
        dispatch();
      });
    },
    async close(): Promise<void> {
      await Promise.all(workers.splice(0).map((entry) => entry.worker.terminate()));
    },
  };
}

export type HtmlParserPool = ReturnType<typeof createHtmlParserPool>;

let shared: HtmlParserPool | null = null;

/** The process's pool, started on first use. */
export function parseHtmlOffThread(html: string, path: string): Promise<ArticleOutcome> {
  shared ??= createHtmlParserPool();
  return shared.parse(html, path);
}
