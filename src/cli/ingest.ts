import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import type { AppContext } from "../app/app-context";
import { requireArticlesDir } from "../config/load-config";
import { IngestStoppedError, ingestPaths, type IngestProgress, type IngestSummary } from "../ingest/ingest-paths";

export const usage = "ingest [PATH...] [--prune] [--json]";

function describe(summary: IngestSummary): string {
  const lines = [
    `ingested: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.removed} removed, ` +
      `${summary.chunks} chunks in ${summary.seconds}s` + (summary.failed.length ? `, ${summary.failed.length} failed` : ""),
  ];
  for (const failure of summary.failed) lines.push(`  failed: ${failure.path}: ${failure.reason}`);
  return lines.join("\n");
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(bytes < 100 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Shows a bar on a terminal only: piped output and CI logs stay clean. It follows bytes, so one big file moves it too. */
function progressBar(): { update(progress: IngestProgress): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "ingesting [{bar}] {percentage}% | {read} of {size} | {files}/{totalFiles} files | {eta_formatted} left",
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const payload = { read: formatBytes(progress.bytes), size: formatBytes(progress.totalBytes), files: progress.files, totalFiles: progress.totalFiles };
      if (!started) {
        bar.start(Math.max(progress.totalBytes, 1), 0, payload);
        started = true;
      }
      bar.update(progress.bytes, payload);
    },
    stop: () => started && bar.stop(),
  };
}

export async function runIngest(context: AppContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { prune: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
  });
  // A mistyped path is caught before anything is read, not reported after a long run as one failed file.
  const missing = positionals.find((given) => !fs.existsSync(given));
  if (missing !== undefined) throw new Error(`no such file or folder: ${path.resolve(missing)}`);
  const embedder = await context.embedder();
  const bar = progressBar();
  const print = (summary: IngestSummary) => process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${describe(summary)}\n`);
  try {
    const summary = await ingestPaths(context.store, {
      paths: positionals.length > 0 ? positionals : [requireArticlesDir(context.config)],
      prune: values.prune,
      embedder,
      clock: context.clock,
      onProgress: (progress) => bar.update(progress),
      onNotice: context.notice,
    });
    bar.stop();
    print(summary);
    return 0;
  } catch (error) {
    bar.stop();
    // What was stored stays stored: say how far the ingest got, then why it stopped.
    if (error instanceof IngestStoppedError) {
      print(error.summary);
      throw error.cause;
    }
    throw error;
  }
}
