import { createHash } from "node:crypto";
import type { ParsedArticle } from "../articles/types";
import { chunkArticle } from "../chunking/chunk-article";
import { textToEmbed } from "../chunking/text-to-embed";
import type { Embedder } from "../embeddings/types";
import {
  attachCopy,
  findArticleByTextHash,
  findCopy,
  getArticle,
  updateCopyPath,
  writeArticle,
  type ArticleRecord,
  type Store,
  type StoredArticle,
} from "../store";

/** What happened to the articles handed to a writer; the counting half of the `ingest --json` shape. */
export interface WriteCounts {
  added: number;
  updated: number;
  unchanged: number;
  chunks: number;
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

export interface ArticleWriterOptions {
  /**
   * Attach a copy to an article with the same text only when their titles or links agree too. For feeds, whose
   * short texts repeat across unrelated items ("Click to read more", a channel's stock video description).
   */
  twinsShareTitleOrLink?: boolean;
}

function sameTitleOrLink(article: ParsedArticle, twin: StoredArticle): boolean {
  const title = article.title.toLowerCase();
  return twin.title.toLowerCase() === title || (article.url !== null && twin.urls.includes(article.url));
}

/**
 * Takes parsed articles from any origin (files, feeds): skips unchanged ones, attaches syndicated copies to the
 * article that already holds their text, and chunks, embeds and stores the rest in batches.
 */
export function createArticleWriter(store: Store, embedder: Embedder | null, clock: () => Date, options: ArticleWriterOptions = {}) {
  const counts: WriteCounts = { added: 0, updated: 0, unchanged: 0, chunks: 0 };
  let pending: PendingArticle[] = [];
  let pendingChunks = 0;

  async function flush(): Promise<void> {
    const batch = pending;
    pending = [];
    pendingChunks = 0;
    const chunked = batch.map(({ record }) => ({ record, chunks: chunkArticle(record.article.text) }));
    const texts = chunked.flatMap(({ record, chunks }) => chunks.map((chunk) => textToEmbed(record.article, chunk)));
    const vectors = embedder && texts.length > 0 ? await embedder.embed(texts, "passage") : null;
    let offset = 0;
    for (const [i, { record, chunks }] of chunked.entries()) {
      const values = vectors?.slice(offset, offset + chunks.length);
      offset += chunks.length;
      writeArticle(store, record, { chunks, vectors: values && embedder ? { model: embedder.model, values } : null });
      counts.chunks += chunks.length;
      counts[batch[i]!.outcome] += 1;
    }
  }

  async function add(article: ParsedArticle): Promise<void> {
    const record: ArticleRecord = {
      article,
      contentHash: contentHashOf(article),
      textHash: textHashOf(article.text),
      ingestedAt: clock().toISOString(),
    };
    // A twin waiting in the batch (same text, or a second copy of the same page) is stored first, so what is read
    // below is what the index holds: a copy read before the flush would be stale, and attaching to it would delete
    // the very article it attaches to.
    if (pending.some((waiting) => waiting.record.textHash === record.textHash || waiting.record.article.id === article.id)) await flush();
    const copy = findCopy(store, article.id);
    if (copy?.contentHash === record.contentHash) {
      if (copy.path !== article.path) updateCopyPath(store, copy.id, article.path);
      counts.unchanged += 1;
      return;
    }
    const outcome = copy ? "updated" : "added";
    const twin = findArticleByTextHash(store, record.textHash);
    const isCopyOfTwin = twin !== null && (!options.twinsShareTitleOrLink || sameTitleOrLink(article, getArticle(store, twin.id)!));
    if (twin && twin.rowid !== copy?.articleRowid && isCopyOfTwin) {
      attachCopy(store, record, twin.rowid);
      counts[outcome] += 1;
      return;
    }
    pending.push({ record, outcome });
    pendingChunks += Math.ceil(article.text.length / 800);
    if (pendingChunks >= EMBED_BATCH_CHUNKS) await flush();
  }

  return { add, flush, counts };
}
