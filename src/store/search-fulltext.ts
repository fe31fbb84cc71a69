import { prepared } from "./prepared";
import { articleFilterSql } from "./read-articles";
import type { ArticleFilter, Store } from "./types";

/**
 * Title matches weigh more than body matches: the headline is evidence for every chunk of its article. Measured
 * 2026-12-04 keyword-only, answers quoting the answer on the RealTimeQA 2022–23 and 2024 samples (669 and 470
 * questions as of their quiz dates) and right answers of the SQuADShifts/XQuAD sample (of 500): title weight 1: 218,
 * 114, 365; 2: 218, 119, 367; 3: 216, 118, 368. Off-topic answers (10 of 150) and our written questions unchanged.
 */
const TITLE_WEIGHT = 2;
const BODY_WEIGHT = 1;

/** A keyword hit: the chunk and its BM25 score (positive, higher is better). */
export interface FulltextHit {
  rowid: number;
  score: number;
}

/**
 * BM25 over chunks for an FTS5 MATCH expression (build it with retrieval's query parser: raw user text
 * is not a safe expression), best first. With `within` (another such expression), only the
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
  // Without a filter no other table is read: joining the 100 hits to their chunk rows cost about 2 ms at 100k chunks
  // (2026-11-30), pages that the few passages finally shown read again anyway. Sorting by the alias computes bm25
  // once per matching row rather than twice (sort key and column).
  const statement =
    params.length === 0
      ? `SELECT rowid, ${rank} AS bm25 FROM chunks_fts WHERE chunks_fts MATCH ? ${within("rowid")} ORDER BY bm25 LIMIT ?`
      : `SELECT f.rowid AS rowid, ${rank} AS bm25
         FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid JOIN articles a ON a.rowid = c.article_rowid
         WHERE chunks_fts MATCH ? ${within("f.rowid")} AND ${sql}
         ORDER BY bm25 LIMIT ?`;
  const rows = prepared(store.db, statement).all(matchExpression, ...withinParams, ...params, options.limit) as { rowid: number; bm25: number }[];
  return rows.map(({ rowid, bm25 }) => ({ rowid, score: -bm25 }));
}
