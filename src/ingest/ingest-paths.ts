import { createHash } from "node:crypto";
import fs from "node:fs";
import { listArticleFiles } from "../articles/list-article-files";
import { readArticleFile } from "../articles/read-article-file";
import type { FailedArticle, ParsedArticle } from "../articles/types";
import { chunkArticle } from "../chunking/chunk-article";
import { textToEmbed } from "../chunking/text-to-embed";
import type { Embedder } from "../embeddings/types";
import {
  attachCopy,
  clearVectors,
  compactVectorsIfNeeded,
  countChunksWithoutVectors,
  findArticleByTextHash,
  findCopy,
  flushStore,
  listChunksWithoutVectors,
  listCopyPaths,
  readStoredModel,
  removeCopies,
  storeChunkVectors,
  writeArticle,
  writeMeta,
  type ArticleRecord,
  type Store,
} from "../store";

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

export interface IngestOptions {
  paths: string[];
  prune?: boolean;
  embedder: Embedder | null;
  clock?: () => Date;
  /** Called after each file; `total` is the number of files found. */
  onProgress?: (done: number, total: number) => void;
  /** Plain-words notices for the user (model changes, backfills). */
  onNotice?: (message: string) => void;
}

/** Embedding in batches across articles keeps the model busy; each article is still stored in its own transaction. */
const EMBED_BATCH_CHUNKS = 64;

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function contentHashOf(article: ParsedArticle): string {
  return sha256(JSON.stringify([article.title, article.text, article.url, article.published, article.source, article.author]));
}

export function textHashOf(text: string): string {
  return sha256(text.replace(/\s+/g, " ").trim());
}

interface PendingArticle {
  record: ArticleRecord;
  outcome: "added" | "updated";
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

  const listing = await listArticleFiles(options.paths);
  summary.failed.push(...listing.failed);
  let pending: PendingArticle[] = [];
  let pendingChunks = 0;

  const writePending = async () => {
    const batch = pending;
    pending = [];
    pendingChunks = 0;
    const chunked = batch.map(({ record }) => ({ record, chunks: chunkArticle(record.article.text) }));
    const texts = chunked.flatMap(({ record, chunks }) => chunks.map((chunk) => textToEmbed(record.article, chunk)));
    const vectors = embedder && texts.length > 0 ? await embedder.embed(texts, "passage") : null;
    let offset = 0;
    for (const { record, chunks } of chunked) {
      const values = vectors?.slice(offset, offset + chunks.length);
      offset += chunks.length;
      writeArticle(store, record, { chunks, vectors: values && embedder ? { model: embedder.model, values } : null });
      summary.chunks += chunks.length;
    }
    for (const { outcome } of batch) summary[outcome] += 1;
  };

  for (const [fileIndex, file] of listing.files.entries()) {
    const result = await readArticleFile(file);
    if ("error" in result) {
      summary.failed.push({ path: file, reason: result.error });
    } else {
      summary.failed.push(...result.failed);
      const seenIds = new Set<string>();
      for (const article of result.articles) {
        seenIds.add(article.id);
        const record: ArticleRecord = {
          article,
          contentHash: contentHashOf(article),
          textHash: textHashOf(article.text),
          ingestedAt: clock().toISOString(),
        };
        const copy = findCopy(store, article.id);
        if (copy?.contentHash === record.contentHash) {
          summary.unchanged += 1;
          continue;
        }
        const outcome = copy ? "updated" : "added";
        // A syndicated twin waiting in the batch must be stored before this copy can attach to it.
        if (pending.some((waiting) => waiting.record.textHash === record.textHash)) await writePending();
        const twin = findArticleByTextHash(store, record.textHash);
        if (twin && twin.rowid !== copy?.articleRowid) {
          attachCopy(store, record, twin.rowid);
          summary[outcome] += 1;
          continue;
        }
        pending.push({ record, outcome });
        pendingChunks += Math.ceil(article.text.length / 800);
        if (pendingChunks >= EMBED_BATCH_CHUNKS) await writePending();
      }
      // Articles that a file no longer contains (a removed .jsonl line) go with it.
      if (result.failed.length === 0) {
        await writePending();
        const stale = listCopyPaths(store)
          .filter((copy) => copy.path === file && !seenIds.has(copy.id))
          .map((copy) => copy.id);
        summary.removed += removeCopies(store, stale);
      }
    }
    options.onProgress?.(fileIndex + 1, listing.files.length);
  }
  await writePending();

  if (options.prune) {
    const gone = listCopyPaths(store)
      .filter((copy) => !fs.existsSync(copy.path))
      .map((copy) => copy.id);
    summary.removed += removeCopies(store, gone);
  }

  if (embedder) await backfillVectors(store, embedder, options.onNotice);
  compactVectorsIfNeeded(store);
  writeMeta(store.db, "last_ingest", clock().toISOString());
  flushStore(store);
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
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
