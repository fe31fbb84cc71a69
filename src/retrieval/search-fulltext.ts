import { searchFulltext as searchChunksFulltext, type ArticleFilter, type Store } from "../store";
import type { ParsedQuery } from "./parse-query";
import type { RankedList } from "./types";

/** BM25 over chunk text and article title (SQLite FTS5). */
export function searchKeyword(store: Store, query: ParsedQuery, limit: number, filter: ArticleFilter): RankedList {
  if (!query.matchExpression) return [];
  return searchChunksFulltext(store, query.matchExpression, { limit, filter });
}
