import fs from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { articleFormat } from "../articles/article-formats";
import type { Embedder } from "../embeddings/types";
import type { Logger } from "../log";
import { compactVectorsIfNeeded, flushStore, listCopyPaths, removeCopies, type Store } from "../store";
import { ingestPaths, type IngestSummary } from "./ingest-paths";

const DEFAULT_DEBOUNCE_MS = 1_000;
/** A burst that failed (index locked by another writer, model not loading) is tried again this much later. */
const RETRY_DELAY_MS = 10_000;

export interface WatchFolderOptions {
  /** Absolute path of the articles folder (ARTICLES_DIR). */
  dir: string;
  store: Store;
  /** Loads the embedding model (null: keyword-only); called once per burst that has files to ingest. */
  embedder: () => Promise<Embedder | null>;
  clock?: () => Date;
  logger: Logger;
  /** Quiet time after the last change before the burst is ingested. */
  debounceMs?: number;
  /** A change was noticed; it is ingested when the burst ends (or on `flush`). */
  onQueued?: (path: string) => void;
  /** A burst was ingested after its quiet time. */
  onProcessed?: (changes: FolderChanges) => void;
}

/** What one burst of changes did to the index. */
export interface FolderChanges {
  /** The changed paths looked at (absolute, each once). */
  paths: string[];
  /** Ingesting the new and changed files; null when there were none. */
  ingested: IngestSummary | null;
  /** Articles removed with their files. */
  removed: number;
}

export interface FolderWatcher {
  /** Ingests the changes noticed so far now, instead of after the quiet time. */
  flush(): Promise<FolderChanges>;
  /** Stops watching; resolves once a burst being ingested is done (pending changes are dropped). */
  close(): Promise<void>;
}

/** Hidden entries and node_modules are never articles (as for `ingest` of a folder). */
function isIgnored(relativePath: string): boolean {
  return relativePath.split(path.sep).some((segment) => segment.startsWith(".") || segment === "node_modules");
}

function isUnder(file: string, changed: string): boolean {
  return file === changed || file.startsWith(changed + path.sep);
}

/**
 * Keeps the index in line with the articles folder while the app runs: new and changed files are ingested,
 * deleted ones (or deleted folders) take their articles with them. Changes are gathered until the folder has
 * been quiet for `debounceMs`, so a file written in several steps is ingested once. Bursts run one at a time.
 */
export function watchFolder(options: WatchFolderOptions): FolderWatcher {
  const { dir, store, logger } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function ingestBurst(): Promise<FolderChanges> {
    const paths = [...pending].sort();
    pending = new Set();
    if (paths.length === 0) return { paths, ingested: null, removed: 0 };
    try {
      return await ingestChanges(paths);
    } catch (error) {
      // Nothing noticed is dropped: the burst goes back with any newer changes and is tried again.
      for (const changed of paths) pending.add(changed);
      if (!closed) schedule(Math.max(debounceMs, RETRY_DELAY_MS));
      throw error;
    }
  }

  async function ingestChanges(paths: string[]): Promise<FolderChanges> {
    // Removals first: a file renamed within the burst then comes back under its new path.
    const gone = listCopyPaths(store)
      .filter((copy) => paths.some((changed) => isUnder(copy.path, changed)) && !fs.existsSync(copy.path))
      .map((copy) => copy.id);
    const removed = removeCopies(store, gone);

    const present: string[] = [];
    for (const changed of paths) {
      const info = await stat(changed).catch(() => null);
      if (info?.isDirectory() || (info?.isFile() && articleFormat(changed))) present.push(changed);
    }
    let ingested: IngestSummary | null = null;
    if (present.length > 0) {
      ingested = await ingestPaths(store, {
        paths: present,
        within: dir,
        embedder: await options.embedder(),
        clock: options.clock,
        onNotice: (message) => logger.info(message),
      });
    } else if (removed > 0) {
      compactVectorsIfNeeded(store);
      flushStore(store);
    }

    const changes: FolderChanges = { paths, ingested, removed };
    if (ingested || removed > 0) {
      logger.info(
        { added: ingested?.added ?? 0, updated: ingested?.updated ?? 0, removed: removed + (ingested?.removed ?? 0), files: paths.length },
        "articles folder changed",
      );
    }
    for (const failure of ingested?.failed ?? []) logger.warn({ path: failure.path, reason: failure.reason }, "article file not ingested");
    return changes;
  }

  function flush(): Promise<FolderChanges> {
    if (timer) clearTimeout(timer);
    timer = null;
    const burst = queue.then(ingestBurst);
    queue = burst.catch(() => undefined);
    return burst;
  }

  function schedule(delayMs: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      flush().then(
        (changes) => options.onProcessed?.(changes),
        (error: unknown) => logger.error({ err: error, files: pending.size }, "ingesting folder changes failed; trying again shortly"),
      );
    }, delayMs);
  }

  function onChange(_event: string, filename: string | null): void {
    if (closed) return;
    // No name: the platform lost track of what changed, so the whole folder is looked at again.
    if (filename !== null && isIgnored(filename)) return;
    const changed = filename === null ? dir : path.join(dir, filename);
    pending.add(changed);
    options.onQueued?.(changed);
    schedule(debounceMs);
  }

  // Recursive watching works on Linux since Node 20 (and natively on macOS and Windows).
  const watcher = fs.watch(dir, { recursive: true }, onChange);
  watcher.on("error", (error) => logger.warn({ err: error, dir }, "watching the articles folder failed"));

  return {
    flush,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      watcher.close();
      await queue;
    },
  };
}
