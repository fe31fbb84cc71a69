import { prepared } from "./prepared";
import type { ArticleFilter, Store, StoredArticle, StoredChunk } from "./types";

interface ArticleRow {
  rowid: number;
  id: string;
  title: string;
  text: string;
  url: string | null;
  published: string | null;
  source: string | null;
  author: string | null;
  ingestedAt: string;
  urls: string | null;
}

const ARTICLE_COLUMNS = `a.rowid AS rowid, a.id AS id, a.title AS title, a.text AS text, a.url AS url,
  a.published AS published, a.source AS source, a.author AS author, a.ingested_at AS ingestedAt,
  (SELECT json_group_array(url) FROM article_copies WHERE article_rowid = a.rowid AND url IS NOT NULL) AS urls`;

function toArticle(row: ArticleRow): StoredArticle {
  const urls = row.urls ? (JSON.parse(row.urls) as string[]) : [];
  return { ...row, urls: [...new Set([row.url, ...urls].filter((url): url is string => Boolean(url)))] };
}

/** SQL conditions on the `a` (articles) alias for a filter; dates compare on the ISO prefix. */
export function articleFilterSql(filter: ArticleFilter = {}): { sql: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  if (filter.since) {
    conditions.push("a.published IS NOT NULL AND substr(a.published, 1, 10) >= ?");
    params.push(filter.since.slice(0, 10));
  }
  if (filter.until) {
    conditions.push("a.published IS NOT NULL AND substr(a.published, 1, 10) <= ?");
    params.push(filter.until.slice(0, 10));
  }
  if (filter.source) {
    // `%` and `_` in a source name are letters, not wildcards.
    conditions.push("a.source IS NOT NULL AND lower(a.source) LIKE ? ESCAPE '\\'");
    params.push(`%${filter.source.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { sql: conditions.length ? conditions.join(" AND ") : "1", params };
}

export function getArticle(store: Store, id: string): StoredArticle | null {
  const row = store.db.prepare(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?`).get(id) as ArticleRow | undefined;
  return row ? toArticle(row) : null;
}

export function getArticlesByRowid(store: Store, rowids: number[]): Map<number, StoredArticle> {
  const unique = [...new Set(rowids)];
  const select = prepared(store.db, `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.rowid = ?`);
  const articles = new Map<number, StoredArticle>();
  for (const rowid of unique) {
    const row = select.get(rowid) as ArticleRow | undefined;
    if (row) articles.set(rowid, toArticle(row));
  }
  return articles;
}

/**
 * Articles published (or, if undated, ingested) in [from, to), as ISO instants; newest first. A date-only
 * `published` has no instant: it is matched by its label against `dateOnlyDays`, the caller deciding which
 * calendar days belong to the window (in which time zone).
 */
export function listArticlesBetween(store: Store, from: string, to: string, dateOnlyDays: string[] = []): StoredArticle[] {
  const rows = store.db
    .prepare(
      `SELECT ${ARTICLE_COLUMNS} FROM articles a
       WHERE (length(a.published) > 10 AND a.published >= ? AND a.published < ?)
          OR (a.published IS NULL AND a.ingested_at >= ? AND a.ingested_at < ?)
          OR (length(a.published) = 10 AND a.published IN (SELECT value FROM json_each(?)))
       ORDER BY coalesce(a.published, a.ingested_at) DESC`,
    )
    .all(from, to, from, to, JSON.stringify(dateOnlyDays)) as ArticleRow[];
  return rows.map(toArticle);
}

/**
 * The publication dates nearest a window that holds no article: the newest before it and the oldest after it, of
 * `source` when given. The window is [from, to) as ISO instants and firstDay…lastDay as calendar days, which a
 * date-only `published` is compared with.
 */
export function publishedAround(
  store: Store,
  window: { from: string; to: string; firstDay: string; lastDay: string },
  source?: string,
): { before: string | null; after: string | null } {
  const outlet = articleFilterSql(source ? { source } : {});
  const nearest = (side: "<" | ">", order: "DESC" | "ASC", instant: string, day: string) =>
    (store.db
      .prepare(
        `SELECT a.published FROM articles a
         WHERE ((length(a.published) > 10 AND a.published ${side === "<" ? "<" : ">="} ?) OR (length(a.published) = 10 AND a.published ${side} ?))
           AND ${outlet.sql}
         ORDER BY a.published ${order} LIMIT 1`,
      )
      .pluck()
      .get(instant, day, ...outlet.params) as string | undefined) ?? null;
  return { before: nearest("<", "DESC", window.from, window.firstDay), after: nearest(">", "ASC", window.to, window.lastDay) };
}

/** Titles containing `text` (case-insensitive), newest first, for autocomplete. */
export function findArticlesByTitle(store: Store, text: string, limit: number): StoredArticle[] {
  const rows = store.db
    .prepare(
      `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.title LIKE ? ESCAPE '\\'
       ORDER BY coalesce(a.published, a.ingested_at) DESC LIMIT ?`,
    )
    .all(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit) as ArticleRow[];
  return rows.map(toArticle);
}

type ChunkRow = Omit<StoredChunk, "chunkId" | "text"> & { articleText: string };

/**
 * Chunks by rowid, with their text: a chunk is stored as its span of the article's text and sliced out here,
 * in JavaScript, because the offsets count UTF-16 code units and SQLite's substr counts characters.
 */
export function getChunks(store: Store, rowids: number[]): Map<number, StoredChunk> {
  const select = prepared(
    store.db,
    `SELECT c.rowid AS rowid, c.article_rowid AS articleRowid, a.id AS articleId, c.idx AS "index",
            c.start AS start, c.end AS end, a.text AS articleText
     FROM chunks c JOIN articles a ON a.rowid = c.article_rowid WHERE c.rowid = ?`,
  );
  const chunks = new Map<number, StoredChunk>();
  for (const rowid of new Set(rowids)) {
    const row = select.get(rowid) as ChunkRow | undefined;
    if (!row) continue;
    const { articleText, ...chunk } = row;
    chunks.set(rowid, { ...chunk, text: articleText.slice(chunk.start, chunk.end), chunkId: `${row.articleId}#${row.index}` });
  }
  return chunks;
}

/** A chunk's text with what identifies and dates it. */
export interface ChunkText {
  rowid: number;
  articleId: string;
  title: string;
  published: string | null;
  text: string;
}

/**
 * Every chunk with its text and its article's id, title and date, in rowid order (for exports and benchmarks):
 * an article's chunks have consecutive rowids, so each article's text is read once.
 */
export function* iterateChunkTexts(store: Store): Generator<ChunkText> {
  // Read in pages: the connection cannot run the article query while an iteration over chunks is open.
  const selectPage = store.db.prepare("SELECT rowid, article_rowid AS articleRowid, start, end FROM chunks WHERE rowid > ? ORDER BY rowid LIMIT 10000");
  const selectArticle = store.db.prepare("SELECT id, title, published, text FROM articles WHERE rowid = ?");
  type ArticleText = { id: string; title: string; published: string | null; text: string };
  let articleRowid = -1;
  let article: ArticleText | undefined;
  for (let after = 0; ; ) {
    const page = selectPage.all(after) as { rowid: number; articleRowid: number; start: number; end: number }[];
    if (page.length === 0) return;
    for (const chunk of page) {
      if (chunk.articleRowid !== articleRowid) {
        articleRowid = chunk.articleRowid;
        article = selectArticle.get(articleRowid) as ArticleText;
      }
      const { id, title, published, text } = article!;
      yield { rowid: chunk.rowid, articleId: id, title, published, text: text.slice(chunk.start, chunk.end) };
    }
    after = page.at(-1)!.rowid;
  }
}

/** The article of each chunk, with its publication date: what ranking needs before any text is read. */
export function getChunkOwners(store: Store, rowids: number[]): Map<number, { articleRowid: number; published: string | null }> {
  const rows = store.db
    .prepare(
      `SELECT c.rowid AS rowid, c.article_rowid AS articleRowid, a.published AS published
       FROM chunks c JOIN articles a ON a.rowid = c.article_rowid WHERE c.rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([...new Set(rowids)])) as { rowid: number; articleRowid: number; published: string | null }[];
  return new Map(rows.map(({ rowid, ...owner }) => [rowid, owner]));
}

/** Rowids of the chunks whose article passes the filter (for filtering dense search). */
export function chunkRowidsMatching(store: Store, filter: ArticleFilter): Set<number> {
  const { sql, params } = articleFilterSql(filter);
  const rowids = store.db
    .prepare(`SELECT c.rowid FROM chunks c JOIN articles a ON a.rowid = c.article_rowid WHERE ${sql}`)
    .pluck()
    .all(...params) as number[];
  return new Set(rowids);
}

/** Copy ids with the file each came from, for pruning. */
export function listCopyPaths(store: Store): { id: string; path: string }[] {
  return store.db.prepare("SELECT id, path FROM article_copies WHERE path IS NOT NULL").all() as { id: string; path: string }[];
}

export function listCopyIdsFromPath(store: Store, path: string): string[] {
  return store.db.prepare("SELECT id FROM article_copies WHERE path = ?").pluck().all(path) as string[];
}
