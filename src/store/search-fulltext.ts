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
  const rank = `bm25(chunks_fts, ${TITLE_WEIGHT}, ${BODY_WEIGHT})`;
  // Without a filter the joins only cost time: at 100k chunks they made a broad query 3-4x slower.
  const statement =
    params.length === 0
      ? `SELECT rowid, -${rank} AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY ${rank} LIMIT ?`
      : `SELECT f.rowid AS rowid, -${rank} AS score
         FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid JOIN articles a ON a.rowid = c.article_rowid
         WHERE chunks_fts MATCH ? AND ${sql}
         ORDER BY ${rank} LIMIT ?`;
  return store.db.prepare(statement).all(matchExpression, ...params, options.limit) as { rowid: number; score: number }[];
}
