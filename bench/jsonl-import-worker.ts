/** Child of bench/jsonl-import.ts: ingests one .jsonl keyword-only in a process of its own, for a clean peak RSS. */
import { ingestPaths } from "../src/ingest/ingest-paths";
import { closeStore, openStore } from "../src/store";
import { serveAsChild } from "./child-process";

export interface JsonlImportInput {
  file: string;
  indexDir: string;
}

export interface JsonlImportResult {
  added: number;
  failed: number;
  chunks: number;
  seconds: number;
  peakRssBytes: number;
}

serveAsChild<JsonlImportInput, JsonlImportResult>(async ({ file, indexDir }) => {
  const store = openStore(indexDir);
  let reported = 0;
  const started = performance.now();
  try {
    const summary = await ingestPaths(store, {
      paths: [file],
      embedder: null,
      onProgress: ({ bytes, totalBytes }) => {
        const tenth = Math.floor((bytes / totalBytes) * 10);
        if (tenth > reported) {
          reported = tenth;
          process.stderr.write(`jsonl import: ${tenth * 10}% read after ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
        }
      },
    });
    return {
      added: summary.added,
      failed: summary.failed.length,
      chunks: summary.chunks,
      seconds: (performance.now() - started) / 1000,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    closeStore(store);
  }
});
