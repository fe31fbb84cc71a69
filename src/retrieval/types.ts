import type { ArticleFilter, StoredArticle, StoredChunk } from "../store";
import type { QueryTerm } from "./parse-query";

/** A retrieved passage with everything a renderer or the answer stage needs. */
export interface Passage {
  chunk: StoredChunk;
  article: StoredArticle;
  /** Fused score, higher is better. */
  score: number;
  /** Raw BM25 score when keyword search found it. */
  keywordScore: number | null;
  /** Cosine similarity when dense search found it. */
  denseSimilarity: number | null;
}

export interface SearchRequest {
  query: string;
  limit: number;
  filter?: ArticleFilter;
  /** Max chunks of one article in the results ("unless asked": Infinity). */
  perArticle?: number;
  /** Words searched besides the query's, which do not become its terms: the answer stage's words for a term the index lacks. */
  otherWords?: string[];
}

export interface SearchResult {
  passages: Passage[];
  /** The query terms that took part (after stop words and any date phrase). */
  terms: QueryTerm[];
  filter: ArticleFilter;
}

/** Ranked candidates of one search method: chunk rowid → score, best first. */
export type RankedList = { rowid: number; score: number }[];
