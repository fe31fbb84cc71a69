/** Child of bench/jsonl-import.ts: ingests one .jsonl keyword-only in a process of its own, for a clean peak RSS. */
import { ingestPaths } from "../src/ingest/ingest-paths";
import { closeStore, openStore, readStats } from "../src/store";
import { serveAsChild } from "./child-process";

export interface JsonlImportInput {
  file: string;
  indexDir: string;
  /** Stop reading after this long (the file is still read as a stream up to there); null: read it all. */
  budgetSeconds: number | null;
}

export interface JsonlImportResult {
  /** Articles stored (all the file's, or those before the budget ran out). */
  stored: number;
  chunks: number;
  bytesRead: number;
  complete: boolean;
  seconds: number;
  peakRssBytes: number;
}

/** Thrown from the progress callback to end the import when the time budget is spent. */
class BudgetSpent extends Error {}

serveAsChild<JsonlImportInput, JsonlImportResult>(async ({ file, indexDir, budgetSeconds }) => {
  const store = openStore(indexDir);
  let reported = 0;
  let bytesRead = 0;
  let complete = true;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  try {
    await ingestPaths(store, {
      paths: [file],
      embedder: null,
      onProgress: ({ bytes, totalBytes }) => {
        // The reader turns the first throw into a failure of the file; the next, after it, ends the import.
        if (complete) bytesRead = bytes;
        const tenth = Math.floor((bytes / totalBytes) * 10);
        if (tenth > reported) {
          reported = tenth;
          process.stderr.write(`jsonl import: ${tenth * 10}% read after ${elapsed().toFixed(0)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
        }
        if (budgetSeconds !== null && elapsed() > budgetSeconds) {
          complete = false;
          throw new BudgetSpent();
        }
      },
    }).catch((error: unknown) => {
      if (!(error instanceof BudgetSpent)) throw error;
    });
    const seconds = elapsed();
    const stats = readStats(store);
    return { stored: stats.articles, chunks: stats.chunks, bytesRead, complete, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
  } finally {
    closeStore(store);
  }
});
