import { articleFilterSql } from "./read-articles";
import type { ArticleFilter, Store } from "./types";

/** Title matches weigh more than body matches: the headline is evidence for every chunk of its article. */
const TITLE_WEIGHT = 2;
const BODY_WEIGHT = 1;

/** A keyword hit: the chunk, its BM25 score (positive, higher is better) and its article. */
export interface FulltextHit {
  rowid: number;
  score: number;
  articleRowid: number;
}

/**
 * BM25 over chunks for an FTS5 MATCH expression (build it with retrieval's query parser: raw user text
 * is not a safe expression), best first, each with its article. With `within` (another such expression), only the
 * chunks that match it are scored, still by the whole expression: scoring, about 0.5 µs a chunk, is most of a broad
 * query's time, while finding the chunks of the words scored is ten times cheaper.
 */
export function searchFulltext(
  store: Store,
  matchExpression: string,
  options: { limit: number; filter?: ArticleFilter; within?: string },
): FulltextHit[] {
  const { sql, params } = articleFilterSql(options.filter);
  const rank = `bm25(chunks_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT})`;
  // The unary + keeps SQLite from looking each candidate up in FTS5 by rowid: every lookup would be a query of its own.
  const within = (rowid: string) => (options.within === undefined ? "" : `AND +${rowid} IN (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)`);
  const withinParams = options.within === undefined ? [] : [options.within];
  // Without a filter the chunk is joined only to the hits the LIMIT kept: joined before it, at 100k chunks a broad
  // query was 3-4x slower. The subquery's order is kept by ORDER BY score (the join could reorder it).
  // Sorting by the alias computes bm25 once per matching row rather than twice (sort key and column): the sort of
  // all matching rows by bm25 is most of a broad query's time.
  const statement =
    params.length === 0
      ? `SELECT f.rowid AS rowid, -f.bm25 AS score, c.article_rowid AS articleRowid
         FROM (SELECT rowid, ${rank} AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? ${within("rowid")} ORDER BY bm25 LIMIT ?) f
         JOIN chunks c ON c.rowid = f.rowid
         ORDER BY f.bm25`
      : `SELECT f.rowid AS rowid, -${rank} AS score, c.article_rowid AS articleRowid
         FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid JOIN articles a ON a.rowid = c.article_rowid
         WHERE chunks_fts MATCH ? ${within("f.rowid")} AND ${sql}
         ORDER BY ${rank} LIMIT ?`;
  return store.db.prepare(statement).all(matchExpression, ...withinParams, ...params, options.limit) as FulltextHit[];
}
