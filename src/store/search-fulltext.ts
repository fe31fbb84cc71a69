import { articleFilterSql } from "./read-articles";
import type { ArticleFilter, Store } from "./types";

/** Title matches weigh more than body matches: the headline is evidence for every chunk of its article. */
const TITLE_WEIGHT = 2;
const BODY_WEIGHT = 1;

/**
 * BM25 over chunks for an FTS5 MATCH expression (build it with retrieval's query parser: raw user text
 * is not a safe expression). Scores are positive, higher is better.
 */
export function searchFulltext(
  store: Store,
  matchExpression: string,
  options: { limit: number; filter?: ArticleFilter },
): { rowid: number; score: number }[] {
  const { sql, params } = articleFilterSql(options.filter);
  return store.db
    .prepare(
      `SELECT f.rowid AS rowid, -bm25(chunks_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) AS score
       FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid JOIN articles a ON a.rowid = c.article_rowid
       WHERE chunks_fts MATCH ? AND ${sql}
       ORDER BY bm25(chunks_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) LIMIT ?`,
    )
    .all(matchExpression, ...params, options.limit) as { rowid: number; score: number }[];
}
