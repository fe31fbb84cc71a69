import fs from "node:fs";
import { isDerivedId } from "../articles/article-id";
import { listArticleFiles } from "../articles/list-article-files";
import { streamArticleFile } from "../articles/read-article-file";
import type { FailedArticle } from "../articles/types";
import { textToEmbed } from "../chunking/text-to-embed";
import type { Embedder } from "../embeddings/types";
import {
  clearVectors,
  compactVectorsIfNeeded,
  countChunksWithoutVectors,
  findCopy,
  flushStore,
  listChunksWithoutVectors,
  listCopyIdsFromPath,
  listCopyPaths,
  readStoredModel,
  removeCopies,
  storeChunkVectors,
  writeMeta,
  writeTransaction,
  type Store,
} from "../store";
import { createArticleWriter } from "./article-writer";

/** The `ingest --json` shape of CONTRACT.md. */
export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: FailedArticle[];
  chunks: number;
  seconds: number;
}

/** An ingest that stopped part way (the database failed); `summary` counts what was stored before it did. */
export class IngestStoppedError extends Error {
  constructor(
    readonly summary: IngestSummary,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export interface IngestProgress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
}

export interface IngestOptions {
  paths: string[];
  /** The folder the paths are in (the watched ARTICLES_DIR): symbolic links leading out of it are skipped. */
  within?: string;
  prune?: boolean;
  embedder: Embedder | null;
  clock?: () => Date;
  /** Called as files are read: files done, and bytes read (within a large file too) of all the files found. */
  onProgress?: (progress: IngestProgress) => void;
  /** Plain-words notices for the user (model changes, backfills). */
  onNotice?: (message: string) => void;
}

/**
 * Adds new and changed articles from files and folders, skips unchanged ones, optionally prunes articles whose
 * file is gone, and backfills vectors for chunks stored keyword-only. Never throws for bad input: it is listed
 * in `failed` and everything readable is stored.
 */
export async function ingestPaths(store: Store, options: IngestOptions): Promise<IngestSummary> {
  const clock = options.clock ?? (() => new Date());
  const started = performance.now();
  const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, removed: 0, failed: [], chunks: 0, seconds: 0 };
  const { embedder } = options;

  const stored = readStoredModel(store.db);
  if (embedder && stored && stored.model !== embedder.model) {
    options.onNotice?.(`embedding model changed from ${stored.model} to ${embedder.model}: re-embedding every chunk`);
    clearVectors(store);
  }

  const listing = await listArticleFiles(options.paths, { within: options.within });
  summary.failed.push(...listing.failed);
  const writer = createArticleWriter(store, embedder, clock);
  const idOwners = createIdOwners(store, listing.files);
  const sizes = listing.files.map((file) => fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0);
  const progress = { files: 0, totalFiles: listing.files.length, bytes: 0, totalBytes: sizes.reduce((sum, size) => sum + size, 0) };
  try {
    for (const [fileIndex, file] of listing.files.entries()) {
      const bytesBefore = progress.bytes;
      const seenIds = new Set<string>();
      let failures = 0;
      const onBytes = (bytesRead: number) => {
        progress.bytes = bytesBefore + bytesRead;
        options.onProgress?.(progress);
      };
      for await (const item of streamArticleFile(file, { onBytes })) {
        if ("error" in item) {
          summary.failed.push({ path: file, reason: item.error });
          failures += 1;
        } else if ("failed" in item) {
          summary.failed.push(item.failed);
          failures += 1;
        } else {
          const { article } = item;
          seenIds.add(article.id);
          const clash = idOwners.claim(article.id, file);
          if (clash) summary.failed.push({ path: file, reason: clash });
          else await writer.add(article);
        }
      }
      // Articles that a file no longer contains (a removed .jsonl line) go with it.
      if (failures === 0) {
        const stale = listCopyIdsFromPath(store, file).filter((id) => !seenIds.has(id));
        summary.removed += removeCopies(store, stale);
      }
      progress.files = fileIndex + 1;
      progress.bytes = bytesBefore + sizes[fileIndex]!;
      options.onProgress?.(progress);
    }
    await writer.flush();
    Object.assign(summary, writer.counts);

    if (options.prune) {
      const gone = listCopyPaths(store)
        .filter((copy) => !fs.existsSync(copy.path))
        .map((copy) => copy.id);
      summary.removed += removeCopies(store, gone);
    }

    if (embedder) await backfillVectors(store, embedder, options.onNotice);
    compactVectorsIfNeeded(store);
    writeTransaction(store.db, () => writeMeta(store.db, "last_ingest", clock().toISOString()));
    flushStore(store);
  } catch (error) {
    Object.assign(summary, writer.counts);
    summary.seconds = Math.round((performance.now() - started) / 10) / 100;
    throw new IngestStoppedError(summary, error);
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}

/**
 * Which file an article's own id belongs to. A given id names one article: a second file giving it (in this run,
 * or stored from a file that still exists and is not being read now) would replace the first one's text, and
 * runs would alternate between the two. Derived ids are left alone: two copies of one page share theirs.
 */
function createIdOwners(store: Store, files: readonly string[]) {
  const ownerInRun = new Map<string, string>();
  const beingRead = new Set(files);
  return {
    /** Null when `file` may store the article with this id; otherwise the failure reason. */
    claim(id: string, file: string): string | null {
      if (isDerivedId(id)) return null;
      const owner = ownerInRun.get(id) ?? storedOwner(id, file);
      if (owner === undefined) {
        ownerInRun.set(id, file);
        return null;
      }
      const where = owner === file ? "an earlier article in this file" : owner;
      return `id ${JSON.stringify(id)} is already used by ${where}; ids must be unique`;
    },
  };

  function storedOwner(id: string, file: string): string | undefined {
    const path = findCopy(store, id)?.path;
    if (!path || path === file || beingRead.has(path) || !fs.existsSync(path)) return undefined;
    return path;
  }
}

/** Embeds chunks that were stored keyword-only (no model at the time, or the model changed). */
export async function backfillVectors(store: Store, embedder: Embedder, onNotice?: (message: string) => void): Promise<number> {
  const missing = countChunksWithoutVectors(store);
  if (missing === 0) return 0;
  onNotice?.(`embedding ${missing} chunks stored without vectors with ${embedder.model}`);
  let done = 0;
  for (;;) {
    const batch = listChunksWithoutVectors(store, 256);
    if (batch.length === 0) break;
    const vectors = await embedder.embed(
      batch.map((chunk) => textToEmbed(chunk, chunk)),
      "passage",
    );
    storeChunkVectors(
      store,
      embedder.model,
      batch.map((chunk, i) => ({ rowid: chunk.rowid, vector: vectors[i]! })),
    );
    done += batch.length;
  }
  return done;
}
