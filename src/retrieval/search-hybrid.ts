import type { Embedder } from "../embeddings/types";
import { getArticlesByRowid, getChunks, type Store } from "../store";
import { addArticleEvidence } from "./article-evidence";
import { parseQuery } from "./parse-query";
import { searchKeyword } from "./search-fulltext";
import { searchDense } from "./search-vector";
import { cleanUpPassages } from "./result-hygiene";
import type { Passage, RankedList, SearchRequest, SearchResult } from "./types";

export interface FusionWeights {
  keyword: number;
  dense: number;
  /** The RRF constant: larger flattens the difference between ranks. */
  k: number;
}

/** Keyword leads: measured here, a weak dense model fused at equal weight made results worse than keyword alone. */
export const DEFAULT_WEIGHTS: FusionWeights = { keyword: 1, dense: 0.5, k: 60 };

/** How many candidates each method contributes before fusion. */
const CANDIDATES = 100;

/** Weighted reciprocal rank fusion: sum over methods of weight / (k + rank). */
export function reciprocalRankFusion(lists: { ranked: RankedList; weight: number }[], k: number): Map<number, number> {
  const fused = new Map<number, number>();
  for (const { ranked, weight } of lists) {
    if (weight <= 0) continue;
    ranked.forEach(({ rowid }, rank) => fused.set(rowid, (fused.get(rowid) ?? 0) + weight / (k + rank + 1)));
  }
  return fused;
}

/**
 * Keyword + dense retrieval fused by weighted RRF, then cleaned up: near-duplicates collapsed, a cap per article,
 * ties broken in favour of newer articles. Without an embedder (or its vectors) it is keyword-only.
 */
export async function searchHybrid(
  store: Store,
  embedder: Embedder | null,
  request: SearchRequest,
  weights: FusionWeights = DEFAULT_WEIGHTS,
): Promise<SearchResult> {
  const filter = request.filter ?? {};
  const query = parseQuery(request.query);
  const keywordHits = searchKeyword(store, query, CANDIDATES, filter);
  const keywordChunks = getChunks(
    store,
    keywordHits.map((hit) => hit.rowid),
  );
  const keyword = addArticleEvidence(keywordHits, (rowid) => keywordChunks.get(rowid)?.articleRowid);
  const dense = embedder && query.terms.length > 0 ? await searchDense(store, embedder, request.query, CANDIDATES, filter) : [];
  const fused = reciprocalRankFusion(
    [
      { ranked: keyword, weight: weights.keyword },
      { ranked: dense, weight: weights.dense },
    ],
    weights.k,
  );
  // Keyword candidates were looked up already; only dense-only candidates remain.
  const chunks = new Map([...keywordChunks, ...getChunks(store, [...fused.keys()].filter((rowid) => !keywordChunks.has(rowid)))]);
  const articles = getArticlesByRowid(
    store,
    [...chunks.values()].map((chunk) => chunk.articleRowid),
  );
  const keywordScores = new Map(keywordHits.map(({ rowid, score }) => [rowid, score]));
  const denseScores = new Map(dense.map(({ rowid, score }) => [rowid, score]));
  const passages: Passage[] = [];
  for (const [rowid, score] of fused) {
    const chunk = chunks.get(rowid);
    const article = chunk && articles.get(chunk.articleRowid);
    if (!chunk || !article) continue;
    passages.push({ chunk, article, score, keywordScore: keywordScores.get(rowid) ?? null, denseSimilarity: denseScores.get(rowid) ?? null });
  }
  passages.sort((a, b) => b.score - a.score || (b.article.published ?? "").localeCompare(a.article.published ?? ""));
  return { passages: cleanUpPassages(passages, request.limit, request.perArticle ?? 2), terms: query.terms, filter };
}
