import type { ParsedArticle } from "../articles/types";
import type { Chunk } from "../chunking/types";
import { bumpVectorGeneration, writeMeta } from "./meta";
import type { Store } from "./types";
import { addVectors, blobToVector, catchUp, createVectorIndex, removeVectors, vectorToBlob } from "./vector-index";
import { writeTransaction } from "./write-transaction";

/** An article ready to be stored: parsed, hashed, chunked and (when a model is loaded) embedded. */
export interface ArticleRecord {
  article: ParsedArticle;
  /** Hash of everything that was read; decides unchanged/updated. */
  contentHash: string;
  /** Hash of the clean text alone; finds syndicated copies. */
  textHash: string;
  ingestedAt: string;
}

export interface EmbeddedChunks {
  chunks: Chunk[];
  /** One vector per chunk, or null when no model is loaded. */
  vectors: { model: string; values: Float32Array[] } | null;
}

export interface CopyRow {
  id: string;
  articleRowid: number;
  contentHash: string;
  path: string | null;
}

export function findCopy(store: Store, copyId: string): CopyRow | null {
  const row = store.db
    .prepare("SELECT id, article_rowid AS articleRowid, content_hash AS contentHash, path FROM article_copies WHERE id = ?")
    .get(copyId) as CopyRow | undefined;
  return row ?? null;
}

/** The article already holding this exact text, if any (a syndicated copy of it is being ingested). */
export function findArticleByTextHash(store: Store, textHash: string): { rowid: number; id: string } | null {
  const row = store.db.prepare("SELECT rowid, id FROM articles WHERE text_hash = ? LIMIT 1").get(textHash) as
    | { rowid: number; id: string }
    | undefined;
  return row ?? null;
}

function countCopies(store: Store, articleRowid: number): number {
  return store.db.prepare("SELECT count(*) FROM article_copies WHERE article_rowid = ?").pluck().get(articleRowid) as number;
}

/** Deletes an article's chunks from every table; returns the chunk rowids so the HNSW cache can drop them. */
function deleteChunks(store: Store, articleRowid: number): number[] {
  const rows = store.db.prepare("SELECT rowid, embedding IS NOT NULL AS embedded FROM chunks WHERE article_rowid = ?").all(articleRowid) as {
    rowid: number;
    embedded: number;
  }[];
  const deleteFts = store.db.prepare("DELETE FROM chunks_fts WHERE rowid = ?");
  for (const row of rows) deleteFts.run(row.rowid);
  store.db.prepare("DELETE FROM chunks WHERE article_rowid = ?").run(articleRowid);
  return rows.filter((row) => row.embedded).map((row) => row.rowid);
}

/** Removes a copy; an article left without copies is deleted with its chunks. Returns dropped vector labels. */
function detachCopy(store: Store, copy: CopyRow): number[] {
  store.db.prepare("DELETE FROM article_copies WHERE id = ?").run(copy.id);
  if (countCopies(store, copy.articleRowid) > 0) {
    // The article keeps its other copies; if it was known by this copy's id, it takes a remaining one's.
    store.db
      .prepare(
        `UPDATE articles SET id = (SELECT id FROM article_copies WHERE article_rowid = ? ORDER BY rowid LIMIT 1)
         WHERE rowid = ? AND id = ?`,
      )
      .run(copy.articleRowid, copy.articleRowid, copy.id);
    return [];
  }
  const labels = deleteChunks(store, copy.articleRowid);
  store.db.prepare("DELETE FROM articles WHERE rowid = ?").run(copy.articleRowid);
  return labels;
}

function insertCopy(store: Store, record: ArticleRecord, articleRowid: number): void {
  store.db
    .prepare("INSERT INTO article_copies (id, article_rowid, url, path, content_hash) VALUES (?, ?, ?, ?, ?)")
    .run(record.article.id, articleRowid, record.article.url, record.article.path, record.contentHash);
}

/** Mirrors a committed change into the HNSW cache, which then reflects database generation `generation`. */
function applyVectorChanges(
  store: Store,
  generation: number | null,
  dropped: number[],
  added: { label: number; vector: Float32Array }[],
  model: string | null,
): void {
  if (generation === null) return;
  if (!store.vectors && added.length > 0 && model) {
    // A cache made here knows nothing yet: marked current, it is caught up with any vectors other processes stored.
    store.vectors = createVectorIndex(model, added[0]!.vector.length, added.length, generation);
  }
  if (!store.vectors) return;
  const missedChanges = store.vectors.generation !== generation - 1;
  removeVectors(store.vectors, dropped);
  addVectors(store.vectors, added);
  // Another process changed vectors since this cache last did: take those changes in too, or it would
  // claim generation `generation` without them.
  if (missedChanges) catchUp(store.db, store.vectors, generation);
  store.vectors.generation = generation;
}

/**
 * Stores a syndicated copy of an article that already holds the same text: nothing is re-chunked,
 * the article just remembers one more url. Atomic.
 */
export function attachCopy(store: Store, record: ArticleRecord, articleRowid: number): void {
  const dropped: number[] = [];
  let generation: number | null = null;
  writeTransaction(store.db, () => {
    const existing = findCopy(store, record.article.id);
    if (existing) dropped.push(...detachCopy(store, existing));
    insertCopy(store, record, articleRowid);
    if (dropped.length > 0) generation = bumpVectorGeneration(store.db);
  });
  applyVectorChanges(store, generation, dropped, [], null);
}

/**
 * Stores an article with its chunks, FTS rows and vectors in one transaction: a crash leaves the index as it
 * was before this article. An existing single-copy article is replaced in place (its id is kept).
 */
export function writeArticle(store: Store, record: ArticleRecord, embedded: EmbeddedChunks): void {
  const { article } = record;
  const dropped: number[] = [];
  const added: { label: number; vector: Float32Array }[] = [];
  let generation: number | null = null;
  writeTransaction(store.db, () => {
    const existing = findCopy(store, article.id);
    let articleRowid: number;
    const fields = [article.title, article.text, article.url, article.published, article.source, article.author, record.textHash, record.ingestedAt];
    if (existing && countCopies(store, existing.articleRowid) === 1) {
      articleRowid = existing.articleRowid;
      dropped.push(...deleteChunks(store, articleRowid));
      store.db
        .prepare(
          `UPDATE articles SET title = ?, text = ?, url = ?, published = ?, source = ?, author = ?, text_hash = ?, ingested_at = ?
           WHERE rowid = ?`,
        )
        .run(...fields, articleRowid);
      store.db.prepare("UPDATE article_copies SET url = ?, path = ?, content_hash = ? WHERE id = ?").run(article.url, article.path, record.contentHash, article.id);
    } else {
      if (existing) dropped.push(...detachCopy(store, existing));
      articleRowid = Number(
        store.db
          .prepare(
            `INSERT INTO articles (id, title, text, url, published, source, author, text_hash, ingested_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(article.id, ...fields).lastInsertRowid,
      );
      insertCopy(store, record, articleRowid);
    }
    // A chunk is stored as its span of the article's text, which it is read back from.
    const insertChunk = store.db.prepare("INSERT INTO chunks (article_rowid, idx, start, end, embedding) VALUES (?, ?, ?, ?, ?)");
    const insertFts = store.db.prepare("INSERT INTO chunks_fts (rowid, title, body) VALUES (?, ?, ?)");
    embedded.chunks.forEach((chunk, i) => {
      const vector = embedded.vectors?.values[i];
      const blob = vector ? vectorToBlob(vector) : null;
      const rowid = Number(insertChunk.run(articleRowid, chunk.index, chunk.start, chunk.end, blob).lastInsertRowid);
      insertFts.run(rowid, article.title, chunk.text);
      // The cache takes the stored form, so it holds what a rebuild from the database would.
      if (blob) added.push({ label: rowid, vector: blobToVector(blob) });
    });
    if (embedded.vectors && added.length > 0) {
      writeMeta(store.db, "model", embedded.vectors.model);
      writeMeta(store.db, "dimensions", String(added[0]!.vector.length));
    }
    if (dropped.length > 0 || added.length > 0) generation = bumpVectorGeneration(store.db);
  });
  applyVectorChanges(store, generation, dropped, added, embedded.vectors?.model ?? null);
}

/** Removes copies by id; articles left without copies go with their chunks and vectors. */
export function removeCopies(store: Store, copyIds: string[]): number {
  let removedArticles = 0;
  const dropped: number[] = [];
  let generation: number | null = null;
  writeTransaction(store.db, () => {
    for (const copyId of copyIds) {
      const copy = findCopy(store, copyId);
      if (!copy) continue;
      const before = countCopies(store, copy.articleRowid);
      dropped.push(...detachCopy(store, copy));
      if (before === 1) removedArticles += 1;
    }
    if (dropped.length > 0) generation = bumpVectorGeneration(store.db);
  });
  applyVectorChanges(store, generation, dropped, [], null);
  return removedArticles;
}

/** An unchanged article whose file moved: the copy follows the file, so pruning the old path keeps it. */
export function updateCopyPath(store: Store, copyId: string, path: string | null): void {
  writeTransaction(store.db, () => store.db.prepare("UPDATE article_copies SET path = ? WHERE id = ?").run(path, copyId));
}
